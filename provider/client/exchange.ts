/**
 * One JSON request and its whole answer, over node:http/https: the wire under http.ts's attempts.
 *
 * It is Node's own HTTP client and nothing more, on purpose: the provider process sends one request per resource and
 * operation, and a general HTTP library cost three times the CPU of the request itself, plus its loading in every
 * process (bench/README.md, "The program, the provider process and the client"). What such a library did that
 * DataRobot's API needs is here: redirects are not followed (every status comes back to the caller, who maps it),
 * compressed answers are decoded, an answer larger than `maxBytes` is refused while it arrives, the whole exchange
 * ends by `timeoutMs`, and proxies are honoured (proxy.ts).
 *
 * Failures are plain errors with a Node-style `code`, read by error-mapping.ts: the request's own (ECONNREFUSED,
 * ECONNRESET, …), ECONNABORTED for the timeout, ERR_RESPONSE_TOO_LARGE, EPROXYTUNNEL. They carry no header, so no
 * token.
 */
import type * as http from "node:http";
import type { Readable } from "node:stream";
import * as zlib from "node:zlib";
import type { Connections } from "./proxy";

export interface Exchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** The JSON text sent, if any. */
  body?: string;
  /** The whole exchange (connecting, sending, the answer's last byte) ends by then. */
  timeoutMs: number;
  /** The largest answer body read, decoded. */
  maxBytes: number;
  signal?: AbortSignal;
}

export interface ExchangeResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as UTF-8 text (empty for none). */
  text: string;
}

/** The answer's body, decoded when the server compressed it. */
function decoded(response: http.IncomingMessage): Readable {
  const encoding = String(response.headers["content-encoding"] ?? "")
    .trim()
    .toLowerCase();
  const decoder =
    encoding === "gzip" || encoding === "x-gzip"
      ? zlib.createGunzip()
      : encoding === "deflate"
        ? zlib.createInflate()
        : encoding === "br"
          ? zlib.createBrotliDecompress()
          : undefined;
  // A 204, or an empty body labelled as compressed, has nothing to decode (a decoder would fail on it).
  const empty = response.statusCode === 204 || response.headers["content-length"] === "0";
  if (!decoder || empty) return response;
  response.on("error", (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

function failure(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Sends one request and reads its whole answer; see the module comment for what it rejects with. */
export function exchange(connections: Connections, request: Exchange): Promise<ExchangeResult> {
  const route = connections.route(request.url);
  const headers: Record<string, string> = {
    "Accept-Encoding": "gzip, deflate, br",
    ...route.headers,
    ...request.headers,
  };
  if (request.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(request.body));
  if (request.signal?.aborted) return Promise.reject(failure("the request was cancelled", "ERR_CANCELED"));
  return new Promise<ExchangeResult>((resolve, reject) => {
    let settled = false;
    // Every call of `finish` comes from a timer, a listener or a callback: never before `req` below is made.
    const finish = (error: Error | undefined, result?: ExchangeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(result!);
    };
    const timer = setTimeout(
      () => finish(failure(`timeout of ${request.timeoutMs} ms exceeded`, "ECONNABORTED")),
      request.timeoutMs,
    );
    const onAbort = () => finish(failure("the request was cancelled", "ERR_CANCELED"));
    request.signal?.addEventListener("abort", onAbort, { once: true });
    const req = route.transport.request(
      {
        host: route.host,
        port: route.port,
        path: route.path,
        method: request.method,
        agent: route.agent,
        headers,
      },
      (response) => {
        const body = decoded(response);
        const chunks: Buffer[] = [];
        let size = 0;
        body.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > request.maxBytes) {
            response.destroy();
            body.destroy();
            finish(failure(`the answer is larger than ${request.maxBytes} bytes`, "ERR_RESPONSE_TOO_LARGE"));
            return;
          }
          chunks.push(chunk);
        });
        body.on("end", () =>
          finish(undefined, {
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        body.on("error", (error) => finish(error));
        // The connection closed before the body's end, with no error of its own (Node reports "aborted" as one).
        response.on("close", () => {
          if (!response.complete) finish(failure("the connection closed during the answer", "ECONNRESET"));
        });
      },
    );
    req.on("error", (error) => finish(error));
    req.end(request.body);
  });
}
