import { SEED } from "../../../emulator";
import { clientOf, createDefinitionAs, eventually, EVERY_MINUTE, jobWithStatus, useEmulator } from "../helpers";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

// timeScale 100: a 60 s emulated job takes 600 real ms, INITIALIZING lasts its first 10 %.
const emu = useEmulator({ timeScale: 100, jobDurationMs: 60_000 });
const owner = clientOf(emu);
const other = clientOf(emu, "other");

const createDefinition = (overrides?: Record<string, unknown>) => createDefinitionAs(owner, overrides);

async function run(definitionId: string) {
  const res = await owner.post("/batchPredictions/fromJobDefinition/", { jobDefinitionId: definitionId });
  expect(res.status).toBe(202);
  return res;
}

const waitForStatus = (jobId: string, status: string) => jobWithStatus(owner, jobId, status);

describe("fromJobDefinition", () => {
  it("returns 202, a Location header and a job object the Python SDK accepts", async () => {
    const definition = await createDefinition({ name: "nightly" });
    const res = await run(definition.id);
    const job = res.body;
    expect(res.headers.location).toBe(`${emu.url}/batchPredictions/${job.id}/`);
    expect(job).toMatchObject({
      status: "INITIALIZING",
      percentageCompleted: 0,
      elapsedTimeSec: 0,
      queued: true,
      queuePosition: 0,
      scoredRows: 0,
      failedRows: 0,
      skippedRows: 0,
      jobIntakeSize: 0,
      jobOutputSize: 0,
      source: "manual",
      createdBy: { username: "owner@example.com", userId: SEED.ownerUserId, fullName: "Emulator Owner" },
      batchPredictionJobDefinition: { id: definition.id, name: "nightly", createdBy: SEED.ownerUserId },
      links: { self: `${emu.url}/batchPredictions/${job.id}/` },
    });
    expect(job.id).toMatch(/^[0-9a-f]{24}$/);
    expect(job.created).toMatch(TIMESTAMP);
    expect(job.statusDetails).toBe(`Job submitted at ${job.created}`);
    expect(job.logs).toEqual([
      `${job.created} Job created by owner@example.com from job definition ${definition.id} (manual)`,
    ]);
    expect(job.jobSpec).toEqual(definition.batchPredictionJob);
    expect(Number.isInteger(job.jobSpec.numConcurrent)).toBe(true);

    const after = await owner.get(`/batchPredictionJobDefinitions/${definition.id}/`);
    expect(after.body.lastStartedJobStatus).toMatch(/^(INITIALIZING|RUNNING)$/);
    expect(after.body.lastStartedJobTime).toBe(job.created);
  });

  it("422 without jobDefinitionId, 404 for an unknown definition", async () => {
    const missing = await owner.post("/batchPredictions/fromJobDefinition/", {});
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({ message: "Invalid field data", errors: { jobDefinitionId: "is required" } });
    const unknown = await owner.post("/batchPredictions/fromJobDefinition/", {
      jobDefinitionId: "64b00000000000000000beef",
    });
    expect(unknown.status).toBe(404);
  });

  it("runs whether or not the definition is enabled, with links.csvUpload for localFile intake", async () => {
    const definition = await createDefinition({
      intakeSettings: { type: "localFile" },
      outputSettings: { type: "localFile" },
    });
    const job = (await run(definition.id)).body;
    expect(job.links.csvUpload).toBe(`${emu.url}/batchPredictions/${job.id}/csvUpload/`);
    expect(job.links.download).toBeUndefined();
    // The job waits for its CSV (local-file.test.ts); this test is about the links only.
    await emu.admin.setConfig({ localFileUpload: "not-required" });
    const started = (await run(definition.id)).body;
    const done = await waitForStatus(started.id, "COMPLETED");
    expect(done.links.download).toBe(`${emu.url}/batchPredictions/${started.id}/download/`);
  });
});

