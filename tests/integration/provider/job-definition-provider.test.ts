/**
 * Every method of the BatchPredictionJobDefinition provider against the emulator over HTTP, asserting the exact
 * requests DataRobot receives (from the emulator's request log) and what the engine would store.
 */
import { SEED } from "../../../emulator";
import { useEmulator } from "../helpers";
import { JobDefinitionProvider } from "../../../provider/job-definition/provider";
import { DataRobotClient } from "../../../provider/client";

jest.setTimeout(30_000);

const emu = useEmulator({ jobDurationMs: 400 });

function newProvider(options: { abortWaitMs?: number } = {}): JobDefinitionProvider {
  const provider = new JobDefinitionProvider({
    env: {},
    abortWaitMs: options.abortWaitMs,
    createClient: (endpoint, token) =>
      new DataRobotClient({ endpoint, token, sleep: async () => undefined, retryDeadlineMs: 5_000 }),
  });
  return provider;
}

async function configured(options: { abortWaitMs?: number } = {}): Promise<JobDefinitionProvider> {
  const provider = newProvider(options);
  const values: Record<string, string> = { "datarobot:endpoint": emu.url, "datarobot:apiToken": emu.token };
  await provider.configure({ config: { get: (key: string) => values[key] } });
  return provider;
}

/** What a user writes: non-canonical spellings on purpose (names in the schedule, remapping as a map). */
function userInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "nightly-scoring",
    deploymentId: SEED.deploymentId,
    intakeSettings: { type: "s3", url: "s3://bucket/in.csv", credentialId: SEED.credentialId },
    outputSettings: { type: "jdbc", dataStoreId: SEED.dataStoreId, table: "scores", statementType: "insert" },
    schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["mon", "fri"] },
    passthroughColumnsSet: "all",
    columnNamesRemapping: { score: "prediction" },
    __provider: "serialized-provider-text",
    ...overrides,
  };
}

async function apiRequests(): Promise<{ method: string; path: string; body: unknown }[]> {
  const log = await emu.admin.requests();
  return log.map((entry: { method: string; path: string; body: unknown }) => ({
    method: entry.method,
    path: entry.path,
    body: entry.body,
  }));
}

/** A definition made outside the stack (the UI, another stack) under the name userInputs declares. */
async function existingDefinition() {
  const client = new DataRobotClient({ endpoint: emu.url, token: emu.token });
  const existing = await client.createJobDefinition({
    name: "nightly-scoring",
    deploymentId: SEED.deploymentId,
    intakeSettings: { type: "dataset", datasetId: SEED.datasetId },
  });
  return { client, existing };
}

/** check, then create: what the engine does for a new resource. */
async function createResource(provider: JobDefinitionProvider, inputs = userInputs()) {
  const checked = await provider.check({}, inputs);
  expect(checked.failures ?? []).toEqual([]);
  const created = await provider.create(checked.inputs!);
  return { checked: checked.inputs!, created };
}

describe("check", () => {
  it("returns the written form (canonical spelling, no defaults added), keeps __provider, and sends no request", async () => {
    const provider = await configured();
    const result = await provider.check({}, userInputs());
    expect(result.failures ?? []).toEqual([]);
    const inputs = result.inputs!;
    expect(inputs.__provider).toBe("serialized-provider-text");
    expect(inputs.schedule).toEqual({ minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: [1, 5] });
    expect(inputs).not.toHaveProperty("abortOnError"); // a server default the program did not write stays out
    expect(inputs.columnNamesRemapping).toEqual([{ inputName: "score", outputName: "prediction" }]);
    expect(await apiRequests()).toEqual([]);
  });

  it("names the property path of every problem, and sends no request", async () => {
    const provider = await configured();
    const result = await provider.check(
      {},
      userInputs({
        intakeSettings: { type: "s3" },
        schedule: { minute: [0], hour: [2, 25], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
      }),
    );
    const reasons = (result.failures ?? []).map((failure) => failure.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^intakeSettings\.url: /),
        expect.stringMatching(/^schedule\.hour\[1\]: /),
      ]),
    );
    expect(await apiRequests()).toEqual([]);
  });

  it("fills the generated name when none is given", async () => {
    const provider = await configured();
    const result = await provider.check({}, userInputs({ name: undefined, autoName: "scoring-1a2b3c4" }));
    expect(result.inputs!.name).toBe("scoring-1a2b3c4");
  });

  it("tolerates values unknown during preview", async () => {
    const provider = await configured();
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const result = await provider.check({}, userInputs({ deploymentId: unknown }));
    expect(result.failures ?? []).toEqual([]);
    expect(result.inputs!.deploymentId).toBe(unknown);
  });
});

