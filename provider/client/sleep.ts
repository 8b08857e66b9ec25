/**
 * The one abortable sleep: every wait of the client (rate limiter, retry backoff) and of a run (polling) goes through
 * it, so that a caller's AbortSignal (Ctrl-C, SIGTERM, a pipeline's own timeout) ends any of them at once.
 */

/** What a fired signal rejects with: its reason, or a plain "aborted" error when it gave none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error("aborted");
}

/** A sleep that may be cut short: the signature every injectable sleep of the client and the runner shares. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Sleeps `ms` of wall time; rejects with the signal's reason as soon as `signal` fires. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    // setTimeout clamps anything beyond 2^31-1 ms to 1 ms: the callers never ask that much (waits are capped to a
    // deadline), but a clamp here keeps a mistake from becoming a busy loop.
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.min(MAX_TIMER_MS, Math.max(0, ms)),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The longest delay setTimeout honours (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;
