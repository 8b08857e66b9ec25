/**
 * The admin API has no auth (it is a test control), so it must not be reachable from a web page the developer
 * happens to open: browsers send `Origin` (and `Sec-Fetch-Site`) on cross-origin requests, and "simple" requests
 * (text/plain, form bodies) skip the CORS preflight. Refusing foreign origins and non-JSON bodies closes both doors.
 */
import type { IncomingMessage } from "node:http";
import { HttpError } from "./http";

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

export function unsupportedMediaType(contentType: string | undefined): HttpError {
  const got = contentType ? `got ${JSON.stringify(contentType.slice(0, 100))}` : "none was given";
  return new HttpError(415, `Admin request bodies must be sent with Content-Type: application/json (${got})`);
}
