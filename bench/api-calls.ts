/** Summaries of the emulator's request log: calls per HTTP method, writes, and per-resource rates. */
import type { RequestLogEntry } from "../emulator";

export interface CallCounts {
  total: number;
  GET: number;
  POST: number;
  PATCH: number;
  DELETE: number;
  /** POST + PATCH + DELETE: requests that change something on DataRobot. */
  writes: number;
}

export function countCalls(log: RequestLogEntry[]): CallCounts {
  const counts: CallCounts = { total: log.length, GET: 0, POST: 0, PATCH: 0, DELETE: 0, writes: 0 };
  for (const entry of log) {
    const method = entry.method.toUpperCase();
    if (method === "GET" || method === "POST" || method === "PATCH" || method === "DELETE") counts[method] += 1;
    if (method === "POST" || method === "PATCH" || method === "DELETE") counts.writes += 1;
  }
  return counts;
}

/** "100 POST, 2 GET" style, methods with zero calls left out. */
export function describeCalls(counts: CallCounts): string {
  const parts = (["POST", "PATCH", "GET", "DELETE"] as const)
    .filter((method) => counts[method] > 0)
    .map((method) => `${counts[method]} ${method}`);
  return parts.length ? parts.join(", ") : "none";
}
