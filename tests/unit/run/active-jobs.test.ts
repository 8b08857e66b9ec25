/**
 * Aborting a definition's active jobs (the delete with `abortRunningJobsOnDelete`): which jobs are aborted, and that
 * the wait for them to stop polls on the injected clock and schedule, ending when none is active or the wait is over.
 */
import type { DataRobotClient } from "../../../provider/client/client";
import { ConflictError } from "../../../provider/client/errors";
import type { ApiBatchJob } from "../../../provider/client/types";
import { abortActiveJobs, activeJobs } from "../../../provider/run/active-jobs";
import { fakeClock } from "../helpers";

/** A client whose job list is scripted per call; it records what it was asked. */
function fakeClient(lists: ApiBatchJob[][], abortError?: Error) {
  const calls: string[] = [];
  let call = 0;
  const client = {
    listJobs: async (filter: { jobDefinitionId?: string }) => {
      calls.push(`list ${filter.jobDefinitionId}`);
      return lists[Math.min(call++, lists.length - 1)];
    },
    abortJob: async (id: string) => {
      calls.push(`abort ${id}`);
      if (abortError) throw abortError;
    },
  };
  return { client: client as unknown as DataRobotClient, calls };
}

const job = (id: string, status: string): ApiBatchJob => ({ id, status });

describe("activeJobs", () => {
  it("keeps the INITIALIZING and RUNNING jobs of the definition", async () => {
    const { client, calls } = fakeClient([
      [job("a", "COMPLETED"), job("b", "RUNNING"), job("c", "INITIALIZING"), job("d", "FAILED"), job("e", "running")],
    ]);
    expect((await activeJobs(client, "def1")).map((j) => j.id)).toEqual(["b", "c", "e"]);
    expect(calls).toEqual(["list def1"]);
  });
});

describe("abortActiveJobs", () => {
  it("aborts each active job, then polls on the clock's schedule until none is active", async () => {
    const clock = fakeClock();
    const { client, calls } = fakeClient([
      [job("j1", "RUNNING"), job("j2", "INITIALIZING"), job("j0", "COMPLETED")],
      [job("j1", "RUNNING"), job("j2", "ABORTED")],
      [job("j1", "ABORTED"), job("j2", "ABORTED")],
    ]);
    const remaining = await abortActiveJobs(client, "def1", { clock, poll: { initialMs: 100, factor: 3 } });
    expect(remaining).toEqual([]);
    expect(calls).toEqual(["list def1", "abort j1", "abort j2", "list def1", "list def1"]);
    expect(clock.sleeps).toEqual([100, 300]);
  });

  it("waits no longer than waitMs, and returns the jobs still active", async () => {
    const clock = fakeClock();
    const { client } = fakeClient([[job("j1", "RUNNING")]]);
    const remaining = await abortActiveJobs(client, "def1", { clock, waitMs: 10_000 });
    expect(remaining.map((j) => j.id)).toEqual(["j1"]);
    // The default schedule (1 s, ×2), the last sleep cut to the deadline.
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 3000]);
  });

  it("lists for the last time at the deadline even when the timer wakes a little early", async () => {
    const clock = fakeClock(undefined, { earlyMs: 60 });
    const { client, calls } = fakeClient([[job("j1", "RUNNING")]]);
    await abortActiveJobs(client, "def1", { clock, waitMs: 10_000 });
    expect(calls.filter((c) => c.startsWith("list"))).toHaveLength(1 + 4);
  });

  it("stops waiting when the signal fires, and returns the jobs last seen active", async () => {
    const controller = new AbortController();
    const clock = fakeClock((ms) => {
      if (ms === 2000) controller.abort(new Error("cancelled"));
    });
    const { client, calls } = fakeClient([[job("j1", "RUNNING")]]);
    const remaining = await abortActiveJobs(client, "def1", { clock, signal: controller.signal });
    expect(remaining.map((j) => j.id)).toEqual(["j1"]);
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(calls).toEqual(["list def1", "abort j1", "list def1"]);
  });

  it("does not wait when no job is active", async () => {
    const clock = fakeClock();
    const { client, calls } = fakeClient([[job("j1", "COMPLETED")]]);
    expect(await abortActiveJobs(client, "def1", { clock })).toEqual([]);
    expect(calls).toEqual(["list def1"]);
    expect(clock.sleeps).toEqual([]);
  });

  it("treats a job that finished before its abort (409) as stopped", async () => {
    const clock = fakeClock();
    const conflict = new ConflictError({
      status: 409,
      method: "DELETE",
      path: "/batchPredictions/j1/",
      apiMessage: "job already finished",
    });
    const { client } = fakeClient([[job("j1", "RUNNING")], []], conflict);
    await expect(abortActiveJobs(client, "def1", { clock })).resolves.toEqual([]);
  });
});