describe("create", () => {
  it("sends exactly one POST with the written fields only and returns what DataRobot holds", async () => {
    const provider = await configured();
    const { created } = await createResource(provider);
    const requests = await apiRequests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /batchPredictionJobDefinitions/"]);
    expect(requests[0].body).toEqual({
      name: "nightly-scoring",
      enabled: false,
      deploymentId: SEED.deploymentId,
      intakeSettings: { type: "s3", url: "s3://bucket/in.csv", credentialId: SEED.credentialId },
      outputSettings: { type: "jdbc", dataStoreId: SEED.dataStoreId, table: "scores", statementType: "insert" },
      schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: [1, 5] },
      passthroughColumnsSet: "all",
      columnNamesRemapping: [{ inputName: "score", outputName: "prediction" }],
    });
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.outs).toMatchObject({
      name: "nightly-scoring",
      enabled: false,
      deploymentId: SEED.deploymentId,
      schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: [1, 5] },
      lastStartedJobStatus: null,
      lastSuccessfulRunTime: null,
    });
    // What DataRobot holds that the program does not write is shown apart, never compared.
    expect(created.outs.serverFields).toMatchObject({ abortOnError: true, numConcurrent: 4, chunkSize: "auto" });
    expect(created.outs).not.toHaveProperty("abortOnError");
    expect(created.outs.created).toMatch(/Z$/);
    expect(created.outs.createdBy).toEqual(expect.any(String));
    expect(created.outs.nextScheduledRunTime).toMatch(/Z$/);
  });

  it("turns a name conflict into a message that names the existing definition and offers adoptExisting", async () => {
    const provider = await configured();
    const first = await createResource(provider);
    const checked = await provider.check({}, userInputs());
    await expect(provider.create(checked.inputs!)).rejects.toThrow(
      new RegExp(
        `named "nightly-scoring" already exists .*\\(id ${first.created.id}, created by owner@example.com on .*, never run\\).*adoptExisting: true`,
      ),
    );
  });

  it("reports a 422 on name as what the server said, not as a conflict, and cuts the echo", async () => {
    // A server that limits name length (the emulator's strict option: no DataRobot source states a limit).
    await emu.admin.setConfig({ unsourcedLimits: "reject" });
    const provider = await configured();
    const checked = await provider.check({}, userInputs({ name: "n".repeat(5000) }));
    expect(checked.failures ?? []).toEqual([]);
    const error: Error = await provider.create(checked.inputs!).then(
      () => new Error("no error"),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/failed with 422 .*name: must be at most 100 characters/);
    expect(error.message).not.toMatch(/already exists|adoptExisting/);
    expect(error.message.length).toBeLessThan(1000);
  });

  it("adopts an existing definition with the same name: one PATCH, no POST", async () => {
    const provider = await configured();
    const { existing } = await existingDefinition();
    await emu.admin.clearRequests();
    const checked = await provider.check({}, userInputs({ adoptExisting: true }));
    // check (preview) names the definition the create will take over: one GET by name.
    expect(checked.inputs!.adoptTarget).toEqual({
      id: existing.id,
      name: "nightly-scoring",
      createdBy: "owner@example.com",
      created: expect.stringMatching(/Z$/),
      updated: expect.stringMatching(/Z$/),
      lastRun: null,
      lastRunStatus: null,
    });
    await emu.admin.clearRequests();
    const created = await provider.create(checked.inputs!);
    expect(created.id).toBe(existing.id);
    const requests = await apiRequests();
    expect(requests.map((r) => r.method)).toEqual(["GET", "PATCH"]);
    expect(requests[1].path).toBe(`/batchPredictionJobDefinitions/${existing.id}/`);
    expect(requests[1].body).not.toHaveProperty("adoptTarget");
    expect(created.outs.adopted).toEqual({ ...checked.inputs!.adoptTarget, at: expect.stringMatching(/Z$/) });
    expect(created.outs.intakeSettings).toEqual({
      type: "s3",
      url: "s3://bucket/in.csv",
      credentialId: SEED.credentialId,
    });
    expect(created.outs.adoptExisting).toBe(true);
  });

  it("does not look anything up in check when the resource already exists or does not adopt", async () => {
    const provider = await configured();
    const { created } = await createResource(provider, userInputs({ adoptExisting: true }));
    expect(created.outs.adopted).toBeUndefined(); // nothing to adopt: created
    await emu.admin.clearRequests();
    const again = await provider.check(created.outs, userInputs({ adoptExisting: true }));
    expect(again.inputs!.adoptTarget).toBeUndefined();
    expect(await apiRequests()).toEqual([]);
  });
});

