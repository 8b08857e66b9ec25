import { createRateLimiter, TokenBucket } from "../../../provider/client/rate-limit";
import { fakeTime, ScriptServer, testClient, envelope } from "./helpers";

describe("TokenBucket", () => {
  it("lets a burst through, then spaces requests at the rate", async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(5, 5, time.now, time.sleep);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) waits.push(await bucket.take());
    expect(waits).toEqual([0, 0, 0, 0, 0, 200, 200, 200]);
  });

  it("refills over time", async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(10, 2, time.now, time.sleep);
    await bucket.take();
    await bucket.take();
    time.advance(1000); // refills to the burst of 2, not 10
    expect([await bucket.take(), await bucket.take(), await bucket.take()]).toEqual([0, 0, 100]);
  });

  it("queues concurrent callers in order by reserving tokens", async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(10, 1, time.now, async () => undefined); // sleep does not move time here
    const waits = await Promise.all([bucket.take(), bucket.take(), bucket.take(), bucket.take()]);
    expect(waits).toEqual([0, 100, 200, 300]);
  });

  it("is disabled by a rate of 0", () => {
    const time = fakeTime();
    expect(createRateLimiter(0, time.now, time.sleep)).toBeUndefined();
    expect(createRateLimiter(-1, time.now, time.sleep)).toBeUndefined();
    expect(() => new TokenBucket(0, 1, time.now, time.sleep)).toThrow(RangeError);
  });
});

describe("client-side rate limit", () => {
  let server: ScriptServer;
  beforeAll(async () => {
    server = await ScriptServer.start(() => ({ status: 200, body: envelope([]) }));
  });
  afterAll(() => server.close());

  it("25 requests at 10/s: 10 pass at once, the rest wait 100 ms each (fake clock)", async () => {
    const { client, time } = testClient(server, { requestsPerSecond: 10 });
    for (let i = 0; i < 25; i++) await client.listJobDefinitions();
    expect(server.requests).toHaveLength(25);
    expect(time.sleeps).toEqual(Array(15).fill(100));
  });
});
