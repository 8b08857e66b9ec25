/**
 * Streamed HTTP for CSV uploads and downloads (node:http/https directly: the body is a stream, never a string held
 * whole in memory), over the client's connections (keep-alive, and the proxy the environment names: proxy.ts).
 * Backpressure is the stream's: the file is read only as fast as the socket drains.
 */
import type * as http from "node:http";
import type { Readable } from "node:stream";
import type { Connections } from "./proxy";

export interface StreamRequest {
  method: "PUT" | "POST" | "GET";
  /** Absolute URL, as the API gave it. */
  url: string;
  /** The request body (a file stream); absent for GET and bodiless POST. */
  body?: Readable;
  contentType?: string;
  /** Sent as Content-Length when known (otherwise the body is chunked). */
  contentLength?: number;
  signal?: AbortSignal;
}

/** Sends the request and resolves with the response once its headers arrive (the body is left to the caller). */
export function openStream(
  connections: Connections,
  request: StreamRequest,
  headers: Record<string, string>,
  idleTimeoutMs: number,
): Promise<http.IncomingMessage> {
  const route = connections.route(new URL(request.url));
  const all: Record<string, string> = { ...route.headers, ...headers, Accept: "application/json, text/csv" };
  if (request.contentType) all["Content-Type"] = request.contentType;
  if (request.contentLength !== undefined) all["Content-Length"] = String(request.contentLength);
  else if (request.body) all["Transfer-Encoding"] = "chunked";
  return new Promise((resolve, reject) => {
    let response: http.IncomingMessage | undefined;
    const req = route.transport.request(
      {
        host: route.host,
        port: route.port,
        path: route.path,
        agent: route.agent,
        method: request.method,
        headers: all,
        signal: request.signal,
      },
      (res) => {
        response = res;
        resolve(res);
      },
    );
    // An idle socket (no bytes either way) for this long is a failure; a slow but moving transfer is not. Once the
    // response has begun, its body is what stalls: it is destroyed with the same error, so the reader says "timed
    // out" and not Node's "aborted".
    const idle = idleTimeoutMs >= 1000 ? `${Math.round(idleTimeoutMs / 1000)} s` : `${idleTimeoutMs} ms`;
    req.setTimeout(idleTimeoutMs, () => {
      const error = Object.assign(new Error(`timed out: no data for ${idle} (the idle timeout of a transfer)`), {
        code: "ETIMEDOUT",
      });
      response?.destroy(error);
      req.destroy(error);
    });
    req.on("error", reject);
    if (!request.body) {
      req.end();
      return;
    }
    request.body.on("error", (error) => req.destroy(error));
    request.body.pipe(req);
  });
}