describe("create answered 2xx with an unreadable body", () => {
  it("the definition the server stored is found by name and taken, like after a dropped connection", async () => {
    const provider = await configured();
    await emu.admin.addFault({ method: "POST", path: "/batchPredictionJobDefinitions", status: 200, answer: "empty" });
    const { created } = await createResource(provider);
    const stored = await emu.admin.definitions();
    expect(stored.map((d) => [d.id, d.name])).toEqual([[created.id, "nightly-scoring"]]);
    const log = (await emu.admin.requests()) as { method: string; path: string; query: Record<string, string> }[];
    expect(log.map((r) => [r.method, r.path, r.query.searchName])).toEqual([
      ["POST", "/batchPredictionJobDefinitions/", undefined],
      ["GET", "/batchPredictionJobDefinitions/", "nightly-scoring"],
    ]);
  });
});

describe("destroying an adopted definition", () => {
  async function adopted(extra: Record<string, unknown> = {}) {
    const provider = await configured();
    const { client, existing } = await existingDefinition();
    const { created } = await createResource(provider, userInputs({ adoptExisting: true, ...extra }));
    expect(created.id).toBe(existing.id);
    return { provider, client, created };
  }

  it("leaves it in DataRobot by default (no DELETE), and keeps the adoption record through update and read", async () => {
    const { provider, client, created } = await adopted();
    const checked = await provider.check(created.outs, userInputs({ adoptExisting: true, enabled: false }));
    const updated = await provider.update(created.id, created.outs, checked.inputs!);
    expect(updated.outs!.adopted).toEqual(created.outs.adopted);
    const read = await provider.read(created.id, updated.outs!);
    expect(read.props!.adopted).toEqual(created.outs.adopted);
    await emu.admin.clearRequests();
    await provider.delete(created.id, read.props!);
    expect(await apiRequests()).toEqual([]);
    expect((await client.getJobDefinition(created.id)).id).toBe(created.id);
  });

  it("deletes it with deleteAdoptedOnDestroy: true", async () => {
    const { provider, created } = await adopted({ deleteAdoptedOnDestroy: true });
    await emu.admin.clearRequests();
    await provider.delete(created.id, created.outs);
    expect((await apiRequests()).map((r) => r.method)).toEqual(["DELETE"]);
  });

  it("deletes it when deleteAdoptedOnDestroy is turned on later: the change alone is an update, with no request", async () => {
    const { provider, created } = await adopted();
    const checked = await provider.check(
      created.outs,
      userInputs({ adoptExisting: true, deleteAdoptedOnDestroy: true }),
    );
    // Without a change here, the engine would keep the old outputs, and destroy would still leave the definition.
    expect((await provider.diff(created.id, created.outs, checked.inputs!)).changes).not.toBe(false);
    await emu.admin.clearRequests();
    const updated = await provider.update(created.id, created.outs, checked.inputs!);
    expect(await apiRequests()).toEqual([]);
    expect(updated.outs!.deleteAdoptedOnDestroy).toBe(true);
    await provider.delete(created.id, updated.outs!);
    expect((await apiRequests()).map((r) => r.method)).toEqual(["DELETE"]);
  });
});

