/**
 * The HTTP pipeline. /__admin: origin check → JSON body → admin router. /api/v2: request log → faults → auth →
 * route → JSON body → API router. Bodies are read only after the caller is known and the route exists, never
 * beyond `maxBodyBytes`, and only when they are JSON (a streaming route reads other content types from `req.raw`).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { adminRouter, type AdminContext } from "./routes/admin";
import { checkAdminHost, checkAdminOrigin, ownOrigins, unsupportedMediaType } from "./http/admin-guard";
import { authenticate, userForLog } from "./state/auth";
import type { EmulatorContext } from "./state/context";
import { definitionRoutes, type ApiContext } from "./routes/definitions";
import { describeFault, Faults, type Fault } from "./http/faults";
import {
  bodyKind,
  DEFAULT_MAX_BODY_BYTES,
  errorResponse,
  HttpError,
  isPlainObject,
  parseJson,
  queryOf,
  readBody,
  Router,
  send,
  type BodyKind,
  type Response,
} from "./http/router";
import { isoMicro } from "./rules/ids";
import { jobRoutes } from "./routes/jobs";
import { renderDefinition } from "./routes/render";
import { checkJson } from "./http/json-limits";
import { settleJobs } from "./state/lifecycle";
import { loggedBody, loggedQuery, RequestLog, type RequestLogEntry } from "./state/request-log";
import { resourceRoutes } from "./routes/resources";
import { handleStreaming, matchStreamingRoute, sendStreaming } from "./routes/uploads";

export const API_PREFIX = "/api/v2";
export const ADMIN_PREFIX = "/__admin";

function apiRouter(): Router<ApiContext> {
  const router = new Router<ApiContext>();
  resourceRoutes(router);
  definitionRoutes(router);
  jobRoutes(router);
  return router;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The request target as a URL; a target that is not a valid path is the client's mistake (400). */
function requestUrl(req: IncomingMessage): URL {
  const target = req.url ?? "/";
  try {
    return new URL(target.startsWith("/") ? `http://emulator.invalid${target}` : target);
  } catch {
    throw new HttpError(400, "The request target is not a valid URL path");
  }
}

/** One request being handled, as the dispatcher has read it before choosing the admin or the API pipeline. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Upper-cased. */
  method: string;
  kind: BodyKind;
}

/** The path is the prefix itself or lies below it (`/api/v2`, `/api/v2/...`; not `/api/v20`). */
function isUnder(url: URL, prefix: string): boolean {
  return url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
}

/** The path below the prefix, "/" for the prefix itself. */
function pathUnder(url: URL, prefix: string): string {
  return url.pathname.slice(prefix.length) || "/";
}

/** How long an unread body is discarded after the answer before the connection is closed. */
const LINGER_MS = 5000;

/** A body was sent and nothing has read all of it. */
function unread(req: IncomingMessage, kind: BodyKind): boolean {
  return kind !== "none" && !req.readableEnded;
}

