/**
 * Client-side rate limit: an adaptive token bucket, so that a large stack (hundreds of definitions refreshed at once)
 * is paced by the engine's parallelism and by DataRobot, not by a fixed ceiling of ours.
 *
 * The bucket holds up to one second's worth of tokens and refills at the current rate. A caller that finds it empty
 * reserves the next token (the count goes negative) and sleeps until it is due, so concurrent callers queue up in
 * order without a separate queue.
 *
 * The rate starts at the ceiling. When DataRobot answers 429 (`throttled`), the rate halves (at most once per
 * `decreaseIntervalMs`: the requests already in flight when the first 429 came back would otherwise halve it again
 * for the same overload) and, when the answer carried `Retry-After`, every caller waits until then, not only the one
 * that got the 429. The rate then recovers slowly and linearly (`recoveryPerSecond` requests/s for every second
 * without a 429) back up to the ceiling: the classic additive-increase, multiplicative-decrease of TCP.
 *
 * Deadlines: the client is shared by every resource of a provider process (one per endpoint), so a pause must never
 * hold a request past its own operation's deadline. `take` is given that deadline and the caller's signal: a wait
 * that would end after the deadline is refused at once (`LimiterWaitRefused`, the caller fails its operation with
 * a clear error) and a signal ends the wait. The caller (http.ts) also pauses the limiter only for a Retry-After its
 * own operation can honour, so a `Retry-After: 3600` that the retry loop refuses pauses nobody.
 */
import type { Sleep } from "./sleep";

export interface AdaptiveRateOptions {
  /** The starting and highest rate, requests per second. */
  maxPerSecond: number;
  /** The rate never drops below this (a server that always answers 429 still sees some progress). */
  minPerSecond: number;
  /** Requests per second the rate regains for each second without a 429. */
  recoveryPerSecond: number;
  /** A 429 within this long after the last decrease does not decrease the rate again. */
  decreaseIntervalMs: number;
}

export class AdaptiveRateLimiter {
  private tokens: number;
  private rate: number;
  private lastRefill: number;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private readonly options: AdaptiveRateOptions;

  constructor(
    options: Partial<AdaptiveRateOptions> & { maxPerSecond: number },
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {
    if (!(options.maxPerSecond > 0)) throw new RangeError("AdaptiveRateLimiter needs a positive rate");
    const maxPerSecond = options.maxPerSecond;
    this.options = {
      maxPerSecond,
      minPerSecond: Math.min(maxPerSecond, options.minPerSecond ?? DEFAULT_MIN_REQUESTS_PER_SECOND),
      recoveryPerSecond: options.recoveryPerSecond ?? Math.max(1, maxPerSecond / RECOVERY_SECONDS),
      decreaseIntervalMs: options.decreaseIntervalMs ?? 1000,
    };
    this.rate = maxPerSecond;
    this.tokens = this.burst();
    this.lastRefill = now();
  }

  /** The current rate, requests per second (after recovery up to now). */
  currentRate(): number {
    this.refill(this.now());
    return this.rate;
  }

  /**
   * Waits until a request may be sent; returns how long it waited (ms). A wait that would end after `deadlineAt`
   * (on this limiter's clock) is not started: it rejects at once with LimiterWaitRefused, and the token is given
   * back. `signal` ends the wait (rejecting with its reason).
   */
  async take(limits: { deadlineAt?: number; signal?: AbortSignal } = {}): Promise<number> {
    limits.signal?.throwIfAborted();
    const now = this.now();
    this.refill(now);
    this.tokens -= 1;
    const tokenWait = this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
    const pauseWait = Math.ceil(this.pausedUntil - now);
    const wait = Math.max(tokenWait, pauseWait);
    if (wait <= 0) return 0;
    if (limits.deadlineAt !== undefined && now + wait > limits.deadlineAt) {
      this.tokens += 1;
      throw new LimiterWaitRefused(wait, Math.max(0, limits.deadlineAt - now), pauseWait >= tokenWait);
    }
    try {
      await this.sleep(wait, limits.signal);
    } catch (error) {
      this.tokens += 1; // the request will not be sent
      throw error;
    }
    return wait;
  }

  /** DataRobot answered 429: slow down, and hold every caller until `retryAfterMs` (when the server gave one). */
  throttled(retryAfterMs?: number): void {
    const now = this.now();
    this.refill(now);
    if (now - this.lastDecrease >= this.options.decreaseIntervalMs) {
      this.rate = Math.max(this.options.minPerSecond, this.rate / 2);
      this.lastDecrease = now;
      // No burst right after a 429: what is left of the bucket would go straight into the overloaded server.
      this.tokens = Math.min(this.tokens, 0);
    }
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    }
  }

  private burst(): number {
    return Math.max(1, this.rate);
  }

  private refill(now: number): void {
    const elapsedS = Math.max(0, now - this.lastRefill) / 1000;
    this.lastRefill = now;
    this.tokens = Math.min(this.burst(), this.tokens + elapsedS * this.rate);
    // Recovery starts counting once the pause a server asked for is over.
    const recovering = Math.max(0, now - Math.max(this.lastDecrease, this.pausedUntil)) / 1000;
    if (this.rate < this.options.maxPerSecond && recovering > 0) {
      const regained = Math.min(elapsedS, recovering) * this.options.recoveryPerSecond;
      this.rate = Math.min(this.options.maxPerSecond, this.rate + regained);
    }
  }
}

/** A request's wait for the limiter would end after its operation's deadline: it was not sent. */
export class LimiterWaitRefused extends Error {
  constructor(
    /** How long the request would have waited. */
    readonly waitMs: number,
    /** What was left of its operation's budget. */
    readonly remainingMs: number,
    /** True when the wait is a server's Retry-After pause (false: the lowered rate of the token bucket). */
    readonly pausedByServer: boolean,
  ) {
    super(
      `not sent: this client would hold it ${(waitMs / 1000).toFixed(1)} s ` +
        (pausedByServer
          ? "(the Retry-After of an earlier 429 from DataRobot)"
          : "(its request rate, lowered after 429 answers from DataRobot)") +
        `, more than the ${(remainingMs / 1000).toFixed(1)} s left before this operation's deadline`,
    );
    this.name = "LimiterWaitRefused";
  }
}

/**
 * The default starting rate (and ceiling). The engine already bounds the provider to `--parallel` operations in
 * flight (default 8), so a stack's request rate is parallelism / latency: the limiter should never be what sets the
 * pace of normal work. At a fixed 100 requests/s it did: a refresh of 1000 definitions took 10 s where the engine's
 * floor is ~3 s (see bench/). DataRobot documents no rate limit for these routes; when it answers 429 the limiter
 * backs off (above) and the request is retried honouring Retry-After (retry.ts).
 */
export const DEFAULT_REQUESTS_PER_SECOND = 1000;

/** The lowest rate after repeated 429s. */
export const DEFAULT_MIN_REQUESTS_PER_SECOND = 2;

/** By default the rate regains the ceiling from zero over this many seconds without a 429 (slowly). */
const RECOVERY_SECONDS = 60;

/** The limiter for `requestsPerSecond` (0 or less disables it): starts at that rate, which is also its ceiling. */
export function createRateLimiter(
  requestsPerSecond: number,
  now: () => number,
  sleep: Sleep,
): AdaptiveRateLimiter | undefined {
  if (!(requestsPerSecond > 0)) return undefined;
  return new AdaptiveRateLimiter({ maxPerSecond: requestsPerSecond }, now, sleep);
}
