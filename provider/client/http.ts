/**
 * The transport: one HTTP attempt (a parsed 2xx response, or a typed error; the wire itself is exchange.ts), the retry
 * loop of idempotent requests, the rate limiter around every request, and the streamed requests for CSV data.
 *
 * What it hands off: turning a failed attempt into a typed error is error-mapping.ts; what the debug log says, and its
 * redaction, is debug-log.ts; which writes may be retried after an ambiguous failure is the callers' (client.ts and
 * its helpers).
 *
 * Security: the token lives only in a private field and is added to each request's headers; a failed request's own
 * error object never leaves this module (error-mapping.ts reads only its code and message); every text from the
 * server or from Node is scrubbed of the token and of the request's own secret values (a server may quote them in a
 * 422) before it reaches an error or a log line.
 */
import { createDebugLog, outcomeLine, requestLine, streamLine } from "./debug-log";
import { normaliseEndpoint } from "./endpoint";
import { exchange, type ExchangeResult } from "./exchange";
import { networkError, responseError, type FailedRequest, type FailedResponse } from "./error-mapping";
import { createApiError, DataRobotApiError, NetworkError, ResponseTooLargeError } from "./errors";
import { Connections } from "./proxy";
import { AdaptiveRateLimiter, createRateLimiter, DEFAULT_REQUESTS_PER_SECOND, LimiterWaitRefused } from "./rate-limit";
import { requestSecrets, textScrubber } from "./redact";
import {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  RetryEnvironment,
  RetryLoop,
  runWithRetries,
  type AttemptContext,
} from "./retry";
import { abortableSleep } from "./sleep";
import { openStream, type StreamRequest } from "./stream";
import { DataRobotClientOptions, DEFAULT_MAX_RESPONSE_BYTES, type OperationLimits } from "./types";
import { userAgent } from "./user-agent";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

export interface HttpRequest {
  method: HttpMethod;
  /** Path relative to the API base, starting with "/", e.g. "/batchPredictionJobDefinitions/". */
  path: string;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON, the raw text when it is not JSON, or undefined for an empty body. */
  data: unknown;
  /** The server's Retry-After in milliseconds, when present (a polling hint on job status). */
  retryAfterMs?: number;
}

/** How much of an error response's body is read (its status is what matters; the rest is drained no further). */
export const ERROR_BODY_PREFIX_BYTES = 65_536;

/** The shortest time one attempt gets, however little is left of its operation's budget. */
const MIN_ATTEMPT_MS = 1000;

/** How long reading an error response's body may take at most: a server that trickles it must not hold the error. */
const ERROR_BODY_READ_MS = 5_000;