export class EmulatorServer {
  readonly faults = new Faults();
  readonly log = new RequestLog();
  private readonly api = apiRouter();
  private readonly admin = adminRouter();

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  ) {}

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.dispatch(req, res).catch((error: unknown) => {
      // Last resort: never leave a request hanging; the message carries no request data.
      if (!res.headersSent)
        send(res, { status: 500, body: { message: `Emulator error: ${(error as Error).message}` } });
      else res.destroy();
    });
  };

  /**
   * Sends the answer. When the request still has an unread body (an unauthenticated upload, a 413, a non-JSON body
   * on a JSON route), the rest is read and discarded for at most LINGER_MS, then the connection is closed. Discarding
   * costs no memory; closing at once would make the kernel reset the connection while the client is still sending,
   * and the client would often lose the answer itself (the same reason web servers "linger" before closing).
   */
  private reply(req: IncomingMessage, res: ServerResponse, kind: BodyKind, response: Response): void {
    if (!unread(req, kind)) {
      send(res, response);
      return;
    }
    // Node would otherwise close right after the answer when the client sent `Connection: close` (most one-shot
    // clients do); the client still closes once it has read the answer.
    res.shouldKeepAlive = true;
    send(res, response);
    // The socket is taken now: by the time the timer fires, the request may have let go of it (then it is null).
    const socket = req.socket as typeof req.socket | null;
    const timer = setTimeout(() => socket?.destroy(), LINGER_MS);
    timer.unref();
    req.once("end", () => clearTimeout(timer));
    req.once("close", () => clearTimeout(timer));
    req.resume();
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const kind = bodyKind(req);
    let url: URL;
    try {
      url = requestUrl(req);
    } catch (error) {
      this.reply(req, res, kind, errorResponse(error as HttpError));
      return;
    }
    const exchange: Exchange = { req, res, url, method: (req.method ?? "GET").toUpperCase(), kind };
    if (isUnder(url, ADMIN_PREFIX)) {
      await this.dispatchAdmin(exchange);
      return;
    }
    if (!isUnder(url, API_PREFIX)) {
      this.reply(req, res, kind, {
        status: 404,
        body: { message: `Not found: ${url.pathname.slice(0, 200)} (the API lives under ${API_PREFIX})` },
      });
      return;
    }
    await this.dispatchApi(exchange);
  }

  private async dispatchAdmin({ req, res, url, method, kind }: Exchange): Promise<void> {
    const path = pathUnder(url, ADMIN_PREFIX);
    const apiBase = this.apiBase();
    const result = await this.run(async () => {
      checkAdminHost(req, this.ctx.origin);
      checkAdminOrigin(req, ownOrigins(this.ctx.origin));
      const { handler, params } = this.admin.resolve(method, path);
      const contentType = req.headers["content-type"];
      if (kind === "other") throw unsupportedMediaType(contentType);
      const text = kind === "json" ? await readBody(req, this.maxBodyBytes) : "";
      // No Content-Type is only fine for an empty body (curl -X POST, a chunked end()).
      if (contentType === undefined && text.trim() !== "") throw unsupportedMediaType(contentType);
      const parsed = parseJson(text);
      if (!parsed.ok) throw new HttpError(400, "The admin request body is not valid JSON");
      const problem = checkJson(parsed.value);
      if (problem) throw new HttpError(400, `The admin request body is refused: ${problem.path} ${problem.message}`);
      const admin: AdminContext = { ctx: this.ctx, faults: this.faults, log: this.log, apiBase };
      return handler({ method, path, query: queryOf(url), body: parsed.value, params, raw: req }, admin);
    });
    this.persistAfterWrite(method, result);
    this.reply(req, res, kind, result);
  }

  private async dispatchApi({ req, res, url, method, kind }: Exchange): Promise<void> {
    const apiBase = this.apiBase();
    const path = pathUnder(url, API_PREFIX);
    const entry = this.log.add({
      time: isoMicro(Date.now()),
      method,
      path: path.slice(0, 2000),
      query: loggedQuery(url.searchParams),
      body: null,
      status: 0,
      user: userForLog(req, this.ctx.tokens),
    });

    const fault = this.faults.take(method, path);
    // A fault that answers (status, drop before) does so without reading the body. For one that only delays (or
    // drops after), the request is handled: the body is read first, then held, so a client that gives up during
    // the delay still leaves a request the server received and handles (the "lost response" a retry must survive).
    let held = false;
    const hold = async (): Promise<void> => {
      if (held || !fault?.latencyMs) return;
      held = true;
      await sleep(fault.latencyMs);
    };
    if (fault) entry.fault = describeFault(fault);
    if (fault && (fault.drop === "before" || (fault.status !== undefined && !fault.answer))) {
      await hold();
      if (fault.drop === "before") {
        res.socket?.destroy();
        return;
      }
      if (fault.status !== undefined && !fault.answer) {
        const headers: Record<string, string> = { ...fault.headers };
        if (fault.status === 429 && !Object.keys(headers).some((h) => h.toLowerCase() === "retry-after"))
          headers["Retry-After"] = "1";
        entry.status = fault.status;
        noteUnread(entry, req, kind, "answered by an injected fault");
        this.reply(req, res, kind, {
          status: fault.status,
          headers,
          body: fault.body ?? { message: `Injected fault: HTTP ${fault.status}` },
        });
        return;
      }
    }

    // CSV uploads and downloads (routes/uploads.ts) are streamed: their bodies never reach the JSON body reader or the log.
    const streaming = matchStreamingRoute(method, path);
    if (streaming && method === "PUT")
      entry.body = `<${String(req.headers["content-type"] ?? "no content type")} stream>`;
    let streamed = false;
    const response = await this.run(async () => {
      if (settleJobs(this.ctx)) this.ctx.persist();
      const auth = authenticate(req, this.ctx.tokens);
      if ("error" in auth) throw new HttpError(401, auth.error);
      if (streaming) {
        await hold();
        const result = await handleStreaming(streaming, req, { ctx: this.ctx, user: auth.user });
        if (result.stream) {
          streamed = true;
          entry.status = result.status;
          await sendStreaming(res, result);
        }
        return result;
      }
      const query = queryOf(url);
      const { handler, params } = this.api.resolve(method, path);
      const body = await this.readApiBody(req, kind, entry);
      await hold();
      return handler({ method, path, query, body, params, raw: req }, { ctx: this.ctx, user: auth.user, apiBase });
    });
    if (streamed) return;
    await hold(); // a request refused before its handler (401, 404, 413, ...) is delayed all the same
    this.persistAfterWrite(method, response);

    if (fault?.drop === "after") {
      res.socket?.destroy();
      return;
    }
    const answered = fault?.answer ? replacedAnswer(this.ctx, fault, response) : response;
    entry.status = answered.status;
    noteUnread(entry, req, kind, `not read (answered ${answered.status})`);
    this.reply(req, res, kind, answered);
  }

  /** Reads, logs and checks a JSON body; other content types stay unread for the route (body undefined). */
  private async readApiBody(req: IncomingMessage, kind: BodyKind, entry: RequestLogEntry): Promise<unknown> {
    if (kind === "none") return null;
    if (kind === "other") return undefined;
    const text = await readBody(req, this.maxBodyBytes);
    const parsed = parseJson(text);
    Object.assign(entry, loggedBody(text, parsed));
    if (!parsed.ok) throw new HttpError(400, "The request body is not valid JSON");
    const problem = checkJson(parsed.value);
    if (problem) throw new HttpError(422, "Invalid field data", { [problem.path]: problem.message });
    return parsed.value;
  }

  /** The API's base URL as clients reach it (links in responses are built on it). */
  private apiBase(): string {
    return `${this.ctx.origin}${API_PREFIX}`;
  }

  /** A write that succeeded is saved (with `--persist`); reads and refused writes change nothing. */
  private persistAfterWrite(method: string, response: Response): void {
    if (method !== "GET" && response.status < 400) this.ctx.persist();
  }

  /** Runs a handler, mapping HttpError (and anything unexpected) to a JSON error response. */
  private async run(handler: () => Response | Promise<Response>): Promise<Response> {
    try {
      return await handler();
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error);
      return { status: 500, body: { message: `Emulator error: ${(error as Error).message}` } };
    }
  }
}

/**
 * A handled 2xx answer replaced by a fault's `answer`: no body at all, or another stored definition's body (as its
 * owner sees it). Error answers, and an answer with no other definition to swap in, are left as they are.
 */
function replacedAnswer(ctx: EmulatorContext, fault: Fault, response: Response): Response {
  if (response.status >= 300) return response;
  const status = fault.status ?? response.status;
  if (fault.answer === "empty") return { status, headers: response.headers };
  const aboutId = isPlainObject(response.body) ? response.body.id : undefined;
  const other = [...ctx.state.definitions.values()].find((definition) => definition.id !== aboutId);
  return other ? { ...response, status, body: renderDefinition(ctx, other, other.createdBy) } : { ...response, status };
}

/** Records in the log entry that a body was sent but never read, with its declared size when known. */
function noteUnread(entry: RequestLogEntry, req: IncomingMessage, kind: BodyKind, why: string): void {
  if (!unread(req, kind) || entry.bodyNote) return;
  const length = req.headers["content-length"];
  entry.bodyNote = `${why}${length ? `: ${length} bytes` : ""}`;
}
