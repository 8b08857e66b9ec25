/**
 * Client-side rate limit: a token bucket, so that a large stack (hundreds of definitions refreshed at once) spreads
 * its requests out instead of tripping DataRobot's 429s.
 *
 * The bucket holds up to `burst` tokens and refills at `ratePerSecond`. A caller that finds it empty reserves the next
 * token (the count goes negative) and sleeps until it is due, so concurrent callers queue up in order without a
 * separate queue.
 */
export class TokenBucket {
  private tokens: number;
  private lastRefill: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError("TokenBucket needs a positive rate");
    this.tokens = burst;
    this.lastRefill = now();
  }

  /** Waits until a request may be sent; returns how long it waited (ms). */
  async take(): Promise<number> {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastRefill) / 1000) * this.ratePerSecond);
    this.lastRefill = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    const wait = Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
    await this.sleep(wait);
    return wait;
  }
}

/**
 * The default client-side limit. It is a ceiling against runaway bursts, not a pacing of normal work: the engine
 * already bounds the provider to `--parallel` (default 8) operations in flight, so a stack's request rate is
 * 8 / latency. At 10 requests/s the limiter, not the engine or DataRobot, set the pace of every stack above ~20
 * definitions (100 creates or refreshes took 10 s where the engine's floor is ~3 s: see bench/), and at 50/s it still
 * set the pace of a 300-definition refresh. DataRobot documents no rate limit for these routes; its 429s, if any, are
 * retried honouring Retry-After.
 */
export const DEFAULT_REQUESTS_PER_SECOND = 100;

/** The limiter for `requestsPerSecond` (0 or less disables it); bursts of up to one second's worth. */
export function createRateLimiter(
  requestsPerSecond: number,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
): TokenBucket | undefined {
  if (!(requestsPerSecond > 0)) return undefined;
  return new TokenBucket(requestsPerSecond, Math.max(1, requestsPerSecond), now, sleep);
}