function parseBody(text: unknown, contentType: string | undefined): unknown {
  if (typeof text !== "string") return text;
  if (text.trim() === "") return undefined;
  const looksJson = /json/i.test(contentType ?? "") || /^[\s]*[[{]/.test(text);
  if (looksJson) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function queryString(query: HttpRequest["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export class HttpCore {
  readonly endpoint: string;
  readonly retryEnv: RetryEnvironment;
  readonly #token: string;
  /** The keep-alive connections, direct or through a proxy (proxy.ts). */
  readonly #connections: Connections;
  readonly #userAgent: string;
  readonly #limiter: AdaptiveRateLimiter | undefined;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  /** Whether anything reads the log lines: without, the per-request line (a redacted copy of the body) is not built. */
  readonly #logging: boolean;

  constructor(options: DataRobotClientOptions) {
    if (typeof options.token !== "string" || options.token.trim() === "") {
      throw new Error("DataRobot API token is empty: set datarobot:apiToken or DATAROBOT_API_TOKEN");
    }
    this.endpoint = normaliseEndpoint(options.endpoint, { allowInsecureHttp: options.allowInsecureHttp });
    this.#token = options.token.trim();
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? abortableSleep;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const debugLog = createDebugLog(options.logger, [this.#token]);
    this.#logging = debugLog.enabled;
    this.retryEnv = {
      policy: {
        ...DEFAULT_RETRY_POLICY,
        maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
        deadlineMs: options.retryDeadlineMs ?? DEFAULT_RETRY_POLICY.deadlineMs,
      },
      sleep,
      now,
      random: options.random ?? Math.random,
      log: debugLog.write,
    };
    this.#limiter = createRateLimiter(options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND, now, sleep);
    this.#userAgent = userAgent(options.userAgentSuffix);
    this.#connections = new Connections({
      ...(options.lookup && { lookup: options.lookup }),
      ...(options.env && { env: options.env }),
    });
  }

  /** The deadline and signal of one operation from the caller's limits (the retry policy's budget at most). */
  limitsOf(limits: OperationLimits = {}): { deadlineAt: number; signal?: AbortSignal } {
    const { now, policy } = this.retryEnv;
    const budget = Math.min(policy.deadlineMs, limits.timeoutMs ?? Infinity);
    return { deadlineAt: now() + Math.max(0, budget), ...(limits.signal ? { signal: limits.signal } : {}) };
  }

  /**
   * Waits for the rate limiter within the operation's deadline and signal. A wait beyond the deadline is not
   * started: the request fails unsent, as a 429 carrying the wait as its Retry-After, which the retry loop turns into
   * a DeadlineExceededError saying how long and what to do.
   */
  private async takeToken(request: FailedRequest, context: AttemptContext | undefined): Promise<number> {
    if (!this.#limiter) return 0;
    try {
      return await this.#limiter.take(context ?? {});
    } catch (error) {
      if (!(error instanceof LimiterWaitRefused)) throw error;
      throw createApiError({
        status: 429,
        method: request.method,
        path: request.path,
        apiMessage: error.message,
        retryAfterMs: error.waitMs,
      });
    }
  }

  /**
   * One attempt. Resolves with a 2xx response; throws a typed DataRobotApiError otherwise. `context` is the
   * operation's deadline and signal (from the retry loop); without one, the attempt waits for the limiter unbounded.
   */
  async send(request: HttpRequest, attemptNumber: number, context?: AttemptContext): Promise<HttpResponse> {
    const { log, now } = this.retryEnv;
    const waited = await this.takeToken(request, context);
    const url = request.path + queryString(request.query);
    const label = `${request.method} ${request.path}`;
    if (this.#logging) log(requestLine(request, url, attemptNumber, waited, [this.#token]));
    const started = now();
    // An attempt ends by the operation's deadline too (so "2 minutes per operation" holds), but gets at least
    // MIN_ATTEMPT_MS: the last poll of a run, sent at its deadline, must still be able to see the job finished.
    const timeoutMs = context
      ? Math.min(this.#timeoutMs, Math.max(MIN_ATTEMPT_MS, Math.ceil(context.deadlineAt - started)))
      : this.#timeoutMs;
    let response: ExchangeResult;
    try {
      response = await exchange(this.#connections, {
        method: request.method,
        url: new URL(this.endpoint + url),
        timeoutMs,
        maxBytes: this.#maxResponseBytes,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        headers: {
          Accept: "application/json",
          "User-Agent": this.#userAgent,
          Authorization: `Bearer ${this.#token}`,
          ...(request.body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(context?.signal ? { signal: context.signal } : {}),
      });
    } catch (caught) {
      if (context?.signal?.aborted) throw context.signal.reason ?? caught;
      const tooLarge = this.tooLarge(caught, request);
      if (tooLarge) {
        log(outcomeLine(label, "failed: response too large", now() - started, attemptNumber));
        throw tooLarge;
      }
      const error = this.networkError(caught, request, timeoutMs);
      log(outcomeLine(label, `failed ${error.code}`, now() - started, attemptNumber));
      throw error;
    }
    const status = response.status;
    const contentType = String(response.headers["content-type"] ?? "");
    const data = parseBody(response.text, contentType);
    // HTTP dates are wall-clock time, so Date.now (not the injectable operation clock) is the right reference here.
    const retryAfterMs = parseRetryAfter(response.headers["retry-after"] as string | undefined, Date.now());
    log(outcomeLine(label, status, now() - started, attemptNumber));
    if (status >= 200 && status < 300) return { status, data, retryAfterMs };
    if (status === 429) this.throttled(retryAfterMs, context);
    throw this.responseError(request, { status, data, retryAfterMs, location: response.headers["location"] });
  }

  /**
   * A 429 came back: the limiter slows down, and pauses every caller only for a Retry-After this operation can wait
   * out before its deadline. A longer one (3600 s) fails this operation (retry.ts) and must not freeze the others:
   * the client is shared by every resource of a provider process.
   */
  private throttled(retryAfterMs: number | undefined, context: AttemptContext | undefined): void {
    const honoured =
      retryAfterMs !== undefined && (context === undefined || this.retryEnv.now() + retryAfterMs <= context.deadlineAt)
        ? retryAfterMs
        : undefined;
    this.#limiter?.throttled(honoured);
  }

  /** An answer beyond `maxResponseBytes` was refused: the typed error naming the limit (never retried). */
  private tooLarge(caught: unknown, request: FailedRequest): ResponseTooLargeError | undefined {
    if ((caught as { code?: unknown } | null)?.code !== "ERR_RESPONSE_TOO_LARGE") return undefined;
    return new ResponseTooLargeError({
      status: 0,
      method: request.method,
      path: request.path,
      apiMessage:
        `the response body is larger than ${formatBytes(this.#maxResponseBytes)} (maxResponseBytes), ` +
        "so it was not read further; this is not an answer of the DataRobot API. Check the endpoint (a proxy or " +
        "another server may be answering), or raise maxResponseBytes if the answer is legitimate",
    });
  }

  /**
   * An idempotent request (GET, PATCH, DELETE): retried on 429, 502-504 and network failures, within the caller's
   * limits (timeout, signal) and the policy's deadline.
   */
  request(
    request: HttpRequest,
    overrides: Partial<RetryLoop<HttpResponse>> = {},
    limits: OperationLimits = {},
  ): Promise<HttpResponse> {
    const { deadlineAt, signal } = this.limitsOf(limits);
    return runWithRetries(this.retryEnv, {
      method: request.method,
      path: request.path,
      attempt: (attemptNumber, context) => this.send(request, attemptNumber, context),
      decide: (error) => (error.retryable ? "retry" : "fail"),
      deadlineAt,
      ...(signal ? { signal } : {}),
      ...overrides,
      ...(overrides.deadlineAt !== undefined ? { deadlineAt: Math.min(overrides.deadlineAt, deadlineAt) } : {}),
    });
  }

  /**
   * One streamed request (a CSV upload or download) to an absolute URL the API returned (`links.csvUpload`,
   * `links.download`). Never retried: a request body stream cannot be replayed. The token is only sent to the
   * endpoint's own origin. Resolves with the 2xx response (its body unread); throws the typed error otherwise.
   */
  async stream(request: StreamRequest): Promise<import("node:http").IncomingMessage> {
    const { log, now } = this.retryEnv;
    const target = new URL(request.url);
    const base = new URL(this.endpoint);
    if (target.origin !== base.origin)
      throw new TypeError(
        `DataRobot client: refusing to send the API token to ${target.origin} (the endpoint is ${base.origin})`,
      );
    const path = target.pathname.startsWith(base.pathname)
      ? target.pathname.slice(base.pathname.length)
      : target.pathname;
    const label = `${request.method} ${path}`;
    await this.takeToken(
      { method: request.method, path },
      { deadlineAt: this.limitsOf().deadlineAt, ...(request.signal ? { signal: request.signal } : {}) },
    );
    log(streamLine(label));
    const started = now();
    let response: import("node:http").IncomingMessage;
    try {
      response = await openStream(
        this.#connections,
        request,
        {
          Authorization: `Bearer ${this.#token}`,
          "User-Agent": this.#userAgent,
        },
        this.#timeoutMs,
      );
    } catch (caught) {
      const error = this.networkError(caught, { method: request.method, path });
      log(outcomeLine(label, `failed ${error.code}`, now() - started));
      throw error;
    }
    const status = response.statusCode ?? 0;
    log(outcomeLine(label, status, now() - started));
    if (status >= 200 && status < 300) return response;
    const prefix = await readPrefix(response, ERROR_BODY_PREFIX_BYTES, ERROR_BODY_READ_MS);
    const data = parseBody(prefix, response.headers["content-type"]);
    const retryAfterMs = parseRetryAfter(response.headers["retry-after"], Date.now());
    // Streams are never retried, so no Retry-After of theirs is waited out by anyone: slow down, pause nobody.
    if (status === 429) this.#limiter?.throttled();
    throw this.responseError({ method: request.method, path }, { status, data, retryAfterMs });
  }

  /** Scrubs the token, and the secret values of each `requestBody` given, out of a text from the server or from Node. */
  scrub(text: string, ...requestBodies: unknown[]): string {
    return this.scrubber(...requestBodies)(text);
  }

  /** `scrub` with the secrets prepared once, for many texts. */
  scrubber(...requestBodies: unknown[]): (text: string) => string {
    return textScrubber([this.#token, ...requestBodies.flatMap((body) => requestSecrets(body))]);
  }

  /** The typed error of a non-2xx answer, its texts scrubbed of the token and of the request's own secrets. */
  private responseError(request: FailedRequest & { body?: unknown }, response: FailedResponse): DataRobotApiError {
    return responseError(request, response, (text) => this.scrub(text, request.body));
  }

  /** The typed error of a request without a response (the caught error itself goes no further). */
  private networkError(
    caught: unknown,
    request: FailedRequest & { body?: unknown },
    timeoutMs = this.#timeoutMs,
  ): NetworkError {
    return networkError(caught, request, timeoutMs, (text) => this.scrub(text, request.body));
  }
}

/**
 * The first `maxBytes` of a response body, read for at most `maxMs`, then the response is destroyed: an error
 * answer's status is what the caller needs, and a server sending an endless (or trickling) error body must not hold
 * it. A body that fails midway gives what had arrived.
 */
async function readPrefix(response: import("node:http").IncomingMessage, maxBytes: number, maxMs: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  const timer = setTimeout(() => response.destroy(), maxMs);
  try {
    for await (const chunk of response) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= maxBytes) break; // leaving the loop destroys the response
    }
  } catch {
    // cut off (timer, reset): report the status with what arrived
  } finally {
    clearTimeout(timer);
    response.destroy();
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8");
}

/** "32 MiB": a byte limit as a person reads it. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ["GiB", 2 ** 30],
    ["MiB", 2 ** 20],
    ["KiB", 2 ** 10],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}
