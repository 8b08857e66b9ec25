/**
 * The poller's notion of time. Injectable so that tests can run a "60-second" job against an emulator with
 * timeScale 60 and still see the poll schedule of a real minute (and count its requests meaningfully).
 */
import { abortableSleep } from "../client/sleep";

export interface RunClock {
  /** Milliseconds, on this clock's time line. */
  now(): number;
  /** Waits `ms` on this clock's time line; rejects with the signal's reason when `signal` fires first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wall-clock time. */
export const realClock: RunClock = {
  now: () => Date.now(),
  sleep: abortableSleep,
};

/**
 * A clock running `scale` times faster than wall time (like the emulator's `timeScale`): `sleep(60_000)` takes
 * 1 real second at scale 60, and `now()` advances 60 ms per real millisecond.
 */
export function scaledClock(scale: number): RunClock {
  if (!(scale > 0)) throw new RangeError(`scaledClock: scale must be > 0 (got ${scale})`);
  const realStart = Date.now();
  return {
    now: () => realStart + (Date.now() - realStart) * scale,
    sleep: (ms, signal) => abortableSleep(ms / scale, signal),
  };
}
