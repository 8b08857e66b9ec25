/**
 * Injected faults (admin contract in the brief): per method + path regex, answer with a status, delay, or drop
 * the connection before or after handling; each fault fires `times` times (0 = forever).
 */
import { HttpError, isPlainObject } from "./http";

export interface FaultSpec {
  method?: string;
  /** Regex source matched against the path after /api/v2 (as sent, incl. trailing slash). */
  path: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  latencyMs?: number;
  drop?: "before" | "after";
  /** Default 1; 0 = forever. */
  times?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  remaining: number; // Infinity for "forever"
  pattern: RegExp;
}

export class Faults {
  private faults: Fault[] = [];
  private next = 1;

  /** Validates and stores a fault; bad specs are the test author's mistake, so they get a 400 with the reason. */
  add(spec: unknown): Fault {
    if (!isPlainObject(spec) || typeof spec.path !== "string")
      throw new HttpError(400, "A fault needs a `path` (regex source)");
    let pattern: RegExp;
    try {
      pattern = new RegExp(spec.path);
    } catch (error) {
      throw new HttpError(400, `Fault path is not a valid regex: ${(error as Error).message}`);
    }
    const { status, latencyMs, drop, times, method, headers } = spec;
    if (status !== undefined && (typeof status !== "number" || status < 100 || status > 599))
      throw new HttpError(400, "Fault status must be an HTTP status code");
    if (drop !== undefined && drop !== "before" && drop !== "after")
      throw new HttpError(400, 'Fault drop must be "before" or "after"');
    if (latencyMs !== undefined && (typeof latencyMs !== "number" || latencyMs < 0))
      throw new HttpError(400, "Fault latencyMs must be a non-negative number");
    if (times !== undefined && (typeof times !== "number" || !Number.isInteger(times) || times < 0))
      throw new HttpError(400, "Fault times must be a non-negative integer (0 = forever)");
    if (status === undefined && drop === undefined && latencyMs === undefined)
      throw new HttpError(400, "A fault needs at least one of status, drop or latencyMs");
    if (headers !== undefined && !isPlainObject(headers)) throw new HttpError(400, "Fault headers must be an object");
    const fault: Fault = {
      ...(spec as unknown as FaultSpec),
      method: typeof method === "string" ? method.toUpperCase() : undefined,
      id: `fault-${this.next++}`,
      remaining: times === 0 ? Infinity : (times ?? 1),
      pattern,
    };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map(({ pattern: _pattern, remaining, ...rest }) => ({
      ...rest,
      remaining: remaining === Infinity ? 0 : remaining,
    }));
  }

  /** The first matching fault (consuming one use), or undefined. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => (!f.method || f.method === method) && f.pattern.test(path));
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
  if (fault.drop) parts.push(`drop ${fault.drop}`);
  else if (fault.status) parts.push(`status ${fault.status}`);
  return parts.join(" ");
}
