/**
 * Minimal routing and JSON helpers on top of node:http (no framework). Routes match with and without a trailing
 * slash and never redirect (docs/datarobot-api.md §1.6).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { RESERVED_KEYS } from "./json-limits";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export interface Request {
  method: string;
  /** Path after the mount point (e.g. after /api/v2), as sent, including any trailing slash. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  params: Record<string, string>;
  raw: IncomingMessage;
}

export interface Response {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler<C> = (req: Request, ctx: C) => Response | Promise<Response>;

interface Route<C> {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler<C>;
}

export class Router<C> {
  private routes: Route<C>[] = [];

  /** `template` like "/batchPredictions/:id" (no trailing slash; both forms match). */
  on(method: string, template: string, handler: Handler<C>): this {
    const keys: string[] = [];
    const source = template
      .split("/")
      .map((part) => {
        if (part.startsWith(":")) {
          keys.push(part.slice(1));
          return "([^/]+)";
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  /** The handler for method+path; 404 for an unknown path, 405 when only the method is wrong. */
  resolve(method: string, path: string): { handler: Handler<C>; params: Record<string, string> } {
    let pathMatched = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, index) => (params[key] = decodeSegment(match[index + 1])));
      return { handler: route.handler, params };
    }
    if (pathMatched) throw new HttpError(405, `Method ${method} is not allowed on ${path}.`);
    throw new HttpError(404, `No route for ${method} ${path}.`);
  }
}

/** A percent-decoded path segment; a malformed escape (`%E0%A4%A`) is the client's mistake, not a server error. */
export function decodeSegment(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "The path contains a malformed percent-escape (such as %E0%A4%A); encode it as UTF-8");
  }
  if (RESERVED_KEYS.has(decoded)) throw new HttpError(400, `The path segment ${decoded} is a reserved name`);
  return decoded;
}

/**
 * How the pipeline treats a request body: "none" (nothing sent), "json" (buffered and parsed: application/json,
 * any +json type, or no Content-Type at all), or "other" (left unread in `req.raw` for a route that streams it,
 * such as a CSV upload; other routes see no body).
 */
export type BodyKind = "none" | "json" | "other";

/** The request's media type, lower-cased and without parameters ("text/csv"); "" when there is no Content-Type. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
}

export function bodyKind(req: IncomingMessage): BodyKind {
  const length = req.headers["content-length"];
  if (req.headers["transfer-encoding"] === undefined && (length === undefined || length === "0")) return "none";
  const type = mediaType(req);
  if (type === "" || type === "application/json" || /^application\/[\w.-]+\+json$/.test(type)) return "json";
  return "other";
}

/** Default largest JSON body the emulator reads (bytes). */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export function tooLarge(maxBytes: number): HttpError {
  return new HttpError(
    413,
    `The request body is larger than the emulator's limit of ${maxBytes} bytes (option maxBodyBytes, --max-body-bytes)`,
  );
}

/**
 * Reads a body up to `maxBytes`; beyond that it stops reading and throws a 413 (the caller answers and closes the
 * connection). A declared Content-Length above the limit fails before a byte is read.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  // Already gone (the client hung up): no event would ever settle the promise below.
  if (req.destroyed) return Promise.reject(new Error("The client closed the connection before sending the whole body"));
  // Listeners rather than `for await`: leaving a for-await loop early destroys the request, and with it the socket
  // the 413 answer has to go out on.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      chunks.length = 0;
      reject(tooLarge(maxBytes));
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onError = (error?: Error): void => {
      cleanup();
      reject(error ?? new Error("The client closed the connection before sending the whole body"));
    };
    const cleanup = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onError);
      req.pause();
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onError);
  });
}

/** Parses a JSON body; an empty body is null. Returns the raw text when it is not JSON (the handler decides). */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; text: string } {
  if (text.trim() === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, text };
  }
}

/**
 * Query parameters. A malformed percent-escape is a 400 (URLSearchParams would quietly turn it into U+FFFD, so a
 * filter would silently match nothing), and a reserved key (`__proto__`, ...) is refused rather than risked in a
 * handler's lookups.
 */
export function queryOf(url: URL): Record<string, string> {
  for (const part of url.search.slice(1).split("&")) {
    try {
      decodeURIComponent(part.replace(/\+/g, " "));
    } catch {
      throw new HttpError(400, "The query string contains a malformed percent-escape (such as %E0%A4%A)");
    }
  }
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => {
    if (RESERVED_KEYS.has(key)) throw new HttpError(400, `The query parameter ${key} is a reserved name`);
    query[key] = value;
  });
  return query;
}

export function send(res: ServerResponse, response: Response): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.body !== undefined && response.status !== 204) {
    payload = JSON.stringify(response.body);
    headers["Content-Type"] = "application/json";
    headers["Content-Length"] = String(Buffer.byteLength(payload));
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

export function errorResponse(error: HttpError): Response {
  const body: Record<string, unknown> = { message: error.message };
  if (error.errors) body.errors = error.errors;
  return { status: error.status, body, headers: error.headers };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