describe("lifecycle", () => {
  it("advances INITIALIZING → RUNNING → COMPLETED and updates the definition", async () => {
    const definition = await createDefinition();
    const job = (await run(definition.id)).body;
    const running = await waitForStatus(job.id, "RUNNING");
    expect(running.queued).toBe(false);
    expect(running.queuePosition).toBeNull();
    expect(running.statusDetails).toMatch(/^Job started processing at /);
    expect(running.percentageCompleted).toBeLessThan(100);

    const done = await waitForStatus(job.id, "COMPLETED");
    expect(done).toMatchObject({ percentageCompleted: 100, scoredRows: 1000, failedRows: 0, skippedRows: 0 });
    expect(done.jobIntakeSize).toBe(120_000);
    expect(done.jobOutputSize).toBe(40_000);
    expect(done.elapsedTimeSec).toBe(60);
    expect(done.logs).toHaveLength(3);
    expect(done.logs[2]).toMatch(/^Job done processing at /);
    const end = new Date(Date.parse(job.created) + 60_000).toISOString().replace("Z", "000Z");
    expect(done.statusDetails).toBe(`Job done processing at ${end}`);

    const after = (await owner.get(`/batchPredictionJobDefinitions/${definition.id}/`)).body;
    expect(after.lastStartedJobStatus).toBe("COMPLETED");
    expect(after.lastSuccessfulRunTime).toBe(end);
    expect(after.lastFailedRunTime).toBe("1900-01-01T00:00:00.000000Z");
    // GET stays 200 (never a redirect) after completion.
    expect((await owner.get(`/batchPredictions/${job.id}`)).status).toBe(200);
  });

  it("ends FAILED when the definition's behavior says fail, and sets lastFailedRunTime", async () => {
    const definition = await createDefinition();
    await emu.admin.setBehavior(definition.id, { outcome: "fail", durationMs: 10_000, rows: 200 });
    const job = (await run(definition.id)).body;
    const failed = await waitForStatus(job.id, "FAILED");
    expect(failed).toMatchObject({ scoredRows: 100, failedRows: 0, percentageCompleted: 50, elapsedTimeSec: 10 });
    expect(failed.statusDetails).toContain('simulated failure (emulator behavior "fail")');
    const after = (await owner.get(`/batchPredictionJobDefinitions/${definition.id}/`)).body;
    expect(after.lastStartedJobStatus).toBe("FAILED");
    expect(after.lastFailedRunTime).toBe(new Date(Date.parse(job.created) + 10_000).toISOString().replace("Z", "000Z"));
    expect(after.lastSuccessfulRunTime).toBe("1900-01-01T00:00:00.000000Z");
  });

  it("ends ABORTED with failed rows when the behavior says abort", async () => {
    const definition = await createDefinition();
    await emu.admin.setBehavior(definition.id, { outcome: "abort", durationMs: 5_000, rows: 400 });
    const job = (await run(definition.id)).body;
    const aborted = await waitForStatus(job.id, "ABORTED");
    expect(aborted).toMatchObject({ scoredRows: 200, failedRows: 20 });
    expect(aborted.statusDetails).toContain("too many failed rows");
  });
});

describe("abort and delete", () => {
  it("DELETE on a running job aborts it (202), then 409; 404 for unknown jobs; 403 for another user", async () => {
    const definition = await createDefinition();
    const job = (await run(definition.id)).body;
    expect((await other.delete(`/batchPredictions/${job.id}/`)).status).toBe(403);
    const res = await owner.delete(`/batchPredictions/${job.id}/`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ message: "Job cancelled" });
    const after = (await owner.get(`/batchPredictions/${job.id}/`)).body;
    expect(after.status).toBe("ABORTED");
    expect(after.statusDetails).toMatch(/^Job aborted by user at /);
    const again = await owner.delete(`/batchPredictions/${job.id}/`);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(`Job ${job.id} has already finished with status ABORTED`);
    expect((await owner.delete("/batchPredictions/64b00000000000000000beef/")).status).toBe(404);
    const definitionAfter = (await owner.get(`/batchPredictionJobDefinitions/${definition.id}/`)).body;
    expect(definitionAfter.lastStartedJobStatus).toBe("ABORTED");
    expect(definitionAfter.lastFailedRunTime).toMatch(TIMESTAMP);
  });

  it("409 when aborting a completed job", async () => {
    const definition = await createDefinition();
    await emu.admin.setBehavior(definition.id, { outcome: "complete", durationMs: 100 });
    const job = (await run(definition.id)).body;
    await waitForStatus(job.id, "COMPLETED");
    const res = await owner.delete(`/batchPredictions/${job.id}/`);
    expect(res.status).toBe(409);
  });

  it("DELETE of a definition with a running job: 409 by default, 204 with deleteWhileRunning=allow", async () => {
    const definition = await createDefinition();
    const job = (await run(definition.id)).body;
    const conflict = await owner.delete(`/batchPredictionJobDefinitions/${definition.id}/`);
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toBe(
      "Job definition could not be deleted, as there are currently running jobs in the queue",
    );
    await emu.admin.setConfig({ deleteWhileRunning: "allow" });
    expect((await owner.delete(`/batchPredictionJobDefinitions/${definition.id}/`)).status).toBe(204);
    // The running job is not cancelled and finishes.
    const done = await waitForStatus(job.id, "COMPLETED");
    expect(done.batchPredictionJobDefinition.id).toBe(definition.id);
  });
});

