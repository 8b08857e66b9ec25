/**
 * Waiting for a started job to end: poll it (GET /batchPredictions/{id}/) on the backoff schedule, on the run's
 * clock, reporting progress after every poll. Says how the wait ended; what that means for the caller (a result or
 * an error, an abort) is decided by the runner.
 *
 * A poll that fails transiently (429, 5xx, network; after the client's own retries) is skipped, waiting at least the
 * server's Retry-After; only more than `maxErrors` failures in a row end the wait (with that error). A 404 or any
 * other error ends it at once.
 */
import { DataRobotApiError, NotFoundError } from "../client/errors";
import { isTerminalStatus } from "../client/job-status";
import { nextPollDelay, type PollSchedule } from "./backoff";
import type { RunSession } from "./session";
import { isCancellation } from "./stop";

export interface WaitOptions {
  /** On the session's clock; Infinity waits forever. */
  deadline: number;
  schedule: PollSchedule;
  /** Failed polls in a row that are tolerated. */
  maxErrors: number;
  signal?: AbortSignal;
}

/** "ended": the job reached a terminal status (in `session.job`); "timeout": the deadline passed; "cancelled": the signal fired. */
export type WaitEnd = "ended" | "timeout" | "cancelled";

export async function waitUntilEnded(session: RunSession, options: WaitOptions): Promise<WaitEnd> {
  const { clock, client } = session;
  const { signal } = options;
  let retryAfterMs: number | undefined;
  let consecutiveErrors = 0;
  while (!isTerminalStatus(session.job.status)) {
    const remaining = options.deadline - clock.now();
    if (remaining <= 0) return "timeout";
    const delay = nextPollDelay(session.polls + 1, options.schedule, retryAfterMs);
    // Never sleep past the deadline: the last poll happens at the deadline, then the wait ends. Whether this poll is
    // the last is decided here, not by reading the clock after the sleep: a timer may fire a millisecond early, and
    // that must not buy one more poll.
    const atDeadline = delay >= remaining;
    try {
      await clock.sleep(Math.min(delay, remaining), signal);
      session.polls++;
      // The poll's own retries (429, 5xx) stay within the run's deadline and end on the signal: a Retry-After
      // longer than what is left fails the poll at once, and the wait then sleeps to the deadline at most.
      const polled = await client.getJob(session.job.id, {
        timeoutMs: Math.max(0, options.deadline - clock.now()),
        ...(signal ? { signal } : {}),
      });
      retryAfterMs = polled.retryAfterMs;
      consecutiveErrors = 0;
      session.job = polled;
    } catch (error) {
      if (isCancellation(error, signal)) return "cancelled";
      if (!(error instanceof DataRobotApiError) || !error.retryable || error instanceof NotFoundError) throw error;
      consecutiveErrors++;
      if (consecutiveErrors > options.maxErrors) throw error;
      retryAfterMs = error.retryAfterMs;
      if (atDeadline) return "timeout";
      continue;
    }
    session.report();
    if (signal?.aborted && !isTerminalStatus(session.job.status)) return "cancelled";
    if (atDeadline && !isTerminalStatus(session.job.status)) return "timeout";
  }
  return "ended";
}
