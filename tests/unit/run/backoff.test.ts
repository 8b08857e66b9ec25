import { DEFAULT_POLL_SCHEDULE, nextPollDelay, pollDelay } from "../../../provider/run/backoff";
import { referenceText } from "../../../provider/run/resolve";
import { formatDuration } from "../../../provider/run/format";

describe("poll schedule", () => {
  it("doubles from 1 s and caps at 15 s by default", () => {
    expect(DEFAULT_POLL_SCHEDULE).toEqual({ initialMs: 1000, factor: 2, maxMs: 15_000 });
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => pollDelay(n))).toEqual([
      1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000,
    ]);
  });

  it("polls a 60-second job 7 times, where a fixed 5 s interval polls 12 times", () => {
    const times: number[] = [];
    let t = 0;
    for (let poll = 1; t < 60_000; poll++) {
      t += pollDelay(poll);
      times.push(t / 1000);
    }
    expect(times).toEqual([1, 3, 7, 15, 30, 45, 60]);
  });

  it("takes a custom schedule", () => {
    expect([1, 2, 3, 4].map((n) => pollDelay(n, { initialMs: 500, factor: 3, maxMs: 5000 }))).toEqual([
      500, 1500, 4500, 5000,
    ]);
  });

  it("waits for a longer Retry-After, but never less than the schedule", () => {
    expect(nextPollDelay(1, {}, 20_000)).toBe(20_000);
    expect(nextPollDelay(4, {}, 2_000)).toBe(8_000);
    expect(nextPollDelay(2, {}, undefined)).toBe(2_000);
  });
});

describe("definition references", () => {
  it("accepts ids, names, promises, resources and Output-like values", async () => {
    expect(await referenceText("  nightly ")).toBe("nightly");
    expect(await referenceText(Promise.resolve("abc"))).toBe("abc");
    expect(await referenceText({ id: Promise.resolve("64b000000000000000000d01") })).toBe("64b000000000000000000d01");
    const outputLike = { apply: <U>(f: (v: string) => U) => f("from-output") };
    expect(await referenceText({ id: outputLike })).toBe("from-output");
    expect(await referenceText(outputLike)).toBe("from-output");
  });

  it("rejects empty or non-string references", async () => {
    await expect(referenceText("")).rejects.toThrow(/expected a job definition id, name or resource, got ""/);
    await expect(referenceText({ id: Promise.resolve(42 as unknown as string) })).rejects.toThrow(/got 42/);
  });
});

describe("formatDuration", () => {
  it("formats milliseconds, seconds and minutes", () => {
    expect([850, 12_345, 245_000, Infinity].map(formatDuration)).toEqual(["850 ms", "12.3 s", "4 min 05 s", "∞"]);
  });
});
