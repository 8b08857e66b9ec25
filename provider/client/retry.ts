/**
 * Retry policy: which failures are retried, how long to wait, and the loop that applies it.
 *
 * Waits grow exponentially with "equal jitter" (half of the delay fixed, half random) so that many clients that
 * failed together do not retry together, while every wait still has a lower bound. A server's Retry-After wins over
 * the computed delay. Every operation has a total deadline; a wait that would cross it ends the operation at once
 * with a DeadlineExceededError instead of sleeping in vain. A caller's AbortSignal ends every wait, and is handed to
 * each attempt with the deadline (the rate limiter waits on both).
 */
import { formatSeconds } from "../values";
import { DataRobotApiError, DeadlineExceededError, rebuildError } from "./errors";
import type { Sleep } from "./sleep";

export interface RetryPolicy {
  /** Delay before the first retry, before jitter. */
  baseDelayMs: number;
  /** Upper bound of the computed (non Retry-After) delay. */
  maxDelayMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Total budget of one operation, measured from its first attempt. */
  deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetries: 8,
  deadlineMs: 120_000,
};

/** Jitter added on top of a server's Retry-After: up to 10% of it, at most 1 s. */
const RETRY_AFTER_JITTER_FRACTION = 0.1;
const RETRY_AFTER_JITTER_CAP_MS = 1000;

/**
 * Parses a Retry-After header: delta-seconds ("2", leniently "1.5") or an HTTP date.
 * Returns milliseconds to wait (0 for dates in the past), or undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | string[] | undefined | null, nowMs: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Only accept things that look like a date (HTTP-date has a weekday or month name), not e.g. "-1".
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** The computed delay before retry number `retry` (1 = first retry): equal jitter over an exponential, capped. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** The delay before a retry: the server's Retry-After (plus a little jitter) when given, else the backoff. */
export function retryDelay(retry: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) {
    const jitter = Math.min(RETRY_AFTER_JITTER_CAP_MS, retryAfterMs * RETRY_AFTER_JITTER_FRACTION);
    return Math.round(retryAfterMs + random() * jitter);
  }
  return backoffDelay(retry, policy, random);
}

export interface RetryEnvironment {
  policy: RetryPolicy;
  sleep: Sleep;
  now: () => number;
  random: () => number;
  log: (line: string) => void;
}

/** What an attempt must respect: the operation's deadline (on the environment's clock) and the caller's signal. */
export interface AttemptContext {
  deadlineAt: number;
  signal?: AbortSignal;
}

/** What to do with a failed attempt. */
export type RetryDecision = "retry" | "fail";

export interface RetryLoop<T> {
  method: string;
  path: string;
  /** One attempt; throws a DataRobotApiError on failure. */
  attempt: (attemptNumber: number, context: AttemptContext) => Promise<T>;
  /** Whether this failure is worth another attempt. */
  decide: (error: DataRobotApiError, attemptNumber: number) => RetryDecision;
  /**
   * Runs after the wait and before the next attempt (e.g. look up whether an ambiguous create was stored).
   * Returning `{ resolved }` ends the operation with that value. `deadlineAt` is when the operation's budget ends.
   */
  beforeRetry?: (error: DataRobotApiError, deadlineAt: number) => Promise<{ resolved: T } | undefined>;
  /** Absolute end of the budget when this loop is nested in another operation; default now + policy.deadlineMs. */
  deadlineAt?: number;
  /** Ends the operation (rejecting with the signal's reason) at once, also in the middle of a wait. */
  signal?: AbortSignal;
}

export async function runWithRetries<T>(env: RetryEnvironment, loop: RetryLoop<T>): Promise<T> {
  const start = env.now();
  const deadlineAt = loop.deadlineAt ?? start + env.policy.deadlineMs;
  const budgetMs = deadlineAt - start;
  const context: AttemptContext = { deadlineAt, ...(loop.signal ? { signal: loop.signal } : {}) };
  for (let attemptNumber = 1; ; attemptNumber++) {
    let error: DataRobotApiError;
    loop.signal?.throwIfAborted();
    try {
      return await loop.attempt(attemptNumber, context);
    } catch (caught) {
      if (!(caught instanceof DataRobotApiError)) throw caught;
      error = caught;
    }
    const withAttempts = attemptNumber > 1 ? rebuildError(error, { attempts: attemptNumber }) : error;
    if (loop.decide(error, attemptNumber) === "fail") throw withAttempts;
    if (attemptNumber > env.policy.maxRetries) throw withAttempts;

    const computed = retryDelay(attemptNumber, env.policy, env.random, error.retryAfterMs);
    const elapsed = env.now() - start;
    // A server's Retry-After is what must fit before the deadline (the same test http.ts makes before pausing the
    // rate limiter for it); the jitter on top of it is ours, and is cut at the deadline.
    if (env.now() + (error.retryAfterMs ?? computed) > deadlineAt) {
      if (error.retryAfterMs === undefined) {
        throw new DeadlineExceededError(error, attemptNumber, elapsed, budgetMs);
      }
      const asked = formatSeconds(error.retryAfterMs);
      const left = formatSeconds(Math.max(0, deadlineAt - env.now()));
      throw new DeadlineExceededError(
        error,
        attemptNumber,
        elapsed,
        budgetMs,
        `the server asked to wait ${asked} (Retry-After), more than the ${left} left before this operation's deadline`,
        `Wait ${asked} and run again, or raise the operation's timeout` +
          (error.status === 429 ? " (or DataRobot's rate limit or quota for this user)" : ""),
      );
    }
    const wait = Math.min(computed, deadlineAt - env.now());
    const cause = error.status === 0 ? error.apiMessage : String(error.status);
    env.log(
      `retry ${loop.method} ${loop.path} after ${cause} attempt=${attemptNumber} wait=${wait}ms` +
        (error.retryAfterMs !== undefined ? ` retryAfter=${error.retryAfterMs}ms` : ""),
    );
    await env.sleep(wait, loop.signal);
    if (loop.beforeRetry) {
      const outcome = await loop.beforeRetry(error, deadlineAt);
      if (outcome) return outcome.resolved;
      if (env.now() >= deadlineAt) {
        throw new DeadlineExceededError(error, attemptNumber, env.now() - start, budgetMs);
      }
    }
  }
}
