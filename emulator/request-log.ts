/**
 * The admin-visible log of /api/v2 traffic. Headers are never recorded, so the Authorization header (the token)
 * cannot leak through it.
 */
import type { UserKey } from "./store";

export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  user: UserKey | null;
  fault?: string;
}

/** Oldest entries are discarded beyond this, so a long demo cannot grow memory without bound. */
const MAX_ENTRIES = 10_000;

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