describe("diff", () => {
  it("reports no change for the same definition spelled differently, without any request", async () => {
    const provider = await configured();
    const { created } = await createResource(provider);
    await emu.admin.clearRequests();
    const respelled = userInputs({
      schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["Friday", "monday", "fri"] },
      columnNamesRemapping: [{ inputName: "score", outputName: "prediction" }],
    });
    const checked = await provider.check(created.outs, respelled);
    expect(await provider.diff(created.id, created.outs, checked.inputs!)).toEqual({ changes: false });
    expect(await apiRequests()).toEqual([]);
  });

  it("leaves the detailed diff to the engine when a nested field changes", async () => {
    const provider = await configured();
    const { created } = await createResource(provider);
    const changed = await provider.check(
      created.outs,
      userInputs({ intakeSettings: { type: "s3", url: "s3://bucket/other.csv", credentialId: SEED.credentialId } }),
    );
    const diff = await provider.diff(created.id, created.outs, changed.inputs!);
    expect(diff.changes).toBeUndefined();
    expect(diff.replaces).toEqual([]);
  });

  it("replaces the definition when it moves to another endpoint", async () => {
    const provider = await configured();
    const { created } = await createResource(provider);
    const values: Record<string, string> = {
      "datarobot:endpoint": emu.url,
      "datarobot:apiToken": emu.token,
      "datarobot:connections": JSON.stringify({ other: { endpoint: "https://other.example.com" } }),
    };
    await provider.configure({ config: { get: (key: string) => values[key] } });
    const moved = await provider.check(created.outs, userInputs({ endpoint: "https://other.example.com/api/v2" }));
    expect(moved.failures ?? []).toEqual([]);
    expect((await provider.diff(created.id, created.outs, moved.inputs!)).replaces).toEqual(["endpoint"]);
  });
});

