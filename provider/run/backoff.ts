/**
 * The polling schedule: fast at first (a short job is noticed quickly), doubling, then capped (a long job costs a
 * request every `maxMs`, not every 5 s like DataRobot's Python SDK). A server's Retry-After wins when it asks for
 * a longer wait. With the defaults (1 s, ×2, cap 15 s) a 60-second job is polled at 1, 3, 7, 15, 30, 45 and 60 s:
 * 7 polls instead of 12.
 */

export interface PollSchedule {
  /** Delay before the first poll; default 1000. */
  initialMs?: number;
  /** Growth factor between polls; default 2. */
  factor?: number;
  /** Cap of the delay between polls; default 15000. */
  maxMs?: number;
}

export const DEFAULT_POLL_SCHEDULE: Required<PollSchedule> = { initialMs: 1000, factor: 2, maxMs: 15_000 };

/** The delay before poll number `poll` (1 = first), ignoring Retry-After. */
export function pollDelay(poll: number, schedule: PollSchedule = {}): number {
  const { initialMs, factor, maxMs } = { ...DEFAULT_POLL_SCHEDULE, ...schedule };
  const delay = initialMs * factor ** Math.max(0, poll - 1);
  return Math.min(maxMs, Math.max(0, delay));
}

/** The delay to use: the schedule's, or the server's Retry-After when that is longer. */
export function nextPollDelay(poll: number, schedule: PollSchedule, retryAfterMs?: number): number {
  const computed = pollDelay(poll, schedule);
  return retryAfterMs !== undefined && retryAfterMs > computed ? retryAfterMs : computed;
}
