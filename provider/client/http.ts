/**
 * The transport: the axios instance, one HTTP attempt (a parsed 2xx response, or a typed error), the retry loop of
 * idempotent requests, the rate limiter around every request, and the streamed requests for CSV data.
 *
 * What it hands off: turning a failed attempt into a typed error is error-mapping.ts; what the debug log says, and its
 * redaction, is debug-log.ts; which writes may be retried after an ambiguous failure is the callers' (client.ts and
 * its helpers).
 *
 * Security: the token lives only in a private field and is added to each request's headers; axios errors (which embed
 * the request config, headers included) never leave this module (error-mapping.ts reads only their code and message);
 * every text from the server or from axios is scrubbed of the token and of the request's own secret values (a server
 * may quote them in a 422) before it reaches an error or a log line.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { AxiosInstance, AxiosResponse, CreateAxiosDefaults } from "axios";
import { createDebugLog, outcomeLine, requestLine, streamLine } from "./debug-log";
import { normaliseEndpoint, isLoopbackHost } from "./endpoint";
import { networkError, responseError, type FailedRequest, type FailedResponse } from "./error-mapping";
import { DataRobotApiError, NetworkError } from "./errors";
import { AdaptiveRateLimiter, createRateLimiter, DEFAULT_REQUESTS_PER_SECOND } from "./rate-limit";
import { requestSecrets, textScrubber } from "./redact";
import { DEFAULT_RETRY_POLICY, parseRetryAfter, RetryEnvironment, RetryLoop, runWithRetries } from "./retry";
import { openStream, type StreamRequest } from "./stream";
import { DataRobotClientOptions } from "./types";
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

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

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
  /** Made on the first request (see `axios()`), from these settings. */
  #axiosInstance: AxiosInstance | undefined;
  readonly #axiosSettings: CreateAxiosDefaults;
  readonly #userAgent: string;
  readonly #limiter: AdaptiveRateLimiter | undefined;
  readonly #timeoutMs: number;
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
    const sleep = options.sleep ?? defaultSleep;
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
    // Never at module scope: the provider object is serialized by Pulumi.
    this.#axiosSettings = {
      baseURL: this.endpoint,
      timeout: this.#timeoutMs,
      maxRedirects: 0, // DataRobot serves canonical paths directly; a redirect would drop PATCH bodies.
      validateStatus: () => true, // every status is mapped by us, into our own errors
      responseType: "text",
      transformResponse: [(data: unknown) => data],
      // Proxies (HTTPS_PROXY) are honoured for real hosts, never for the local emulator.
      proxy: isLoopbackHost(new URL(this.endpoint).hostname) ? false : undefined,
      httpAgent: new http.Agent({ keepAlive: true, ...(options.lookup && { lookup: options.lookup }) }),
      httpsAgent: new https.Agent({ keepAlive: true, ...(options.lookup && { lookup: options.lookup }) }),
      headers: { Accept: "application/json", "User-Agent": this.#userAgent },
    };
  }

  /**
   * The axios instance, made on the first request. axios is loaded then too, not with this module: loading it is
   * about 140 ms of CPU, more than half of the provider's start-up, and a preview (check and diff only) sends no
   * request at all (bench/README.md, "The program, the provider process and the client").
   */
  private axios(): AxiosInstance {
    if (!this.#axiosInstance) {
      const axios = (require("axios") as typeof import("axios")).default;
      this.#axiosInstance = axios.create(this.#axiosSettings);
    }
    return this.#axiosInstance;
  }

  /** One attempt. Resolves with a 2xx response; throws a typed DataRobotApiError otherwise. */
  async send(request: HttpRequest, attemptNumber: number): Promise<HttpResponse> {
    const { log, now } = this.retryEnv;
    const waited = this.#limiter ? await this.#limiter.take() : 0;
    const url = request.path + queryString(request.query);
    const label = `${request.method} ${request.path}`;
    if (this.#logging) log(requestLine(request, url, attemptNumber, waited, [this.#token]));
    const started = now();
    let response: AxiosResponse<unknown>;
    try {
      response = await this.axios().request({
        method: request.method,
        url,
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        headers: {
          Authorization: `Bearer ${this.#token}`,
          ...(request.body === undefined ? {} : { "Content-Type": "application/json" }),
        },
      });
    } catch (caught) {
      const error = this.networkError(caught, request);
      log(outcomeLine(label, `failed ${error.code}`, now() - started, attemptNumber));
      throw error;
    }
    const status = response.status;
    const contentType = String(response.headers["content-type"] ?? "");
    const data = parseBody(response.data, contentType);
    // HTTP dates are wall-clock time, so Date.now (not the injectable operation clock) is the right reference here.
    const retryAfterMs = parseRetryAfter(response.headers["retry-after"] as string | undefined, Date.now());
    log(outcomeLine(label, status, now() - started, attemptNumber));
    if (status >= 200 && status < 300) return { status, data, retryAfterMs };
    if (status === 429) this.#limiter?.throttled(retryAfterMs);
    throw this.responseError(request, { status, data, retryAfterMs, location: response.headers["location"] });
  }

  /** An idempotent request (GET, PATCH, DELETE): retried on 429, 502-504 and network failures. */
  request(request: HttpRequest, overrides: Partial<RetryLoop<HttpResponse>> = {}): Promise<HttpResponse> {
    return runWithRetries(this.retryEnv, {
      method: request.method,
      path: request.path,
      attempt: (attemptNumber) => this.send(request, attemptNumber),
      decide: (error) => (error.retryable ? "retry" : "fail"),
      ...overrides,
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
    if (this.#limiter) await this.#limiter.take();
    log(streamLine(label));
    const started = now();
    let response: import("node:http").IncomingMessage;
    try {
      response = await openStream(
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
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response) {
      // An error body is small; never hold more than 64 KiB of whatever the server sent.
      if (size < 65_536) chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    const data = parseBody(Buffer.concat(chunks).toString("utf8"), response.headers["content-type"]);
    const retryAfterMs = parseRetryAfter(response.headers["retry-after"], Date.now());
    if (status === 429) this.#limiter?.throttled(retryAfterMs);
    throw this.responseError({ method: request.method, path }, { status, data, retryAfterMs });
  }

  /** Scrubs the token, and the secret values of each `requestBody` given, out of a text from the server or axios. */
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

  /** The typed error of a request without a response (the axios error itself goes no further). */
  private networkError(caught: unknown, request: FailedRequest & { body?: unknown }): NetworkError {
    return networkError(caught, request, this.#timeoutMs, (text) => this.scrub(text, request.body));
  }
}
