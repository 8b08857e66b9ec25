/**
 * Ending a run whose wait did not see the job finish (provider/run/stop.ts): what is done with the job (aborted, left
 * running, already finished, abort failed), and the errors that say so.
 */
import { ConflictError, ServerError } from "../../../provider/client/errors";
import { JobCancelledError, JobTimeoutError } from "../../../provider/run/errors";
import { cancelled, dispose, isCancellation, timedOut } from "../../../provider/run/stop";
import { fakeClock, fakeJob, scriptedClient, session } from "../helpers";

const deleteError = (Kind: typeof ConflictError, status: number) =>
  new Kind({ status, method: "DELETE", path: "/batchPredictions/j1/", apiMessage: "no" });

describe("dispose", () => {
  it("aborts the job, then re-reads it so the error carries its final state", async () => {
    const { client, calls } = scriptedClient([fakeJob("ABORTED", { logs: ["aborted by user"] })]);
    const { session: s } = session(client, fakeClock(), fakeJob("RUNNING"));
    await expect(dispose(s, false)).resolves.toEqual({
      disposition: "aborted",
      sentence: "the job was aborted (DELETE /batchPredictions/j1/ accepted)",
    });
    expect(calls).toEqual(["DELETE j1", "GET j1"]);
    expect(s.job.logs).toEqual(["aborted by user"]);
  });

  it("leaves the job running when asked, sending nothing", async () => {
    const { client, calls } = scriptedClient([fakeJob("RUNNING")]);
    const { session: s } = session(client, fakeClock(), fakeJob("RUNNING"));
    await expect(dispose(s, true)).resolves.toEqual({
      disposition: "left-running",
      sentence: "the job was left running (job id j1)",
    });
    expect(calls).toEqual([]);
  });

  it("says the job had already finished when the abort answers 409", async () => {
    const { client } = scriptedClient([fakeJob("COMPLETED")], deleteError(ConflictError, 409));
    const { session: s } = session(client, fakeClock(), fakeJob("RUNNING"));
    await expect(dispose(s, false)).resolves.toEqual({
      disposition: "already-finished",
      sentence: "the job had already finished (COMPLETED)",
    });
  });

  it("says the job may still be running when the abort fails, keeping the last job seen", async () => {
    const { client, calls } = scriptedClient([fakeJob("COMPLETED")], deleteError(ServerError, 503));
    const { session: s } = session(client, fakeClock(), fakeJob("RUNNING"));
    const { disposition, sentence } = await dispose(s, false);
    expect(disposition).toBe("abort-failed");
    expect(sentence).toMatch(/^aborting job j1 failed, it may still be running: DataRobot API: DELETE .* 503/);
    expect(calls).toEqual(["DELETE j1"]);
    expect(s.job.status).toBe("RUNNING");
  });

  it("keeps the last job seen when the re-read fails", async () => {
    const { client } = scriptedClient([new Error("socket hang up")]);
    const { session: s } = session(client, fakeClock(), fakeJob("RUNNING"));
    await expect(dispose(s, false)).resolves.toMatchObject({ disposition: "aborted" });
    expect(s.job.status).toBe("RUNNING");
  });
});

describe("timedOut and cancelled", () => {
  it("timedOut rejects with JobTimeoutError naming the limit, the last status and what was done", async () => {
    const clock = fakeClock();
    const { client } = scriptedClient([fakeJob("ABORTED", { percentageCompleted: 30 })]);
    const { session: s } = session(client, clock, fakeJob("RUNNING", { percentageCompleted: 30 }));
    s.polls = 4;
    await clock.sleep(90_000);
    const error = (await timedOut(s, 90_000, false).catch((e: unknown) => e)) as JobTimeoutError;
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect(error.message).toBe(
      'Batch prediction job j1 of definition "nightly" (d1) did not finish within 1 min 30 s (last status ABORTED, ' +
        "30%); the job was aborted (DELETE /batchPredictions/j1/ accepted).",
    );
    expect(error).toMatchObject({ disposition: "aborted", timeoutMs: 90_000, polls: 4, elapsedMs: 90_000 });
  });

  it("cancelled rejects with JobCancelledError saying how long it waited", async () => {
    const clock = fakeClock();
    const { client } = scriptedClient([fakeJob("RUNNING")]);
    const { session: s } = session(client, clock, fakeJob("RUNNING"));
    await clock.sleep(12_300);
    const error = (await cancelled(s, true).catch((e: unknown) => e)) as JobCancelledError;
    expect(error).toBeInstanceOf(JobCancelledError);
    expect(error.message).toBe(
      'Waiting for batch prediction job j1 of definition "nightly" (d1) was cancelled after 12.3 s (last status ' +
        "RUNNING); the job was left running (job id j1).",
    );
    expect(error.disposition).toBe("left-running");
  });
});

describe("isCancellation", () => {
  const api = deleteError(ServerError, 503);
  it("is the signal's reason, or any non-API error once the signal fired; never an API error of its own", () => {
    const controller = new AbortController();
    expect(isCancellation(new Error("x"), controller.signal)).toBe(false);
    controller.abort();
    expect(isCancellation(controller.signal.reason, controller.signal)).toBe(true);
    expect(isCancellation(new Error("stream destroyed"), controller.signal)).toBe(true);
    expect(isCancellation(api, controller.signal)).toBe(false);
    expect(isCancellation(new Error("x"), undefined)).toBe(false);
  });
});
