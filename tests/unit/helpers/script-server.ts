/**
 * Test helpers for the client unit tests: a tiny scripted HTTP server (node:http), a fake clock whose sleep advances
 * time without waiting, and a collector of every error the tests see (to prove the token never leaks).
 */
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { DataRobotClient, DataRobotClientOptions } from "../../../provider/client";
import { leakCollector } from "../../fixtures/leak-check";

export const TOKEN = "tok-SECRET-6f1c2b9e8a7d4c3b";

export interface RecordedRequest {
  method: string;
  /** Path after /api/v2, as sent (incl. trailing slash). */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface Scripted {
  status?: number;
  headers?: Record<string, string>;
  /** JSON body (objects) or raw text (strings). */
  body?: unknown;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type Handler = (request: RecordedRequest, index: number) => Scripted;

/** A server that answers from a queue of scripted responses, then from a fallback handler. */
export class ScriptServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Scripted[] = [];
  private server!: http.Server;
  port = 0;

  constructor(private fallback: Handler = () => ({ status: 599, body: { message: "unscripted request" } })) {}

  static async start(fallback?: Handler): Promise<ScriptServer> {
    const s = new ScriptServer(fallback);
    await s.listen();
    return s;
  }

  /** Starts listening on a free loopback port. */
  async listen(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** The API base of this server. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/v2`;
  }

  reply(...responses: Scripted[]): this {
    this.queue.push(...responses);
    return this;
  }

  onRequest(handler: Handler): this {
    this.fallback = handler;
    return this;
  }

  count(method: string, pathPrefix = ""): number {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = null;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: url.pathname.replace(/^\/api\/v2/, ""),
        query: Object.fromEntries(url.searchParams.entries()),
        headers: req.headers,
        body,
      };
      const index = this.requests.length;
      this.requests.push(recorded);
      const scripted = this.queue.length > 0 ? this.queue.shift()! : this.fallback(recorded, index);
      const answer = () => {
        if (scripted.drop) {
          req.socket.destroy();
          return;
        }
        const isText = typeof scripted.body === "string";
        const payload =
          scripted.body === undefined ? "" : isText ? (scripted.body as string) : JSON.stringify(scripted.body);
        res.writeHead(scripted.status ?? 200, {
          ...(scripted.body === undefined ? {} : { "Content-Type": isText ? "text/plain" : "application/json" }),
          ...scripted.headers,
        });
        res.end(payload);
      };
      if (scripted.delayMs) setTimeout(answer, scripted.delayMs);
      else answer();
    });
  }
}

/**
 * One ScriptServer for the enclosing test file (or describe block): listening before its tests, its request record
 * cleared before each, closed after them, and then every error and log line they saw checked for the token.
 */
export function useScriptServer(): ScriptServer {
  const server = new ScriptServer();
  beforeAll(() => server.listen());
  beforeEach(() => {
    server.requests.length = 0;
  });
  afterAll(async () => {
    await server.close();
    assertNoSecretLeak();
  });
  return server;
}

/** A clock that only moves when the code under test sleeps (or the test advances it). */
export function fakeTime(start = 1_700_000_000_000) {
  let current = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => current,
    advance: (ms: number) => {
      current += ms;
    },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      current += ms;
    },
  };
}

const leaks = leakCollector();

/** Every error seen by a test file; `assertNoSecretLeak` checks them all at the end. */
export const { seenErrors, logLines } = leaks;

/** Awaits a promise that must reject; records and returns the error. */
export const caught = leaks.caught;

/** A client for a test server: fake time, no rate limit, a captured log. */
export function testClient(server: ScriptServer, overrides: Partial<DataRobotClientOptions> = {}) {
  const time = fakeTime();
  const client = new DataRobotClient({
    endpoint: server.url,
    token: TOKEN,
    requestsPerSecond: 0,
    sleep: time.sleep,
    now: time.now,
    random: () => 0.5,
    logger: (line) => logLines.push(line),
    ...overrides,
  });
  return { client, time };
}

/** Fails if the token appears in any error (JSON, util.inspect, stack, message) or log line seen in this file. */
export function assertNoSecretLeak(secrets: string[] = [TOKEN]): void {
  leaks.assertNoLeak(secrets);
}

/** A definition as the API returns it. */
export function definition(id: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name,
    enabled: false,
    schedule: null,
    batchPredictionJob: { deploymentId: "5f0000000000000000000001", numConcurrent: 1 },
    created: new Date().toISOString(),
    ...extra,
  };
}

/** A batch prediction job as the API returns it, of definition `definitionId`. */
export function job(id: string, status: string, definitionId = "d1") {
  return {
    id,
    status,
    percentageCompleted: 0,
    links: { self: `http://x/api/v2/batchPredictions/${id}/` },
    batchPredictionJobDefinition: { id: definitionId, name: "n" },
  };
}

export function envelope(data: unknown[], next: string | null = null) {
  return { count: data.length, totalCount: data.length, next, previous: null, data };
}
