/**
 * Deadlines, cancellation and size limits of the client: a 429 with a long Retry-After fails only its own operation
 * and pauses no other request of the (shared) client beyond that request's deadline; every wait ends on the caller's
 * signal; JSON answers and error bodies are read within a bounded size.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import {
  DataRobotClient,
  DeadlineExceededError,
  RateLimitedError,
  ResponseTooLargeError,
  ServerError,
} from "../../../provider/client";
import { AdaptiveRateLimiter, LimiterWaitRefused } from "../../../provider/client/rate-limit";
import { abortableSleep } from "../../../provider/client/sleep";
import { caught, envelope, job, logLines, testClient, TOKEN, useScriptServer } from "../helpers";

const server = useScriptServer();

const QUOTA_429 = { status: 429, headers: { "Retry-After": "3600" }, body: { message: "Quota exceeded" } };

describe("a 429 with a Retry-After longer than the operation's budget", () => {
  it("fails that operation at once, naming the status, the Retry-After and what to do", async () => {
    const { client, time } = testClient(server, { requestsPerSecond: 10 });
    server.reply(QUOTA_429);
    const error = await caught(client.getJob("j1"));
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error.message).toBe(
      "DataRobot API: GET /batchPredictions/j1/ gave up after 1 attempt in 0.0 s (retry deadline 120.0 s; the " +
        "server asked to wait 3600 s (Retry-After), more than the 120 s left before this operation's deadline); " +
        "last error: 429 (Quota exceeded). Wait 3600 s and run again, or raise the operation's timeout (or " +
        "DataRobot's rate limit or quota for this user)",
    );
    expect(time.sleeps).toEqual([]);
  });

  it("does not pause the next requests of the same client (the poisoned limiter of before slept 3600 s)", async () => {
    const { client, time } = testClient(server, { requestsPerSecond: 10 });
    server.reply(QUOTA_429, { body: job("j2", "RUNNING") }, { body: envelope([]) });
    await caught(client.getJob("j1"));
    const started = time.now();
    expect((await client.getJob("j2")).status).toBe("RUNNING");
    expect(await client.listJobDefinitions()).toEqual([]);
    expect(time.now() - started).toBeLessThan(1000);
    expect(Math.max(0, ...time.sleeps)).toBeLessThan(1000);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /batchPredictions/j1/",
      "GET /batchPredictions/j2/",
      "GET /batchPredictionJobDefinitions/",
    ]);
  });

  it("concurrent requests on a real clock: the healthy one answers in milliseconds", async () => {
    // Real time and the default 1000 requests/s limiter, as the provider process shares one client per endpoint.
    const client = new DataRobotClient({ endpoint: server.url, token: TOKEN, logger: (l) => logLines.push(l) });
    server.onRequest((request) =>
      request.path === "/batchPredictions/poisoned/" ? QUOTA_429 : { body: job("healthy", "RUNNING") },
    );
    const t0 = Date.now();
    const [poisoned, healthy] = await Promise.allSettled([client.getJob("poisoned"), client.getJob("healthy")]);
    // Requests sent after the 429 came back are not held either.
    const later = await client.getJob("healthy");
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(poisoned.status).toBe("rejected");
    expect((poisoned as PromiseRejectedResult).reason).toBeInstanceOf(DeadlineExceededError);
    expect(healthy.status).toBe("fulfilled");
    expect(later.status).toBe("RUNNING");
  });

  it("a Retry-After that just fits is waited out: only our jitter on top of it is cut at the deadline", async () => {
    const { client, time } = testClient(server, { requestsPerSecond: 10 });
    server.reply({ status: 429, headers: { "Retry-After": "119" }, body: { message: "slow down" } });
    server.reply({ body: job("j1", "RUNNING") });
    // 119 s + 0.5 s of jitter (random 0.5) would cross the 119.2 s budget: the retry sleeps until the deadline.
    expect((await client.getJob("j1", { timeoutMs: 119_200 })).status).toBe("RUNNING");
    expect(time.sleeps).toEqual([119_200]);
    expect(server.requests).toHaveLength(2);
  });

  it("a Retry-After the operation can honour pauses the others, but never beyond their own deadline", async () => {
    // maxRetries 0: the 429 ends its operation, but its Retry-After (30 s, within its 40 s) pauses the client.
    const { client, time } = testClient(server, { requestsPerSecond: 10, maxRetries: 0 });
    server.reply({ status: 429, headers: { "Retry-After": "30" }, body: { message: "slow down" } });
    await caught(client.getJob("j3", { timeoutMs: 40_000 }));
    // An abort with a 5 s budget is not held 30 s: it fails at once, unsent, saying why.
    const error = await caught(client.abortJob("j1", { timeoutMs: 5000 }));
    expect(server.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
    expect(error).toBeInstanceOf(RateLimitedError); // maxRetries 0: the loop reports the unsent attempt itself
    expect(error.message).toContain(
      "DELETE /batchPredictions/j1/ failed with 429 (not sent: this client would hold it 30.0 s (the Retry-After of an earlier 429 from " +
        "DataRobot), more than the 5.0 s left before this operation's deadline)",
    );
    // A request with the default budget (120 s) waits the pause out, then is sent.
    server.reply({ body: job("j1", "RUNNING") });
    expect((await client.getJob("j1")).status).toBe("RUNNING");
    expect(time.sleeps).toEqual([30_000]);
  });
});

describe("an attempt ends by its operation's deadline", () => {
  it("a server that does not answer holds a 1.5 s operation 1.5 s, not the 30 s request timeout", async () => {
    const client = new DataRobotClient({ endpoint: server.url, token: TOKEN, requestsPerSecond: 0 });
    server.reply({ body: job("j1", "RUNNING"), delayMs: 5000 });
    const t0 = Date.now();
    const error = await caught(client.getJob("j1", { timeoutMs: 1500 }));
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    // The attempt gets what is left of the 1.5 s when it starts: a millisecond or two may have gone by then.
    expect(error.message).toMatch(/last error: timed out: no response within (1500|149\d) ms \(ECONNABORTED\)/);
  });
});

describe("the caller's signal ends every wait", () => {
  it("the rate limiter's pause", async () => {
    const limiter = new AdaptiveRateLimiter({ maxPerSecond: 10 }, Date.now, abortableSleep);
    limiter.throttled(60_000);
    const controller = new AbortController();
    const t0 = Date.now();
    setTimeout(() => controller.abort(new Error("terminated")), 50);
    await expect(limiter.take({ signal: controller.signal })).rejects.toThrow("terminated");
    expect(Date.now() - t0).toBeLessThan(1000);
    // The deadline alone refuses the wait without sleeping.
    await expect(limiter.take({ deadlineAt: Date.now() + 1000 })).rejects.toBeInstanceOf(LimiterWaitRefused);
  });

  it("the retry loop's backoff, on a real clock", async () => {
    const client = new DataRobotClient({ endpoint: server.url, token: TOKEN, requestsPerSecond: 0 });
    server.onRequest(() => ({ status: 503, headers: { "Retry-After": "60" }, body: { message: "busy" } }));
    const controller = new AbortController();
    const t0 = Date.now();
    setTimeout(() => controller.abort(new Error("interrupted")), 100);
    await expect(client.getJob("j1", { signal: controller.signal })).rejects.toThrow("interrupted");
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });
});

describe("response size limits", () => {
  it("a JSON answer beyond maxResponseBytes fails naming the limit, and is not retried", async () => {
    const { client } = testClient(server, { maxResponseBytes: 4096 });
    server.onRequest(() => ({ body: { ...job("j1", "RUNNING"), statusDetails: "x".repeat(10_000) } }));
    const error = await caught(client.getJob("j1"));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.message).toBe(
      "DataRobot API: GET /batchPredictions/j1/ failed: the response body is larger than 4 KiB " +
        "(maxResponseBytes), so it was not read further; this is not an answer of the DataRobot API. Check the " +
        "endpoint (a proxy or another server may be answering), or raise maxResponseBytes if the answer is legitimate",
    );
    expect(server.requests).toHaveLength(1);
  });

  it("a 429 without a Retry-After is still retried normally (the limit is only for sizes)", async () => {
    const { client } = testClient(server);
    server.reply({ status: 429, body: { message: "slow" } }, { body: job("j1", "RUNNING") });
    expect((await client.getJob("j1")).status).toBe("RUNNING");
    expect(server.requests).toHaveLength(2);
  });
});

describe("an error answer to a stream with an endless body", () => {
  let endless: http.Server;
  let base = "";
  beforeAll(async () => {
    endless = http.createServer((_req, res) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.write("Internal error: ");
      const timer = setInterval(() => res.write("x".repeat(65_536)), 5);
      res.on("close", () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => endless.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/api/v2`;
  });
  afterAll(async () => {
    endless.closeAllConnections();
    await new Promise<void>((resolve) => endless.close(() => resolve()));
  });

  it("keeps its status, reads a bounded prefix, and ends in well under a second", async () => {
    const client = new DataRobotClient({ endpoint: base, token: TOKEN, requestsPerSecond: 0 });
    const t0 = Date.now();
    const error = await caught(client.downloadResults(`${base}/batchPredictions/j1/download/`));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(
      /^DataRobot API: GET \/batchPredictions\/j1\/download\/ failed with 500 \(Internal error: x+/,
    );
  });
});
