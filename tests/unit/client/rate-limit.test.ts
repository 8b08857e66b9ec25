import {
  AdaptiveRateLimiter,
  createRateLimiter,
  DEFAULT_REQUESTS_PER_SECOND,
} from "../../../provider/client/rate-limit";
import { envelope, fakeTime, ScriptServer, testClient } from "../helpers";

describe("AdaptiveRateLimiter: the token bucket at a steady rate", () => {
  it("lets a burst of one second's worth through, then spaces requests at the rate", async () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ maxPerSecond: 5 }, time.now, time.sleep);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) waits.push(await limiter.take());
    expect(waits).toEqual([0, 0, 0, 0, 0, 200, 200, 200]);
  });

  it("refills over time, up to one second's worth", async () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ maxPerSecond: 2 }, time.now, time.sleep);
    await limiter.take();
    await limiter.take();
    time.advance(5000); // refills to the burst of 2, not 10
    expect([await limiter.take(), await limiter.take(), await limiter.take()]).toEqual([0, 0, 500]);
  });

  it("queues concurrent callers in order by reserving tokens", async () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ maxPerSecond: 1 }, time.now, async () => undefined);
    const waits = await Promise.all([limiter.take(), limiter.take(), limiter.take(), limiter.take()]);
    expect(waits).toEqual([0, 1000, 2000, 3000]);
  });

  it("is disabled by a rate of 0; starts at DEFAULT_REQUESTS_PER_SECOND by default (high: 1000/s)", () => {
    const time = fakeTime();
    expect(createRateLimiter(0, time.now, time.sleep)).toBeUndefined();
    expect(createRateLimiter(-1, time.now, time.sleep)).toBeUndefined();
    expect(() => new AdaptiveRateLimiter({ maxPerSecond: 0 }, time.now, time.sleep)).toThrow(RangeError);
    expect(DEFAULT_REQUESTS_PER_SECOND).toBe(1000);
    expect(createRateLimiter(DEFAULT_REQUESTS_PER_SECOND, time.now, time.sleep)?.currentRate()).toBe(1000);
  });
});

describe("AdaptiveRateLimiter: backs off on 429, recovers slowly", () => {
  const options = { maxPerSecond: 100, minPerSecond: 10, recoveryPerSecond: 5, decreaseIntervalMs: 1000 };

  it("halves the rate on a 429 and drops the burst left in the bucket", async () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter(options, time.now, time.sleep);
    await limiter.take();
    limiter.throttled();
    expect(limiter.currentRate()).toBe(50);
    // No burst after the 429: the next requests are spaced at the new rate (20 ms apart).
    expect([await limiter.take(), await limiter.take(), await limiter.take()]).toEqual([20, 20, 20]);
  });

  it("halves once for the 429s of requests that were in flight together, again after the interval", () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter(options, time.now, time.sleep);
    for (let i = 0; i < 8; i++) limiter.throttled();
    expect(limiter.currentRate()).toBe(50);
    time.advance(999);
    limiter.throttled();
    expect(limiter.currentRate()).toBeCloseTo(50 + 0.999 * 5, 6); // recovered a little, not halved again
    time.advance(1);
    limiter.throttled();
    expect(limiter.currentRate()).toBeCloseTo((50 + 5) / 2, 6);
  });

  it("never goes below the floor", () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter(options, time.now, time.sleep);
    for (let i = 0; i < 10; i++) {
      limiter.throttled();
      time.advance(1000);
      limiter.currentRate();
    }
    limiter.throttled();
    expect(limiter.currentRate()).toBe(10);
  });

  it("holds every caller until Retry-After, not only the one that got the 429", async () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ ...options, maxPerSecond: 1000 }, time.now, time.sleep);
    limiter.throttled(3000);
    expect(await limiter.take()).toBe(3000);
    // After the pause the bucket has refilled at the halved rate: the next requests pass.
    expect(await limiter.take()).toBe(0);
  });

  it("recovers linearly (recoveryPerSecond per second without a 429) up to the ceiling, not beyond", () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter(options, time.now, time.sleep);
    limiter.throttled();
    time.advance(4000);
    expect(limiter.currentRate()).toBeCloseTo(70, 6);
    time.advance(6000);
    expect(limiter.currentRate()).toBe(100);
    time.advance(60_000);
    expect(limiter.currentRate()).toBe(100);
  });

  it("starts recovering only when the server's Retry-After pause is over", () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter(options, time.now, time.sleep);
    limiter.throttled(10_000);
    time.advance(10_000);
    expect(limiter.currentRate()).toBe(50);
    time.advance(2000);
    expect(limiter.currentRate()).toBeCloseTo(60, 6);
  });

  it("by default recovers from half the ceiling to the ceiling in 30 s", () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ maxPerSecond: 1000 }, time.now, time.sleep);
    limiter.throttled();
    time.advance(15_000);
    expect(limiter.currentRate()).toBeCloseTo(750, 6);
    time.advance(15_000);
    expect(limiter.currentRate()).toBe(1000);
  });
});

describe("client-side rate limit", () => {
  let server: ScriptServer;
  beforeAll(async () => {
    server = await ScriptServer.start(() => ({ status: 200, body: envelope([]) }));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it("25 requests at 10/s: 10 pass at once, the rest wait 100 ms each (fake clock)", async () => {
    const { client, time } = testClient(server, { requestsPerSecond: 10 });
    for (let i = 0; i < 25; i++) await client.listJobDefinitions();
    expect(server.requests).toHaveLength(25);
    expect(time.sleeps).toEqual(Array(15).fill(100));
  });

  it("a 429 halves the client's rate: the requests after the retry are spaced 200 ms apart instead of 100", async () => {
    const { client, time } = testClient(server, { requestsPerSecond: 10 });
    for (let i = 0; i < 10; i++) await client.listJobDefinitions(); // the burst of 10 at once
    server.reply({ status: 429, body: { message: "slow down" } });
    await client.listJobDefinitions(); // 429 (the 11th token waited 100 ms), retried after the backoff of 375 ms
    for (let i = 0; i < 3; i++) await client.listJobDefinitions();
    expect(server.requests).toHaveLength(15);
    expect(time.sleeps.slice(0, 2)).toEqual([100, 375]);
    // The 375 ms refilled ~1.9 tokens at 5/s, so the retry and the next request pass almost at once; after that the
    // spacing is the halved rate's ~200 ms (a little less: the rate recovers by 10/60 requests/s every second).
    const spacing = time.sleeps.slice(3);
    expect(spacing).toHaveLength(2);
    for (const ms of spacing) expect(ms).toBeGreaterThan(170);
    for (const ms of spacing) expect(ms).toBeLessThanOrEqual(200);
  });

  it("a 429 with Retry-After holds the next requests until then (fake clock)", async () => {
    const { client, time } = testClient(server, { requestsPerSecond: 10 });
    server.reply({ status: 429, headers: { "Retry-After": "2" }, body: { message: "slow down" } });
    await client.listJobDefinitions(); // 429: the retry loop waits Retry-After + 10% jitter (random 0.5)
    expect(time.sleeps).toEqual([2100]);
    expect(server.requests).toHaveLength(2);
  });
});
