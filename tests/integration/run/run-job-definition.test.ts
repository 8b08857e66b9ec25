/**
 * runJobDefinition against the emulator (timeScale 60, the poller on a matching scaled clock): outcomes, timeouts,
 * cancellation, rate limits and server errors during polling, and the number of polls the backoff makes.
 */
import {
  JobAbortedError,
  JobCancelledError,
  JobFailedError,
  JobTimeoutError,
  DefinitionNotFoundError,
  DefinitionBusyError,
} from "../../../provider/run/errors";
import { runJobDefinition } from "../../../provider/run/run";
import type { RunProgress } from "../../../provider/run/progress";
import { makeClient, pollsOf, useRunHarness } from "../helpers";

jest.setTimeout(20_000);

const h = useRunHarness();

const MINUTE = 60_000;

describe("runJobDefinition", () => {
  it("completes a 60-second job with 7 polls (1, 3, 7, 15, 30, 45, 60 s), reporting progress", async () => {
    const id = await h.createDefinition("nightly-scoring", { outcome: "complete", durationMs: MINUTE, rows: 1000 });
    const progress: RunProgress[] = [];
    const result = await runJobDefinition("nightly-scoring", {
      client: h.client,
      clock: h.clock(),
      onProgress: (p) => progress.push(p),
    });

    expect(result).toMatchObject({
      definitionId: id,
      definitionName: "nightly-scoring",
      status: "COMPLETED",
      waited: true,
    });
    expect(result.job.scoredRows).toBe(1000);
    expect(result.polls).toBe(7);
    // A fixed 5 s interval (DataRobot's Python SDK) would need 12 polls.
    expect(await h.requests(pollsOf(result.jobId))).toHaveLength(7);
    const starts = await h.requests(/^POST \/batchPredictions\/fromJobDefinition\/$/);
    expect(starts.map((entry) => entry.body)).toEqual([{ jobDefinitionId: id }]);

    expect(progress).toHaveLength(8); // the start plus one per poll
    expect(progress[0]).toMatchObject({
      status: "INITIALIZING",
      percent: 0,
      polls: 0,
      jobId: result.jobId,
      queuePosition: 0,
    });
    expect(progress.map((p) => p.status)).toContain("RUNNING");
    expect(progress[7]).toMatchObject({ status: "COMPLETED", percent: 100, scoredRows: 1000, failedRows: 0, polls: 7 });
    const elapsed = progress.map((p) => p.elapsedMs);
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
    expect(elapsed[7]).toBeGreaterThanOrEqual(MINUTE);
    expect(elapsed[6]).toBeLessThan(MINUTE);
  });

  it("rejects with JobFailedError carrying statusDetails and logs on FAILED (no wait until a timeout)", async () => {
    // It fails at 22.5 s, midway between the polls at 15 s and 30 s: a poll up to 7.5 s of run time late (125 ms of
    // real time at 60x, on a busy machine) still sees what the schedule says.
    await h.createDefinition("failing", { outcome: "fail", durationMs: 22_500, rows: 400 });
    const error = await runJobDefinition("failing", {
      client: h.client,
      clock: h.clock(),
      timeoutMs: 10 * MINUTE,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JobFailedError);
    const failed = error as JobFailedError;
    expect(failed.status).toBe("FAILED");
    expect(failed.statusDetails).toMatch(/simulated failure/);
    expect(failed.logs).toHaveLength(3);
    expect(failed.logs[2]).toMatch(/simulated failure/);
    expect(failed.job?.scoredRows).toBe(200);
    expect(failed.polls).toBe(5); // 1, 3, 7, 15, 30 s: seen at once, not after the 10-minute timeout
    expect(failed.message).toContain("ended with status FAILED");
    expect(failed.message).toContain('"failing"');
    expect(failed.message).toContain("Job logs:");
    // A failed job is over: nothing to abort.
    expect(await h.requests(/^DELETE /)).toHaveLength(0);
  });

  it("rejects with JobAbortedError when DataRobot aborts the job", async () => {
    const id = await h.createDefinition("aborting", { outcome: "abort", durationMs: 5_000, rows: 100 });
    const error = await runJobDefinition(id, { client: h.client, clock: h.clock() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobAbortedError);
    expect((error as JobAbortedError).statusDetails).toMatch(/too many failed rows/);
    expect((error as JobAbortedError).job?.failedRows).toBe(5);
  });

  it("on timeout aborts the job with DELETE and says so", async () => {
    const id = await h.createDefinition("slow", { outcome: "complete", durationMs: 10 * MINUTE });
    const error = await runJobDefinition(
      { id: Promise.resolve(id) },
      { client: h.client, clock: h.clock(), timeoutMs: 20_000 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobTimeoutError);
    const timeout = error as JobTimeoutError;
    expect(timeout.disposition).toBe("aborted");
    expect(timeout.message).toMatch(/did not finish within 20\.0 s .*the job was aborted/);
    // Polls at 1, 3, 7, 15 and (capped at the deadline) 20 s, then the abort.
    expect(await h.requests(pollsOf(timeout.jobId as string))).toHaveLength(5 + 1); // + the re-read after the abort
    const deletes = await h.requests(/^DELETE /);
    expect(deletes.map((d) => [d.path, d.status])).toEqual([[`/batchPredictions/${timeout.jobId}/`, 202]]);
    expect(timeout.status).toBe("ABORTED");
    const jobs = await h.emulator.admin.jobs();
    expect(jobs.find((job) => job.id === timeout.jobId)?.status).toBe("ABORTED");
  });

  it("on timeout leaves the job running when asked to, and says so", async () => {
    await h.createDefinition("slow-left", { outcome: "complete", durationMs: 10 * MINUTE });
    const error = await runJobDefinition("slow-left", {
      client: h.client,
      clock: h.clock(),
      timeoutMs: 5_000,
      leaveRunning: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobTimeoutError);
    const timeout = error as JobTimeoutError;
    expect(timeout.disposition).toBe("left-running");
    expect(timeout.message).toContain(`the job was left running (job id ${timeout.jobId})`);
    expect(await h.requests(/^DELETE /)).toHaveLength(0);
    const jobs = await h.emulator.admin.jobs();
    // Still queued (the first 10% of a job) and untouched.
    expect(jobs.find((job) => job.id === timeout.jobId)?.status).toBe("INITIALIZING");
  });

  it("an AbortSignal cancels the wait and aborts the job", async () => {
    await h.createDefinition("cancelled", { outcome: "complete", durationMs: 10 * MINUTE });
    const controller = new AbortController();
    const error = await runJobDefinition("cancelled", {
      client: h.client,
      clock: h.clock(),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.status === "RUNNING") controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobCancelledError);
    expect((error as JobCancelledError).disposition).toBe("aborted");
    expect(await h.requests(/^DELETE \/batchPredictions\//)).toHaveLength(1);
  });

  it("honours Retry-After of a 429 during polling (poller-level, client without retries)", async () => {
    await h.createDefinition("throttled", { outcome: "complete", durationMs: MINUTE });
    await h.emulator.admin.addFault({
      method: "GET",
      path: "/batchPredictions/*",
      status: 429,
      headers: { "Retry-After": "20" },
      body: { message: "Too many requests" },
      times: 1,
    });
    const client = makeClient(h.emulator, { maxRetries: 0 });
    const result = await runJobDefinition("throttled", { client, clock: h.clock() });
    expect(result.status).toBe("COMPLETED");
    const polls = await h.requests(pollsOf(result.jobId));
    expect(polls.map((p) => p.status)).toEqual([429, 200, 200, 200, 200, 200]);
    // The next poll came after the server's 20 s (1/60 of it in real time), not the schedule's 2 s.
    const gapMs = Date.parse(polls[1].time) - Date.parse(polls[0].time);
    expect(gapMs).toBeGreaterThanOrEqual(20_000 / 60 - 5);
  });

  it("rides through 503s during polling (client retries) and still completes", async () => {
    await h.createDefinition("flaky", { outcome: "complete", durationMs: 20_000 });
    await h.emulator.admin.addFault({
      method: "GET",
      path: "/batchPredictions/*",
      status: 503,
      times: 3,
    });
    const result = await runJobDefinition("flaky", { client: h.client, clock: h.clock() });
    expect(result.status).toBe("COMPLETED");
    const statuses = (await h.requests(pollsOf(result.jobId))).map((p) => p.status);
    expect(statuses.slice(0, 3)).toEqual([503, 503, 503]);
    expect(statuses.slice(3).every((s) => s === 200)).toBe(true);
  });

  it("gives up after too many failed polls in a row, with the API error", async () => {
    await h.createDefinition("down", { outcome: "complete", durationMs: MINUTE });
    await h.emulator.admin.addFault({
      method: "GET",
      path: "/batchPredictions/*",
      status: 503,
      times: 0,
    });
    const client = makeClient(h.emulator, { maxRetries: 0 });
    const error = await runJobDefinition("down", { client, clock: h.clock(), maxConsecutivePollErrors: 2 }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe("ServerError");
    expect(await h.requests(/^GET \/batchPredictions\/[0-9a-f]{24}\/$/)).toHaveLength(3);
  });

  it("does not wait with wait: false", async () => {
    await h.createDefinition("fire-and-forget", { outcome: "complete", durationMs: MINUTE });
    await h.emulator.admin.clearRequests();
    const result = await runJobDefinition("fire-and-forget", { client: h.client, clock: h.clock(), wait: false });
    expect(result).toMatchObject({ status: "INITIALIZING", waited: false, polls: 0 });
    expect((await h.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /batchPredictionJobDefinitions/",
      "POST /batchPredictions/fromJobDefinition/",
    ]);
  });

  it("fails with DefinitionNotFoundError for an unknown name, starting nothing", async () => {
    const error = await runJobDefinition("no-such-definition", { client: h.client }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DefinitionNotFoundError);
    expect((error as Error).message).toContain('name "no-such-definition"');
    expect(await h.requests(/^POST /)).toHaveLength(0);
  });
});

describe("whenActive: skip, many callers in one process", () => {
  it("4 simultaneous runs of an idle definition start exactly one job; the other 3 are skipped", async () => {
    const id = await h.createDefinition("race", { outcome: "complete", durationMs: 10 * MINUTE });
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(() => runJobDefinition(id, { client: h.client, whenActive: "skip", wait: false })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const skipped = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(skipped).toHaveLength(3);
    for (const r of skipped) expect(r.reason).toBeInstanceOf(DefinitionBusyError);
    expect(await h.requests(/^POST \/batchPredictions\/fromJobDefinition\//)).toHaveLength(1);
  });
});
