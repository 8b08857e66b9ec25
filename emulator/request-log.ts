/**
 * The admin-visible log of /api/v2 traffic. Headers are never recorded, so the Authorization header (the token)
 * cannot leak through it. Bodies are bounded: a large one is kept as a prefix and its size, so the log (up to
 * MAX_ENTRIES entries) stays within tens of megabytes whatever clients send.
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

/** The `body`/`bodyNote` of an entry for a body read as `text` and parsed (or not) as `parsed`. */
export function loggedBody(
  text: string,
  parsed: { ok: true; value: unknown } | { ok: false },
): Pick<RequestLogEntry, "body" | "bodyNote"> {
  const bytes = Buffer.byteLength(text);
  if (bytes <= MAX_LOGGED_BODY_BYTES) return { body: parsed.ok ? parsed.value : text };
  return {
    body: text.slice(0, MAX_LOGGED_BODY_BYTES),
    bodyNote: `truncated: ${bytes} bytes, first ${MAX_LOGGED_BODY_BYTES} characters kept`,
  };
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