describe("update", () => {
  it("a schedule change sends one PATCH with enabled and the schedule only", async () => {
    const provider = await configured();
    const { created } = await createResource(provider);
    await emu.admin.clearRequests();
    const news = await provider.check(
      created.outs,
      userInputs({ schedule: { minute: [0], hour: [3], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["mon", "fri"] } }),
    );
    const updated = await provider.update(created.id, created.outs, news.inputs!);
    const requests = await apiRequests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PATCH /batchPredictionJobDefinitions/${created.id}/`,
    ]);
    expect(requests[0].body).toEqual({
      enabled: false,
      schedule: { minute: [0], hour: [3], dayOfMonth: ["*"], month: ["*"], dayOfWeek: [1, 5] },
    });
    expect(updated.outs!.schedule).toEqual({
      minute: [0],
      hour: [3],
      dayOfMonth: ["*"],
      month: ["*"],
      dayOfWeek: [1, 5],
    });
  });

  it("a job-spec change sends one PATCH with the whole written spec, and keeps what the user set", async () => {
    const provider = await configured();
    const { created } = await createResource(provider, userInputs({ includePredictionStatus: true }));
    await emu.admin.clearRequests();
    const news = await provider.check(
      created.outs,
      userInputs({
        includePredictionStatus: true,
        intakeSettings: { type: "s3", url: "s3://bucket/v2.csv", credentialId: SEED.credentialId },
      }),
    );
    const updated = await provider.update(created.id, created.outs, news.inputs!);
    const requests = await apiRequests();
    expect(requests.map((r) => r.method)).toEqual(["PATCH"]);
    expect(requests[0].body).toEqual({
      deploymentId: SEED.deploymentId,
      intakeSettings: { type: "s3", url: "s3://bucket/v2.csv", credentialId: SEED.credentialId },
      outputSettings: { type: "jdbc", dataStoreId: SEED.dataStoreId, table: "scores", statementType: "insert" },
      passthroughColumnsSet: "all",
      columnNamesRemapping: [{ inputName: "score", outputName: "prediction" }],
      includePredictionStatus: true,
    });
    expect(updated.outs!.includePredictionStatus).toBe(true);
  });

  it("a removed field is left out (never null); when the server keeps it, one clearing PATCH, then verified", async () => {
    const provider = await configured();
    const { created } = await createResource(provider);
    await emu.admin.clearRequests();
    const news = await provider.check(created.outs, userInputs({ passthroughColumnsSet: undefined }));
    const updated = await provider.update(created.id, created.outs, news.inputs!);
    const bodies = (await apiRequests()).map((r) => r.body as Record<string, unknown>);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).not.toHaveProperty("passthroughColumnsSet"); // the emulator merges PATCHes: it keeps the field
    expect(bodies[1]).toMatchObject({ passthroughColumnsSet: null, intakeSettings: expect.any(Object) });
    const stored = await new DataRobotClient({ endpoint: emu.url, token: emu.token }).getJobDefinition(created.id);
    expect(stored.batchPredictionJob.passthroughColumnsSet ?? null).toBeNull();
    expect(updated.outs).not.toHaveProperty("passthroughColumnsSet");
  });

  it("fails the update, naming the field and what DataRobot holds, when the server refuses to clear it", async () => {
    const provider = await configured();
    const { created } = await createResource(provider, userInputs({ thresholdHigh: 0.8 }));
    await emu.admin.setConfig({ nullInWrite: "ignore" } as never);
    const news = await provider.check(created.outs, userInputs());
    const failure = provider.update(created.id, created.outs, news.inputs!);
    await expect(failure).rejects.toThrow(
      /did not apply this change.*\n {2}- thresholdHigh: removed from the program \(expected no value\), but DataRobot still holds 0\.8/s,
    );
    // The engine records what DataRobot holds (the error carries the resource's id and outputs).
    const error = (await failure.catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown> };
    expect(error.id).toBe(created.id);
    expect(error.properties.__provider).toBe("serialized-provider-text");
  });
});

describe("read", () => {
  it("sends one GET and returns outputs and inputs equal to what create stored", async () => {
    const provider = await configured();
    const { checked, created } = await createResource(provider);
    await emu.admin.clearRequests();
    const read = await provider.read(created.id, created.outs);
    expect((await apiRequests()).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /batchPredictionJobDefinitions/${created.id}/`,
    ]);
    expect(read.id).toBe(created.id);
    const { __provider: _ignored, ...checkedWithoutProvider } = checked;
    expect(read.inputs).toEqual(checkedWithoutProvider);
    expect(await provider.diff(created.id, read.props!, checked)).toEqual({ changes: false });
  });

  it("shows a schedule edited out of band as drift in inputs and outputs", async () => {
    const provider = await configured();
    const { checked, created } = await createResource(provider);
    await emu.admin.editDefinition(created.id, {
      schedule: { minute: [30], hour: [4], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
    });
    const read = await provider.read(created.id, created.outs);
    const drifted = { minute: [30], hour: [4], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] };
    expect(read.inputs!.schedule).toEqual(drifted);
    expect(read.props!.schedule).toEqual(drifted);
    expect((await provider.diff(created.id, read.props!, checked)).changes).toBeUndefined();
  });

  it("refuses a GET answered with another definition's body (a proxy or cache mixing answers): identity unchanged", async () => {
    const { existing: theirs } = await existingDefinition();
    const provider = await configured();
    const { created } = await createResource(provider, userInputs({ name: "our-definition" }));
    await emu.admin.addFault({
      method: "GET",
      path: "/batchPredictionJobDefinitions/*",
      answer: "another-definition",
      times: 0,
    });
    await expect(provider.read(created.id, created.outs)).rejects.toThrow(
      `DataRobot API: GET /batchPredictionJobDefinitions/${created.id}/ asked about id ${created.id} but was ` +
        `answered about id ${theirs.id}. A proxy or cache between this client and DataRobot may be mixing up answers`,
    );
    await emu.admin.clearFaults();
    // Without the fault the same state reads and deletes our definition, and theirs stays.
    expect((await provider.read(created.id, created.outs)).id).toBe(created.id);
    await provider.delete(created.id, created.outs);
    const left = await emu.admin.definitions();
    expect(left.map((d) => d.id)).toEqual([theirs.id]);
  });

  it("reports a definition deleted out of band as gone (no id)", async () => {
    const provider = await configured();
    const { created } = await createResource(provider);
    await emu.admin.deleteDefinition(created.id);
    expect(await provider.read(created.id, created.outs)).toEqual({});
  });
});

