/**
 * Error mapping: what one HTTP attempt brought back (a non-2xx status with its body, or a failure without any
 * response) turned into the client's typed error.
 *
 * The error classes and the status → class table live in errors.ts; this module only reads the raw material: the
 * server's body (`message`, `detail`, `errors`, `errorName`) and the Node error code. It exists apart from the
 * transport so that what a user reads in an error is decided in one place, for JSON requests and streams alike.
 * Every text taken from the server or from Node goes through the caller's `scrub` (a server may quote the token or a
 * request's own secret values back), and the caught error object itself is dropped here, never attached.
 */
import * as http from "node:http";
import { createApiError, DataRobotApiError, NetworkError } from "./errors";
import { isNonArrayObject } from "../values";

/** What an error is about: the request's method and its path relative to the API base. */
export interface FailedRequest {
  method: string;
  path: string;
}

/** A non-2xx answer, its body already parsed (JSON, text, or undefined when empty). */
export interface FailedResponse {
  status: number;
  data: unknown;
  retryAfterMs: number | undefined;
  /** The Location header, named in the message of an (unfollowed) redirect. */
  location?: unknown;
}

/** Removes secrets from a text before it reaches an error. */
export type Scrub = (text: string) => string;

/** Node error codes meaning the request never reached the server, so retrying cannot duplicate anything. */
const CONNECT_PHASE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "EPROXYTUNNEL", // the proxy refused the CONNECT: nothing reached DataRobot
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

/** The typed error of a non-2xx response: DataRobot's message (or the best text there is) and its field errors. */
export function responseError(request: FailedRequest, response: FailedResponse, scrub: Scrub): DataRobotApiError {
  const { status, data } = response;
  const body = isNonArrayObject(data) ? data : {};
  let apiMessage: string;
  if (typeof body.message === "string" && body.message.trim()) apiMessage = body.message;
  else if (typeof body.detail === "string" && body.detail.trim()) apiMessage = body.detail;
  else if (typeof data === "string" && data.trim()) apiMessage = data.trim().slice(0, 200);
  else if (status >= 300 && status < 400) apiMessage = `unexpected redirect to ${String(response.location ?? "?")}`;
  else apiMessage = http.STATUS_CODES[status] ?? "unexpected status";
  const flat = body.errors !== undefined ? flattenFieldErrors(body.errors) : undefined;
  // The paths are server text too (a key can hold an escape sequence or a secret): scrubbed like the messages.
  const fieldErrors = flat
    ? Object.fromEntries(Object.entries(flat).map(([key, value]) => [scrub(key), scrub(value)]))
    : undefined;
  return createApiError({
    status,
    method: request.method,
    path: request.path,
    apiMessage: scrub(apiMessage),
    fieldErrors,
    errorName: typeof body.errorName === "string" ? scrub(body.errorName) : undefined,
    retryAfterMs: response.retryAfterMs,
  });
}

/**
 * The typed error of a request that got no response (refused, reset, DNS, timeout). Its `phase` says whether the
 * request could have reached the server, which decides whether a retry could duplicate a write.
 */
export function networkError(caught: unknown, request: FailedRequest, timeoutMs: number, scrub: Scrub): NetworkError {
  // Read only the code and message; the caught error object itself (its request, socket) is dropped here.
  const raw = caught as { code?: unknown; message?: unknown } | null;
  const code = typeof raw?.code === "string" ? raw.code : "UNKNOWN";
  const phase = CONNECT_PHASE_CODES.has(code) ? "connect" : "sent";
  let description = NETWORK_DESCRIPTIONS[code];
  if (code === "ECONNABORTED" || code === "ETIMEDOUT") description = `timed out: no response within ${timeoutMs} ms`;
  if (!description) description = typeof raw?.message === "string" ? raw.message : "request failed";
  return new NetworkError({
    status: 0,
    method: request.method,
    path: request.path,
    apiMessage: scrub(`${description} (${code})`),
    code,
    phase,
  });
}
