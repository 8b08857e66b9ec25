/**
 * Minimal routing and JSON helpers on top of node:http (no framework). Routes match with and without a trailing
 * slash and never redirect (spec §1.6).
 */
import type { IncomingMessage, ServerResponse } from "node:http";

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
      route.keys.forEach((key, index) => (params[key] = decodeURIComponent(match[index + 1])));
      return { handler: route.handler, params };
    }
    if (pathMatched) throw new HttpError(405, `Method ${method} is not allowed on ${path}.`);
    throw new HttpError(404, `No route for ${method} ${path}.`);
  }
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
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

export function queryOf(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (query[key] = value));
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
