/**
 * The HTTP pipeline: /__admin → admin router; /api/v2 → request log → faults → auth → API router.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { adminRouter, type AdminContext } from "./admin";
import { authenticate, userForLog } from "./auth";
import type { EmulatorContext } from "./context";
import { definitionRoutes, type ApiContext } from "./definitions";
import { describeFault, Faults, type Fault } from "./faults";
import { errorResponse, HttpError, parseJson, queryOf, readBody, Router, send, type Response } from "./http";
import { isoMicro } from "./ids";
import { jobRoutes } from "./jobs";
import { settleJobs } from "./lifecycle";
import { RequestLog, type RequestLogEntry } from "./request-log";
import { resourceRoutes } from "./resources";
import { handleStreaming, matchStreamingRoute, sendStreaming, type StreamingRoute } from "./uploads";

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

export class EmulatorServer {
  readonly faults = new Faults();
  readonly log = new RequestLog();
  private readonly api = apiRouter();
  private readonly admin = adminRouter();

  constructor(private readonly ctx: EmulatorContext) {}

  /** Base URL as the client addressed us (Host header), so links work through any host alias. */
  private origin(req: IncomingMessage): string {
    return req.headers.host ? `http://${req.headers.host}` : this.ctx.origin;
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.dispatch(req, res).catch((error: unknown) => {
      // Last resort: never leave a request hanging; the message carries no request data.
      if (!res.headersSent)
        send(res, { status: 500, body: { message: `Emulator error: ${(error as Error).message}` } });
      else res.destroy();
    });
  };

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    // CSV uploads and downloads are streamed: they must not reach the JSON body reader.
    const streaming = url.pathname.startsWith(`${API_PREFIX}/`)
      ? matchStreamingRoute(method, url.pathname.slice(API_PREFIX.length))
      : undefined;
    if (streaming) return this.dispatchStreaming(streaming, req, res, url, method);
    const text = await readBody(req);
    const parsed = parseJson(text);
    const apiBase = `${this.origin(req)}${API_PREFIX}`;

    if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
      const path = url.pathname.slice(ADMIN_PREFIX.length) || "/";
      const response = this.run(() => {
        if (!parsed.ok) throw new HttpError(400, "The admin request body is not valid JSON");
        const { handler, params } = this.admin.resolve(method, path);
        const admin: AdminContext = { ctx: this.ctx, faults: this.faults, log: this.log, apiBase };
        return handler({ method, path, query: queryOf(url), body: parsed.value, params, raw: req }, admin);
      });
      const result = await response;
      if (method !== "GET") this.ctx.persist();
      send(res, result);
      return;
    }

    if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) {
      send(res, { status: 404, body: { message: `Not found: ${url.pathname} (the API lives under ${API_PREFIX})` } });
      return;
    }

    const path = url.pathname.slice(API_PREFIX.length) || "/";
    const entry = this.log.add({
      time: isoMicro(Date.now()),
      method,
      path,
      query: queryOf(url),
      body: parsed.ok ? parsed.value : text,
      status: 0,
      user: userForLog(req, this.ctx.tokens),
    });

    const fault = this.faults.take(method, path);
    if (fault && (await this.injectFault(fault, entry, res))) return;

    const response = await this.run(() => {
      if (settleJobs(this.ctx)) this.ctx.persist();
      const auth = authenticate(req, this.ctx.tokens);
      if ("error" in auth) throw new HttpError(401, auth.error);
      if (!parsed.ok) throw new HttpError(400, "The request body is not valid JSON");
      const { handler, params } = this.api.resolve(method, path);
      return handler(
        { method, path, query: queryOf(url), body: parsed.value, params, raw: req },
        { ctx: this.ctx, user: auth.user, apiBase },
      );
    });
    if (method !== "GET" && response.status < 400) this.ctx.persist();

    if (fault?.drop === "after") {
      res.socket?.destroy();
      return;
    }
    entry.status = response.status;
    send(res, response);
  }

  /** Applies an injected fault; true when it answered (or dropped) the request. */
  private async injectFault(fault: Fault, entry: RequestLogEntry, res: ServerResponse): Promise<boolean> {
    entry.fault = describeFault(fault);
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.drop === "before") {
      res.socket?.destroy();
      return true;
    }
    if (fault.status === undefined) return false;
    const headers: Record<string, string> = { ...fault.headers };
    if (fault.status === 429 && !Object.keys(headers).some((h) => h.toLowerCase() === "retry-after"))
      headers["Retry-After"] = "1";
    entry.status = fault.status;
    send(res, {
      status: fault.status,
      headers,
      body: fault.body ?? { message: `Injected fault: HTTP ${fault.status}` },
    });
    return true;
  }

  /** A CSV upload or download (uploads.ts): logged without its body, faults and auth as for every API route. */
  private async dispatchStreaming(
    route: StreamingRoute,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
  ): Promise<void> {
    const path = url.pathname.slice(API_PREFIX.length);
    const entry = this.log.add({
      time: isoMicro(Date.now()),
      method,
      path,
      query: queryOf(url),
      body: method === "PUT" ? `<${String(req.headers["content-type"] ?? "no content type")} stream>` : null,
      status: 0,
      user: userForLog(req, this.ctx.tokens),
    });
    const fault = this.faults.take(method, path);
    if (fault && (await this.injectFault(fault, entry, res))) return;
    let streamed = false;
    const response = await this.run(async () => {
      if (settleJobs(this.ctx)) this.ctx.persist();
      const auth = authenticate(req, this.ctx.tokens);
      if ("error" in auth) throw new HttpError(401, auth.error);
      const result = await handleStreaming(route, req, { ctx: this.ctx, user: auth.user });
      if (result.stream) {
        streamed = true;
        entry.status = result.status;
        await sendStreaming(res, result);
      }
      return result;
    });
    if (streamed) return;
    if (method !== "GET" && response.status < 400) this.ctx.persist();
    // An error answered before the body was read: drain it, so the client sees the answer, not a reset.
    if (!req.readableEnded) req.resume();
    if (fault?.drop === "after") {
      res.socket?.destroy();
      return;
    }
    entry.status = response.status;
    send(res, response);
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