describe("delete", () => {
  it("sends one DELETE", async () => {
    const provider = await configured();
    const { created } = await createResource(provider);
    await emu.admin.clearRequests();
    await provider.delete(created.id, created.outs);
    expect((await apiRequests()).map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE /batchPredictionJobDefinitions/${created.id}/`,
    ]);
  });

  it("treats an already deleted definition as deleted", async () => {
    const provider = await configured();
    const { created } = await createResource(provider);
    await emu.admin.deleteDefinition(created.id);
    await expect(provider.delete(created.id, created.outs)).resolves.toBeUndefined();
  });

  it("explains a refusal while jobs run, and aborts them first when asked to", async () => {
    const provider = await configured({ abortWaitMs: 10_000 });
    const { created } = await createResource(provider);
    await emu.admin.setBehavior(created.id, { outcome: "complete", durationMs: 60_000 });
    const client = new DataRobotClient({ endpoint: emu.url, token: emu.token });
    await client.startJobFromDefinition(created.id);
    await expect(provider.delete(created.id, created.outs)).rejects.toThrow(
      /Cannot delete batch prediction job definition "nightly-scoring".*still running.*abortRunningJobsOnDelete: true/,
    );
    await provider.delete(created.id, { ...created.outs, abortRunningJobsOnDelete: true });
    await expect(client.getJobDefinition(created.id)).rejects.toThrow(/404/);
    const jobs = await emu.admin.jobs();
    expect(jobs.map((job) => job.status)).toEqual(["ABORTED"]);
  });
});

describe("configuration", () => {
  it("fails with instructions when no endpoint is configured", async () => {
    const provider = newProvider();
    const checked = await provider.check({}, userInputs());
    await expect(provider.create(checked.inputs!)).rejects.toThrow(/pulumi config set datarobot:endpoint/);
  });

  it("uses a resource's own endpoint when a named connection lists it, with that connection's token", async () => {
    const provider = newProvider();
    const values: Record<string, string> = {
      "datarobot:apiToken": "stack-token-not-for-this-endpoint",
      "datarobot:connections": JSON.stringify({ local: { endpoint: emu.url, apiToken: emu.token } }),
    };
    await provider.configure({ config: { get: (key: string) => values[key] } });
    const { created } = await createResource(provider, userInputs({ endpoint: emu.url }));
    expect(created.outs.endpoint).toBe(emu.url);
    expect((await apiRequests()).map((r) => r.method)).toEqual(["POST"]);
  });

  it("refuses, in check and without a request, an endpoint the stack's configuration does not name", async () => {
    const provider = newProvider();
    await provider.configure({
      config: { get: (key: string) => (key === "datarobot:apiToken" ? emu.token : undefined) },
    });
    const checked = await provider.check({}, userInputs({ endpoint: emu.url }));
    expect(checked.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(
          /^endpoint: http:\/\/127\.0\.0\.1:\d+\/api\/v2 is not configured for this stack, so no API token is sent there\..*pulumi config set --path 'datarobot:connections\.<name>\.endpoint'/,
        ),
      },
    ]);
    await expect(provider.create(userInputs({ endpoint: emu.url }))).rejects.toThrow(
      /is not configured for this stack/,
    );
    expect(await apiRequests()).toEqual([]);
  });
});
