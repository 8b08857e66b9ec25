/**
 * The wait of a run (provider/run/wait.ts) on a fake clock: when it polls, what it does with Retry-After and failed
 * polls, and how it ends (the job ended, the deadline passed, the caller cancelled).
 */
import { NotFoundError, ServerError, ValidationError } from "../../../provider/client/errors";
import { waitUntilEnded } from "../../../provider/run/wait";
import { fakeClock, fakeJob, scriptedClient, session } from "../helpers";

const unavailable = (retryAfterMs?: number) =>
  new ServerError({
    status: 503,
    method: "GET",
    path: "/batchPredictions/j1/",
    apiMessage: "busy",
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });

describe("waitUntilEnded", () => {
  it("polls on the schedule until the job ends, reporting progress after every poll", async () => {
    const clock = fakeClock();
    const { client, calls } = scriptedClient([
      fakeJob("RUNNING", { percentageCompleted: 40 }),
      fakeJob("RUNNING", { percentageCompleted: 90 }),
      fakeJob("COMPLETED", { percentageCompleted: 100 }),
    ]);
    const { session: s, progress } = session(client, clock);
    await expect(waitUntilEnded(s, { deadline: Infinity, schedule: {}, maxErrors: 5 })).resolves.toBe("ended");
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
    expect(calls).toEqual(["GET j1", "GET j1", "GET j1"]);
    expect(s.polls).toBe(3);
    expect(s.job.status).toBe("COMPLETED");
    expect(progress.map((p) => [p.status, p.percent, p.polls, p.elapsedMs])).toEqual([
      ["RUNNING", 40, 1, 1000],
      ["RUNNING", 90, 2, 3000],
      ["COMPLETED", 100, 3, 7000],
    ]);
  });

  it("does not poll a job that has already ended", async () => {
    const clock = fakeClock();
    const { client, calls } = scriptedClient([fakeJob("FAILED")]);
    const { session: s } = session(client, clock, fakeJob("failed"));
    await expect(waitUntilEnded(s, { deadline: Infinity, schedule: {}, maxErrors: 5 })).resolves.toBe("ended");
    expect(calls).toEqual([]);
  });

  it("waits the server's Retry-After when it is longer than the schedule's delay", async () => {
    const clock = fakeClock();
    const { client } = scriptedClient([fakeJob("RUNNING", { retryAfterMs: 9000 }), fakeJob("COMPLETED")]);
    const { session: s } = session(client, clock);
    await waitUntilEnded(s, { deadline: Infinity, schedule: {}, maxErrors: 5 });
    expect(clock.sleeps).toEqual([1000, 9000]);
  });

  it("skips failed polls (waiting their Retry-After) and counts them as polls", async () => {
    const clock = fakeClock();
    const { client, calls } = scriptedClient([unavailable(6000), unavailable(), fakeJob("COMPLETED")]);
    const { session: s, progress } = session(client, clock);
    await expect(waitUntilEnded(s, { deadline: Infinity, schedule: {}, maxErrors: 2 })).resolves.toBe("ended");
    expect(clock.sleeps).toEqual([1000, 6000, 4000]);
    expect(calls).toHaveLength(3);
    expect(s.polls).toBe(3);
    expect(progress.map((p) => p.status)).toEqual(["COMPLETED"]); // a failed poll reports nothing
  });

  it("gives up with the poll's error after more than maxErrors failures in a row", async () => {
    const clock = fakeClock();
    const last = unavailable();
    const { client, calls } = scriptedClient([unavailable(), fakeJob("RUNNING"), unavailable(), unavailable(), last]);
    const { session: s } = session(client, clock);
    await expect(waitUntilEnded(s, { deadline: Infinity, schedule: {}, maxErrors: 2 })).rejects.toBe(last);
    expect(calls).toHaveLength(5); // the success in between reset the count
  });

  it.each([
    ["a 404", new NotFoundError({ status: 404, method: "GET", path: "/batchPredictions/j1/", apiMessage: "gone" })],
    ["a 422", new ValidationError({ status: 422, method: "GET", path: "/batchPredictions/j1/", apiMessage: "no" })],
    ["a non-API error", new TypeError("bug")],
  ])("ends at once with %s", async (_what, error) => {
    const { client, calls } = scriptedClient([error, fakeJob("COMPLETED")]);
    const { session: s } = session(client, fakeClock());
    await expect(waitUntilEnded(s, { deadline: Infinity, schedule: {}, maxErrors: 5 })).rejects.toBe(error);
    expect(calls).toHaveLength(1);
  });

  it("never sleeps past the deadline: the last poll is at the deadline, then it ends with timeout", async () => {
    const clock = fakeClock();
    const { client, calls } = scriptedClient([fakeJob("RUNNING")]);
    const { session: s } = session(client, clock);
    const deadline = s.startedAt + 5000;
    await expect(waitUntilEnded(s, { deadline, schedule: {}, maxErrors: 5 })).resolves.toBe("timeout");
    expect(clock.sleeps).toEqual([1000, 2000, 2000]);
    expect(calls).toHaveLength(3);
    expect(clock.time()).toBe(deadline);
  });

  it("makes the poll at the deadline the last even when the timer wakes a little early", async () => {
    const clock = fakeClock(undefined, { earlyMs: 60 });
    const { client, calls } = scriptedClient([fakeJob("RUNNING")]);
    const { session: s } = session(client, clock);
    const deadline = s.startedAt + 5000;
    await expect(waitUntilEnded(s, { deadline, schedule: {}, maxErrors: 5 })).resolves.toBe("timeout");
    expect(calls).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(3);
  });

  it("ends with timeout when the poll at the deadline fails transiently, without polling again", async () => {
    const clock = fakeClock(undefined, { earlyMs: 60 });
    const { client, calls } = scriptedClient([fakeJob("RUNNING"), fakeJob("RUNNING"), unavailable()]);
    const { session: s } = session(client, clock);
    const deadline = s.startedAt + 5000;
    await expect(waitUntilEnded(s, { deadline, schedule: {}, maxErrors: 5 })).resolves.toBe("timeout");
    expect(calls).toHaveLength(3);
  });

  it("ends with cancelled when the signal fires during a sleep, without polling again", async () => {
    const controller = new AbortController();
    const clock = fakeClock((ms) => {
      if (ms === 2000) controller.abort();
    });
    const { client, calls } = scriptedClient([fakeJob("RUNNING")]);
    const { session: s } = session(client, clock);
    const wait = waitUntilEnded(s, { deadline: Infinity, schedule: {}, maxErrors: 5, signal: controller.signal });
    await expect(wait).resolves.toBe("cancelled");
    expect(calls).toEqual(["GET j1"]);
  });

  it("ends with cancelled when the signal fired during a poll that shows the job still running", async () => {
    const controller = new AbortController();
    const { client } = scriptedClient([fakeJob("RUNNING")]);
    const polling = client.getJob.bind(client);
    client.getJob = async (id) => {
      controller.abort();
      return polling(id);
    };
    const { session: s, progress } = session(client, fakeClock());
    const wait = waitUntilEnded(s, { deadline: Infinity, schedule: {}, maxErrors: 5, signal: controller.signal });
    await expect(wait).resolves.toBe("cancelled");
    expect(progress.map((p) => p.status)).toEqual(["RUNNING"]);
  });
});