describe("job list", () => {
  it("filters by definition (jobDefinitionId or batchPredictionJobDefinitionId), newest first", async () => {
    const a = await createDefinition({ name: "a" });
    const b = await createDefinition({ name: "b" });
    const a1 = (await run(a.id)).body;
    await run(b.id);
    const a2 = (await run(a.id)).body;
    for (const key of ["jobDefinitionId", "batchPredictionJobDefinitionId"]) {
      const res = await owner.get(`/batchPredictions/?${key}=${a.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ count: 2, totalCount: 2, next: null, previous: null });
      expect(res.body.data.map((job: { id: string }) => job.id)).toEqual([a2.id, a1.id]);
    }
    const all = await owner.get("/batchPredictions/?limit=2");
    expect(all.body.totalCount).toBe(3);
    expect(all.body.next).toBe(`${emu.url}/batchPredictions/?offset=2&limit=2`);
  });

  it("shows another user's job with redacted ids", async () => {
    const definition = await createDefinition();
    const job = (await run(definition.id)).body;
    const seen = await other.get(`/batchPredictions/${job.id}/`);
    expect(seen.status).toBe(200);
    expect(seen.body.jobSpec.intakeSettings.credentialId).toBe("[redacted]");
    expect(seen.body.jobSpec.redactedFields).toEqual(["intakeSettings.credentialId", "outputSettings.credentialId"]);
  });
});

describe("schedules", () => {
  it("enabled schedules fire scheduled runs; disabled ones do not", async () => {
    // 1 emulated minute = 60 real ms; jobs take 6 real ms.
    await emu.admin.setConfig({ timeScale: 1000 });
    const enabled = await createDefinition({ name: "every-minute", enabled: true, schedule: EVERY_MINUTE });
    const disabled = await createDefinition({ name: "off", enabled: false, schedule: EVERY_MINUTE });
    const jobs = await eventually(async () => {
      const res = await owner.get(`/batchPredictions/?jobDefinitionId=${enabled.id}`);
      return res.body.totalCount >= 2 ? res.body.data : undefined;
    });
    expect(jobs[0].source).toBe("scheduled");
    expect(jobs[0].createdBy.username).toBe("owner@example.com");
    expect(jobs[0].batchPredictionJobDefinition).toEqual({
      id: enabled.id,
      name: "every-minute",
      createdBy: SEED.ownerUserId,
    });
    const definition = (await owner.get(`/batchPredictionJobDefinitions/${enabled.id}/`)).body;
    expect(definition.lastScheduledRunTime).toMatch(/:00\.000000Z$/);
    expect(Date.parse(definition.nextScheduledRunTime)).toBeGreaterThan(Date.parse(definition.lastScheduledRunTime));
    expect(definition.lastStartedJobTime).toMatch(TIMESTAMP);
    const none = await owner.get(`/batchPredictions/?jobDefinitionId=${disabled.id}`);
    expect(none.body.totalCount).toBe(0);
    const off = (await owner.get(`/batchPredictionJobDefinitions/${disabled.id}/`)).body;
    expect(off.lastScheduledRunTime).toBeNull();
  });

  it("disabling a schedule through PATCH stops further runs", async () => {
    await emu.admin.setConfig({ timeScale: 1000 });
    const definition = await createDefinition({ enabled: true, schedule: EVERY_MINUTE });
    await eventually(
      async () => (await owner.get(`/batchPredictions/?jobDefinitionId=${definition.id}`)).body.totalCount >= 1,
    );
    expect((await owner.patch(`/batchPredictionJobDefinitions/${definition.id}`, { enabled: false })).status).toBe(200);
    const count = (await owner.get(`/batchPredictions/?jobDefinitionId=${definition.id}`)).body.totalCount;
    await new Promise((r) => setTimeout(r, 200)); // > 3 emulated minutes
    expect((await owner.get(`/batchPredictions/?jobDefinitionId=${definition.id}`)).body.totalCount).toBe(count);
  });
});
