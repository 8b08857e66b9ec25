/**
 * The admin API has no auth (it is a test control), so it must not be reachable from a web page the developer
 * happens to open: browsers send `Origin` (and `Sec-Fetch-Site`) on cross-origin requests, and "simple" requests
 * (text/plain, form bodies) skip the CORS preflight. Refusing foreign origins and non-JSON bodies closes both doors.
 * A page can also rebind its own host name to 127.0.0.1 (DNS rebinding): its requests are then same-origin, with no
 * `Origin` to refuse, but they carry the page's name in `Host`. So the admin API also requires a `Host` this
 * emulator is known by: a loopback name, an IP address (no DNS involved, nothing to rebind) or the configured host.
 */
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { HttpError } from "./router";

const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

/**
 * Origins the admin API accepts: the emulator's own origin and, on the same port, the loopback names a browser on
 * this machine may use for it (http://localhost:P, http://127.0.0.1:P, http://[::1]:P).
 */
export function ownOrigins(origin: string): Set<string> {
  const url = new URL(origin);
  const allowed = new Set([url.origin]);
  const port = url.port ? `:${url.port}` : "";
  for (const host of LOOPBACK_HOSTS) allowed.add(`${url.protocol}//${host}${port}`);
  return allowed;
}

/** Throws a 403 for a request sent by a page of another site; requests without these headers (curl, Node) pass. */
export function checkAdminOrigin(req: IncomingMessage, allowed: Set<string>): void {
  const origin = req.headers.origin;
  if (origin !== undefined && !allowed.has(origin))
    throw new HttpError(
      403,
      `Cross-origin requests to the admin API are refused (Origin ${JSON.stringify(origin.slice(0, 200))}); ` +
        "call it from a test or a script, not from a web page",
    );
  if (req.headers["sec-fetch-site"] === "cross-site")
    throw new HttpError(403, "Cross-site requests to the admin API are refused (Sec-Fetch-Site: cross-site)");
}

/** True for addresses only this machine can reach (a host name or address, IPv6 in brackets or not). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare) || bare === "::ffff:127.0.0.1";
}

/** The host name of a Host header value (`name:port`, `[v6]:port`), lower case; undefined when it cannot be read. */
function hostnameOf(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Throws a 403 unless the request's `Host` is one this emulator is known by: a loopback name, an IP address, or the
 * host of `origin` (the configured `publicUrl`, else where it listens). A request without Host (HTTP/1.0) passes:
 * browsers always send one.
 */
export function checkAdminHost(req: IncomingMessage, origin: string): void {
  const host = req.headers.host;
  if (host === undefined) return;
  const hostname = hostnameOf(host);
  const own = hostnameOf(new URL(origin).host);
  if (
    hostname !== undefined &&
    (isLoopback(hostname) || isIP(hostname.replace(/^\[|\]$/g, "")) !== 0 || hostname === own)
  )
    return;
  throw new HttpError(
    403,
    `The admin API answers only requests addressed to this emulator's own host (got Host ${JSON.stringify(host.slice(0, 200))}): ` +
      "use 127.0.0.1, localhost or the host of --public-url. A web page that rebinds its name to this machine is refused",
  );
}

export function unsupportedMediaType(contentType: string | undefined): HttpError {
  const got = contentType ? `got ${JSON.stringify(contentType.slice(0, 100))}` : "none was given";
  return new HttpError(415, `Admin request bodies must be sent with Content-Type: application/json (${got})`);
}
