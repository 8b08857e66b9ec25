/**
 * The admin-visible log of /api/v2 traffic. Headers are never recorded, so the Authorization header (the token)
 * cannot leak through it; the secrets inside bodies and query strings are replaced by "[secret]" (`redactLogged`),
 * as a client's debug log would, so a test or a page that reads the log learns the requests' shape, not their
 * credentials. Bodies are bounded: a large one is kept as a prefix and its size, so the log (up to MAX_ENTRIES
 * entries) stays within tens of megabytes whatever clients send.
 */
import type { UserKey } from "./store";

export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /**
   * The parsed JSON body (null when there was none or it was not read); a body over MAX_LOGGED_BODY_BYTES is kept
   * as the first MAX_LOGGED_BODY_BYTES characters of its text, and `bodyNote` says so.
   */
  body: unknown;
  /** Why `body` is not the whole body: "truncated: N bytes, first 4096 kept", "not read: ...". */
  bodyNote?: string;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  user: UserKey | null;
  fault?: string;
}

/** Oldest entries are discarded beyond this, so a long demo cannot grow memory without bound. */
const MAX_ENTRIES = 10_000;

/** Largest body text kept whole in an entry. */
export const MAX_LOGGED_BODY_BYTES = 4096;

/** The `body`/`bodyNote` of an entry for a body read as `text` and parsed (or not) as `parsed`, secrets redacted. */
export function loggedBody(
  text: string,
  parsed: { ok: true; value: unknown } | { ok: false },
): Pick<RequestLogEntry, "body" | "bodyNote"> {
  const bytes = Buffer.byteLength(text);
  if (bytes <= MAX_LOGGED_BODY_BYTES) return { body: parsed.ok ? redactLogged(parsed.value) : redactLoggedText(text) };
  return {
    body: redactLoggedText(text.slice(0, MAX_LOGGED_BODY_BYTES)),
    bodyNote: `truncated: ${bytes} bytes, first ${MAX_LOGGED_BODY_BYTES} characters kept`,
  };
}

/** A query string as logged: the values of credential parameters (`sig`, `token`, ...) redacted. */
export function loggedQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of params) out[name] = isCredentialParameter(name) && value !== "" ? SECRET : value;
  return { ...out };
}

// ---- the emulator's own redaction (it imports nothing of the client; DataRobot's rules, docs/datarobot-api.md) ----

const SECRET = "[secret]";
const squash = (name: string) => name.toLowerCase().replace(/[-_\s.]/g, "");
/**
 * Keys whose values are credentials: write-only fields DataRobot never returns (`predictionInstance.apiKey`,
 * `datarobotKey`, `serverSideEncryption.customerKey`) and the usual names of credentials in free-form settings.
 */
const SECRET_KEY =
  /(apikey|datarobotkey|customerkey|accesskey|secretkey|privatekey|accountkey|token|secret|password|passwd|passphrase|authorization|credentials|connectionstring|signature)$/;
/** Query parameters that carry credentials: an Azure SAS `sig`, S3/GCS presigned signatures, OAuth tokens, keys. */
const CREDENTIAL_PARAMETERS = new Set(
  [
    "sig",
    "signature",
    "X-Amz-Signature",
    "X-Amz-Credential",
    "X-Amz-Security-Token",
    "AWSAccessKeyId",
    "X-Goog-Signature",
    "X-Goog-Credential",
    "GoogleAccessId",
    "token",
    "access_token",
    "id_token",
    "refresh_token",
    "client_secret",
    "key",
    "api_key",
    "code",
    "password",
    "pwd",
    "secret",
    "auth",
  ].map(squash),
);

function isCredentialParameter(name: string): boolean {
  return CREDENTIAL_PARAMETERS.has(squash(name));
}

/** A URL with its userinfo and the values of its credential parameters replaced; other text unchanged. */
function maskUrl(value: string): string {
  return value
    .replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/)[^@/?#\s]+@/i, `$1${SECRET}@`)
    .replace(/([?&;])([^=&;#\s]+)=([^&;#\s]+)/g, (all, separator: string, name: string) =>
      isCredentialParameter(name) ? `${separator}${name}=${SECRET}` : all,
    );
}

/**
 * A copy of a logged JSON body with its secrets replaced: values of credential keys, every value of a `headers`
 * object (an http output's headers carry its credentials), URL credentials.
 */
export function redactLogged(value: unknown, key = "", inHeaders = false, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (inHeaders || (key !== "" && SECRET_KEY.test(squash(key)))) return SECRET;
  if (typeof value === "string") return /^\s*[a-z][a-z0-9+.-]*:\/\//i.test(value) ? maskUrl(value) : value;
  if (depth > 64 || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redactLogged(item, "", false, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) {
    // defineProperty: a `__proto__` key stays a key of the copy.
    Object.defineProperty(out, name, {
      value: redactLogged(inner, name, squash(key) === "headers", depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * A body logged as text (not JSON, or truncated): URLs masked, and the string values of credential JSON members
 * (`"apiKey": "..."`) replaced.
 */
function redactLoggedText(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s"'<>]+/gi, (url) => maskUrl(url))
    .replace(/"([\w .-]{1,100})"(\s*:\s*)"(?:[^"\\]|\\.){0,4096}"/g, (all, name: string, colon: string) =>
      SECRET_KEY.test(squash(name)) ? `"${name}"${colon}"${SECRET}"` : all,
    );
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  add(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    return full;
  }

  all(): RequestLogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
