/**
 * Injected faults (the admin routes: emulator/README.md): per method + path pattern, answer with a status, delay, or drop
 * the connection before or after handling; each fault fires `times` times (0 = forever).
 *
 * Paths are matched with a small pattern language instead of user regexes, whose catastrophic backtracking could
 * block the event loop (`^/(a+)+$`): segment by segment, in time linear in the path's length.
 */
import { HttpError, isPlainObject } from "./router";

/**
 * The longest latency a fault can add. Node's timers take at most 2^31-1 ms (about 24.8 days) and fire a longer
 * delay after 1 ms with a TimeoutOverflowWarning; an hour is far beyond any test's need.
 */
export const MAX_LATENCY_MS = 3_600_000;

export interface FaultSpec {
  method?: string;
  /**
   * Pattern for the path after /api/v2: `/batchPredictionJobDefinitions` (exact), `*` for one whole segment
   * (`/batchPredictions/*`), `**` as the last segment for any number of segments (`/batchPredictionJobDefinitions/**`;
   * `/**` matches everything). A trailing slash is optional on both sides.
   */
  path: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  latencyMs?: number;
  drop?: "before" | "after";
  /**
   * The request is handled (a create stores its definition), then its 2xx answer is replaced: `empty` sends the
   * status with no body at all; `another-definition` sends the body of another stored definition (the first one, in
   * creation order, whose id is not the one the answer was about), as a proxy or cache that mixes up answers would.
   * With `status` too, the replaced answer has that status (e.g. 200 instead of a create's 202).
   */
  answer?: "empty" | "another-definition";
  /** Default 1; 0 = forever. */
  times?: number;
}

/** The replaced answers a fault can give (`answer`). */
export const FAULT_ANSWERS = ["empty", "another-definition"] as const;

export interface Fault extends FaultSpec {
  id: string;
  remaining: number; // Infinity for "forever"
  segments: string[];
}

const PATTERN_HELP =
  "a path pattern such as /batchPredictionJobDefinitions, /batchPredictions/* (* = one segment) or " +
  "/batchPredictionJobDefinitions/** (** at the end = any number of segments); regexes are not accepted";

function segmentsOf(path: string): string[] {
  const trimmed = path.endsWith("/") ? path.slice(0, -1) : path;
  return trimmed.split("/").slice(1);
}

/** Parses and checks a fault's path pattern; a 400 names the mistake. */
export function parsePathPattern(pattern: string): string[] {
  if (!pattern.startsWith("/"))
    throw new HttpError(
      400,
      `Fault path ${JSON.stringify(pattern.slice(0, 100))} must start with "/": ${PATTERN_HELP}`,
    );
  if (pattern.length > 1000) throw new HttpError(400, "Fault path is longer than 1000 characters");
  const segments = segmentsOf(pattern);
  segments.forEach((segment, index) => {
    const wildcard = segment === "*" || (segment === "**" && index === segments.length - 1);
    if (!wildcard && /[*^$()[\]{}|+?\\]/.test(segment))
      throw new HttpError(400, `Fault path segment ${JSON.stringify(segment.slice(0, 100))} is not ${PATTERN_HELP}`);
  });
  return segments;
}

/** True when the path (as sent, after /api/v2) matches the parsed pattern. */
export function matchesPath(pattern: string[], path: string): boolean {
  const actual = segmentsOf(path);
  for (let index = 0; index < pattern.length; index++) {
    const expected = pattern[index];
    if (expected === "**") return true;
    if (index >= actual.length) return false;
    if (expected === "*" ? actual[index] === "" : expected !== actual[index]) return false;
  }
  return pattern.length === actual.length;
}

export class Faults {
  private faults: Fault[] = [];
  private next = 1;

  /** Validates and stores a fault; bad specs are the test author's mistake, so they get a 400 with the reason. */
  add(spec: unknown): Fault {
    if (!isPlainObject(spec) || typeof spec.path !== "string")
      throw new HttpError(400, `A fault needs a \`path\`: ${PATTERN_HELP}`);
    const segments = parsePathPattern(spec.path);
    const { status, latencyMs, drop, times, method, headers, answer } = spec;
    if (status !== undefined && (typeof status !== "number" || status < 100 || status > 599))
      throw new HttpError(400, "Fault status must be an HTTP status code");
    if (drop !== undefined && drop !== "before" && drop !== "after")
      throw new HttpError(400, 'Fault drop must be "before" or "after"');
    if (
      latencyMs !== undefined &&
      (typeof latencyMs !== "number" || !Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS)
    )
      throw new HttpError(
        400,
        `Fault latencyMs must be a number of milliseconds from 0 to ${MAX_LATENCY_MS} (1 hour); got ${JSON.stringify(latencyMs)}`,
      );
    if (times !== undefined && (typeof times !== "number" || !Number.isInteger(times) || times < 0))
      throw new HttpError(400, "Fault times must be a non-negative integer (0 = forever)");
    if (answer !== undefined && !(FAULT_ANSWERS as readonly unknown[]).includes(answer))
      throw new HttpError(400, `Fault answer must be one of ${FAULT_ANSWERS.map((a) => `"${a}"`).join(", ")}`);
    if (answer !== undefined && drop !== undefined)
      throw new HttpError(400, "Fault answer replaces the handled answer: it cannot be combined with drop");
    if (status === undefined && drop === undefined && latencyMs === undefined && answer === undefined)
      throw new HttpError(400, "A fault needs at least one of status, drop, latencyMs or answer");
    if (headers !== undefined && !isPlainObject(headers)) throw new HttpError(400, "Fault headers must be an object");
    const fault: Fault = {
      ...(spec as unknown as FaultSpec),
      method: typeof method === "string" ? method.toUpperCase() : undefined,
      id: `fault-${this.next++}`,
      remaining: times === 0 ? Infinity : (times ?? 1),
      segments,
    };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map(({ segments: _segments, remaining, ...rest }) => ({
      ...rest,
      remaining: remaining === Infinity ? 0 : remaining,
    }));
  }

  /** The first matching fault (consuming one use), or undefined. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => (!f.method || f.method === method) && matchesPath(f.segments, path));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}

/** A short label for the request log. */
export function describeFault(fault: Fault): string {
  const parts = [fault.id];
  if (fault.latencyMs) parts.push(`latency ${fault.latencyMs}ms`);
  if (fault.answer) parts.push(`answer ${fault.answer}`);
  if (fault.drop) parts.push(`drop ${fault.drop}`);
  else if (fault.status) parts.push(`status ${fault.status}`);
  return parts.join(" ");
}
