import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryDelay,
  RetryEnvironment,
  runWithRetries,
} from "../../../provider/client/retry";
import { DataRobotApiError, DeadlineExceededError, ServerError, createApiError } from "../../../provider/client/errors";
import { fakeTime } from "../helpers";

const NOW = Date.parse("2025-01-01T00:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => {
    expect(parseRetryAfter("2", NOW)).toBe(2000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
  });

  it("accepts fractional seconds leniently", () => {
    expect(parseRetryAfter("1.5", NOW)).toBe(1500);
  });

  it("reads an HTTP date relative to now", () => {
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:07 GMT", NOW)).toBe(7000);
  });

  it("treats an HTTP date in the past as 'now'", () => {
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:59:00 GMT", NOW)).toBe(0);
  });

  it("ignores absent or unparseable values", () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter("", NOW)).toBeUndefined();
    expect(parseRetryAfter("-1", NOW)).toBeUndefined();
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
  });

  it("uses the first value of a repeated header", () => {
    expect(parseRetryAfter(["3", "9"], NOW)).toBe(3000);
  });
});

describe("backoff", () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };

  it("doubles per retry with equal jitter: between half and all of the exponential step", () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, policy, () => 0))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, policy, () => 0.999999))).toEqual([100, 200, 400, 800]);
  });

  it("is capped at maxDelayMs", () => {
    expect(backoffDelay(10, policy, () => 0.999999)).toBe(1000);
    expect(backoffDelay(30, policy, () => 0)).toBe(500);
  });

  it("default policy: 500 ms base, 20 s cap", () => {
    expect(backoffDelay(1, DEFAULT_RETRY_POLICY, () => 0)).toBe(250);
    expect(backoffDelay(1, DEFAULT_RETRY_POLICY, () => 0.999999)).toBe(500);
    expect(backoffDelay(20, DEFAULT_RETRY_POLICY, () => 0.999999)).toBe(20_000);
  });

  it("a Retry-After wins over the backoff, plus at most 10% (≤ 1 s) of jitter", () => {
    expect(retryDelay(1, policy, () => 0, 2000)).toBe(2000);
    expect(retryDelay(1, policy, () => 0.999999, 2000)).toBe(2200);
    expect(retryDelay(5, policy, () => 0.999999, 60_000)).toBe(61_000);
    expect(retryDelay(1, policy, () => 0.5, 0)).toBe(0);
  });
});

describe("runWithRetries", () => {
  function env(deadlineMs: number, maxRetries = 8) {
    const time = fakeTime();
    const lines: string[] = [];
    const environment: RetryEnvironment = {
      policy: { baseDelayMs: 100, maxDelayMs: 1000, maxRetries, deadlineMs },
      sleep: time.sleep,
      now: time.now,
      random: () => 0,
      log: (line) => lines.push(line),
    };
    return { environment, time, lines };
  }
  const unavailable = () =>
    createApiError({ status: 503, method: "GET", path: "/x/", apiMessage: "Service Unavailable" });
  /** GET /x/ failing every attempt with `failure()`, always retried: resolves with the error it ends with. */
  const failingEveryAttempt = <E extends DataRobotApiError>(environment: RetryEnvironment, failure = unavailable) =>
    runWithRetries(environment, {
      method: "GET",
      path: "/x/",
      attempt: async () => {
        throw failure();
      },
      decide: () => "retry",
    }).catch((e: unknown) => e as E);

  it("retries until success and logs each retry with attempt and wait", async () => {
    const { environment, time, lines } = env(60_000);
    let calls = 0;
    const result = await runWithRetries(environment, {
      method: "GET",
      path: "/x/",
      attempt: async () => {
        calls++;
        if (calls < 3) throw unavailable();
        return "ok";
      },
      decide: (error) => (error.retryable ? "retry" : "fail"),
    });
    expect(result).toBe("ok");
    expect(time.sleeps).toEqual([50, 100]);
    expect(lines).toEqual([
      "retry GET /x/ after 503 attempt=1 wait=50ms",
      "retry GET /x/ after 503 attempt=2 wait=100ms",
    ]);
  });

  it("stops after maxRetries with the last error, counting attempts", async () => {
    const { environment, time } = env(600_000, 3);
    const error = await failingEveryAttempt<DataRobotApiError>(environment);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.attempts).toBe(4);
    expect(error.message).toBe("DataRobot API: GET /x/ failed with 503 (Service Unavailable) [after 4 attempts]");
    expect(time.sleeps).toHaveLength(3);
  });

  it("ends with DeadlineExceededError when the next wait would cross the deadline", async () => {
    const { environment, time } = env(1000);
    const error = await failingEveryAttempt<DeadlineExceededError>(environment);
    // waits 50, 100, 200, 400 (= 750 ms); the next (500) would end at 1250 > 1000.
    expect(time.sleeps).toEqual([50, 100, 200, 400]);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error.attempts).toBe(5);
    expect(error.lastError.status).toBe(503);
    expect(error.status).toBe(503);
    expect(error.message).toBe(
      "DataRobot API: GET /x/ gave up after 5 attempts in 0.8 s (retry deadline 1.0 s); last error: 503 (Service Unavailable)",
    );
  });

  it("gives up at once when the server's Retry-After lies beyond the deadline", async () => {
    const { environment, time } = env(5000);
    const error = await failingEveryAttempt<DeadlineExceededError>(environment, () =>
      createApiError({ status: 429, method: "GET", path: "/x/", apiMessage: "Slow down", retryAfterMs: 60_000 }),
    );
    expect(time.sleeps).toEqual([]);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error.message).toContain(
      "(retry deadline 5.0 s; the server asked to wait 60 s (Retry-After), more than the 5 s left before this " +
        "operation's deadline); last error: 429 (Slow down). Wait 60 s and run again, or raise the operation's timeout",
    );
  });

  it("does not retry what decide() rejects", async () => {
    const { environment, time } = env(60_000);
    let calls = 0;
    const error = await runWithRetries(environment, {
      method: "GET",
      path: "/x/",
      attempt: async () => {
        calls++;
        throw createApiError({ status: 404, method: "GET", path: "/x/", apiMessage: "Not found" });
      },
      decide: (e) => (e.retryable ? "retry" : "fail"),
    }).catch((e: unknown) => e as DataRobotApiError);
    expect(calls).toBe(1);
    expect(error.attempts).toBe(1);
    expect(time.sleeps).toEqual([]);
  });

  it("lets beforeRetry end the operation with a value", async () => {
    const { environment } = env(60_000);
    let calls = 0;
    const result = await runWithRetries(environment, {
      method: "POST",
      path: "/x/",
      attempt: async () => {
        calls++;
        throw unavailable();
      },
      decide: () => "retry",
      beforeRetry: async () => ({ resolved: "found" }),
    });
    expect(result).toBe("found");
    expect(calls).toBe(1);
  });

  it("rethrows non-API errors untouched (programming errors are not retried)", async () => {
    const { environment } = env(60_000);
    await expect(
      runWithRetries(environment, {
        method: "GET",
        path: "/x/",
        attempt: async () => {
          throw new TypeError("bug");
        },
        decide: () => "retry",
      }),
    ).rejects.toThrow(TypeError);
  });
});
