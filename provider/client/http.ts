/**
 * The request core: one HTTP attempt through axios turned into either a parsed response or a typed error, plus the
 * retry loop for idempotent requests.
 *
 * Security: the token lives only in a private field and is added to each request's headers; axios errors (which embed
 * the request config, headers included) never leave this module; every text from the server or from axios is
 * scrubbed of the token and of the request's own secret values (a server may quote them in a 422) before it reaches an
 * error or a log line.
 */
import * as http from "node:http";
import * as https from "node:https";
import axios, { AxiosInstance, AxiosResponse } from "axios";
import { normaliseEndpoint, isLoopbackHost } from "./endpoint";
import { createApiError, DataRobotApiError, NetworkError } from "./errors";
import { AdaptiveRateLimiter, createRateLimiter, DEFAULT_REQUESTS_PER_SECOND } from "./rate-limit";
import { redactedJson, redactText, requestSecrets } from "./redact";
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

/** Node error codes meaning the request never reached the server, so retrying cannot duplicate anything. */
const CONNECT_PHASE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);

const NETWORK_DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ECONNRESET: "connection closed before a response was received",
  EPIPE: "connection closed while sending",
  ECONNABORTED: "timed out",
  ETIMEDOUT: "timed out",
};

/** Whether a failed request may nevertheless have been carried out by the server. */
export function isAmbiguousFailure(error: DataRobotApiError): boolean {
  if (error instanceof NetworkError) return error.phase === "sent";
  // A gateway error or an unavailable backend may come after the request was forwarded and handled.
  return error.status >= 500;
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The debug log (DATAROBOT_BATCH_DEBUG), or undefined when it is off. */
function defaultLogger(): ((line: string) => void) | undefined {
  const flag = process.env.DATAROBOT_BATCH_DEBUG;
  if (flag === "1" || flag?.toLowerCase() === "true") {
    return (line) => process.stderr.write(`[datarobot-batch] ${line}\n`);
  }
  return undefined;
}

/** DataRobot's `errors` object flattened to dotted field paths ("intakeSettings.url", "schedule.hour[2]"). */
export function flattenFieldErrors(
  errors: unknown,
  prefix = "",
  out: Record<string, string> = {},
): Record<string, string> {
  if (errors === null || errors === undefined) return out;
  if (typeof errors !== "object") {
    out[prefix || "body"] = String(errors);
    return out;
  }
  if (Array.isArray(errors)) {
    if (errors.every((item) => typeof item !== "object" || item === null)) {
      out[prefix || "body"] = errors.map(String).join("; ");
    } else {
      errors.forEach((item, index) => flattenFieldErrors(item, `${prefix}[${index}]`, out));
    }
    return out;
  }
  for (const [key, value] of Object.entries(errors as Record<string, unknown>)) {
    flattenFieldErrors(value, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
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
  readonly #axios: AxiosInstance;
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
    const sink = options.logger ?? defaultLogger();
    const secrets = [this.#token];
    this.#logging = sink !== undefined;
    this.retryEnv = {
      policy: {
        ...DEFAULT_RETRY_POLICY,
        maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
        deadlineMs: options.retryDeadlineMs ?? DEFAULT_RETRY_POLICY.deadlineMs,
      },
      sleep,
      now,
      random: options.random ?? Math.random,
      // Belt and braces: whatever a line contains, the token is cut out of it. Without a log, nothing is built.
      log: sink ? (line) => sink(redactText(line, secrets)) : () => undefined,
    };
    this.#limiter = createRateLimiter(options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND, now, sleep);
    // Created here, never at module scope: the provider object is serialized by Pulumi.
    this.#axios = axios.create({
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
      headers: { Accept: "application/json", "User-Agent": userAgent(options.userAgentSuffix) },
    });
  }

  /** One attempt. Resolves with a 2xx response; throws a typed DataRobotApiError otherwise. */
  async send(request: HttpRequest, attemptNumber: number): Promise<HttpResponse> {
    const { log, now } = this.retryEnv;
    const waited = this.#limiter ? await this.#limiter.take() : 0;
    const url = request.path + queryString(request.query);
    const label = `${request.method} ${request.path}`;
    if (this.#logging)
      log(
        `→ ${request.method} ${url} attempt=${attemptNumber}` +
          (waited > 0 ? ` rateLimitWait=${waited}ms` : "") +
          (request.body !== undefined ? ` body=${redactedJson(request.body, [this.#token])}` : ""),
      );
    const started = now();
    let response: AxiosResponse<unknown>;
    try {
      response = await this.#axios.request({
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
      log(`← ${label} failed ${error.code} attempt=${attemptNumber} ${now() - started}ms`);
      throw error;
    }
    const status = response.status;
    const contentType = String(response.headers["content-type"] ?? "");
    const data = parseBody(response.data, contentType);
    // HTTP dates are wall-clock time, so Date.now (not the injectable operation clock) is the right reference here.
    const retryAfterMs = parseRetryAfter(response.headers["retry-after"] as string | undefined, Date.now());
    log(`← ${label} ${status} attempt=${attemptNumber} ${now() - started}ms`);
    if (status >= 200 && status < 300) return { status, data, retryAfterMs };
    if (status === 429) this.#limiter?.throttled(retryAfterMs);
    throw this.responseError(request, status, data, retryAfterMs, response.headers["location"]);
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
    log(`→ ${label} (stream)`);
    const started = now();
    let response: import("node:http").IncomingMessage;
    try {
      response = await openStream(
        request,
        {
          Authorization: `Bearer ${this.#token}`,
          "User-Agent": String(this.#axios.defaults.headers["User-Agent"]),
        },
        this.#timeoutMs,
      );
    } catch (caught) {
      const error = this.networkError(caught, { method: request.method as HttpMethod, path });
      log(`← ${label} failed ${error.code} ${now() - started}ms`);
      throw error;
    }
    const status = response.statusCode ?? 0;
    log(`← ${label} ${status} ${now() - started}ms`);
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
    throw this.responseError({ method: request.method as HttpMethod, path }, status, data, retryAfterMs, undefined);
  }

  /** Scrubs the token, and the secret values of `requestBody` when given, out of a text from the server or axios. */
  scrub(text: string, requestBody?: unknown): string {
    return redactText(text, [this.#token, ...requestSecrets(requestBody)]);
  }

  private responseError(
    request: HttpRequest,
    status: number,
    data: unknown,
    retryAfterMs: number | undefined,
    location: unknown,
  ): DataRobotApiError {
    const body =
      data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    let apiMessage: string;
    if (typeof body.message === "string" && body.message.trim()) apiMessage = body.message;
    else if (typeof body.detail === "string" && body.detail.trim()) apiMessage = body.detail;
    else if (typeof data === "string" && data.trim()) apiMessage = data.trim().slice(0, 200);
    else if (status >= 300 && status < 400) apiMessage = `unexpected redirect to ${String(location ?? "?")}`;
    else apiMessage = http.STATUS_CODES[status] ?? "unexpected status";
    const fieldErrors = body.errors !== undefined ? flattenFieldErrors(body.errors) : undefined;
    const scrub = (text: string) => this.scrub(text, request.body);
    if (fieldErrors) {
      for (const key of Object.keys(fieldErrors)) fieldErrors[key] = scrub(fieldErrors[key]);
    }
    return createApiError({
      status,
      method: request.method,
      path: request.path,
      apiMessage: scrub(apiMessage),
      fieldErrors,
      errorName: typeof body.errorName === "string" ? body.errorName : undefined,
      retryAfterMs,
    });
  }

  private networkError(caught: unknown, request: HttpRequest): NetworkError {
    // Read only the code and message; the axios error object itself (config, headers, request) is dropped here.
    const raw = caught as { code?: unknown; message?: unknown } | null;
    const code = typeof raw?.code === "string" ? raw.code : "UNKNOWN";
    const phase = CONNECT_PHASE_CODES.has(code) ? "connect" : "sent";
    let description = NETWORK_DESCRIPTIONS[code];
    if (code === "ECONNABORTED" || code === "ETIMEDOUT")
      description = `timed out: no response within ${this.#timeoutMs} ms`;
    if (!description) description = typeof raw?.message === "string" ? raw.message : "request failed";
    return new NetworkError({
      status: 0,
      method: request.method,
      path: request.path,
      apiMessage: this.scrub(`${description} (${code})`, request.body),
      code,
      phase,
    });
  }
}
