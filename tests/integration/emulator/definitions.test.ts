import { SEED } from "../../../emulator";
import { call, clientOf, createDefinitionAs, definitionBody, useEmulator } from "../helpers";

const ID = /^[0-9a-f]{24}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const DAILY_0100 = { minute: [0], hour: [1], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] };

const emu = useEmulator();
const owner = clientOf(emu);
const other = clientOf(emu, "other");

const create = (overrides?: Record<string, unknown>) => createDefinitionAs(owner, overrides);

describe("auth", () => {
  it("accepts Bearer and legacy Token headers", async () => {
    for (const auth of [`Bearer ${emu.token}`, `Token ${emu.token}`]) {
      const res = await call(emu.url, "GET", "/version/", undefined, { auth });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ major: 2, minor: 36, versionString: "2.36.0", releasedVersion: "emulator" });
    }
  });

  it.each([
    ["missing", null, "Authentication credentials were not provided"],
    ["wrong token", "Bearer nope", "Invalid API token."],
    ["wrong scheme", `Basic ${Buffer.from("a:b").toString("base64")}`, "Invalid Authorization header"],
  ])("401 JSON when the header is %s", async (_case, auth, message) => {
    const res = await call(emu.url, "GET", "/batchPredictionJobDefinitions/", undefined, { auth });
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.body.message).toContain(message);
    expect(res.text).not.toContain("nope");
  });
});

describe("routing", () => {
  it("serves every route with and without the trailing slash, never redirecting", async () => {
    const definition = await create();
    const job = await owner.post("/batchPredictions/fromJobDefinition", { jobDefinitionId: definition.id });
    expect(job.status).toBe(202);
    const paths = [
      "/version",
      "/batchPredictionJobDefinitions",
      `/batchPredictionJobDefinitions/${definition.id}`,
      "/batchPredictions",
      `/batchPredictions/${job.body.id}`,
      "/deployments",
      `/deployments/${SEED.deploymentId}`,
      "/datasets",
      "/credentials",
      "/externalDataStores",
    ];
    for (const path of paths) {
      for (const variant of [path, `${path}/`]) {
        const res = await owner.get(variant);
        expect([variant, res.status]).toEqual([variant, 200]);
      }
    }
    // Python SDK style PATCH without the slash (docs/datarobot-api.md §1.6).
    const patched = await owner.patch(`/batchPredictionJobDefinitions/${definition.id}`, { enabled: false });
    expect(patched.status).toBe(200);
  });

  it("404 JSON for unknown routes and 405 for a wrong method", async () => {
    const unknown = await owner.get("/nothingHere/");
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain("No route");
    const wrong = await owner.patch("/batchPredictionJobDefinitions/", {});
    expect(wrong.status).toBe(405);
  });

  it("400 on a body that is not JSON", async () => {
    const res = await owner.post("/batchPredictionJobDefinitions/", undefined, { rawBody: "{nope" });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("The request body is not valid JSON");
  });
});

describe("create", () => {
  it("returns 202 with server defaults filled in and the flat body nested under batchPredictionJob", async () => {
    const body = await create({ name: "nightly", columnNamesRemapping: { a: "b", c: null } });
    expect(body.id).toMatch(ID);
    expect(body.name).toBe("nightly");
    expect(body.enabled).toBe(false);
    expect(body.schedule).toBeNull();
    expect(body.batchPredictionJob).toEqual({
      deploymentId: SEED.deploymentId,
      numConcurrent: 4,
      chunkSize: "auto",
      abortOnError: true,
      disableRowLevelErrorHandling: false,
      includeProbabilities: true,
      includeProbabilitiesClasses: [],
      includePredictionStatus: false,
      skipDriftTracking: false,
      maxExplanations: 0,
      csvSettings: { delimiter: ",", quotechar: '"', encoding: "utf-8" },
      intakeSettings: { type: "s3", url: "s3://bucket/in.csv", credentialId: SEED.credentialId },
      outputSettings: { type: "s3", url: "s3://bucket/out.csv", credentialId: SEED.credentialId },
      columnNamesRemapping: [
        { inputName: "a", outputName: "b" },
        { inputName: "c", outputName: null },
      ],
      predictionWarningEnabled: null,
      redactedFields: [],
    });
    expect(body.created).toMatch(TIMESTAMP);
    expect(body.updated).toBe(body.created);
    expect(body.createdBy).toEqual({
      username: "owner@example.com",
      userId: SEED.ownerUserId,
      fullName: "Emulator Owner",
    });
    expect(body.updatedBy).toEqual(body.createdBy);
    expect(body.lastStartedJobStatus).toBeNull();
    expect(body.lastStartedJobTime).toBeNull();
    expect(body.lastSuccessfulRunTime).toBe("1900-01-01T00:00:00.000000Z");
    expect(body.lastFailedRunTime).toBe("1900-01-01T00:00:00.000000Z");
    expect(body.lastScheduledRunTime).toBeNull();
    expect(body.nextScheduledRunTime).toBeNull();
  });

  it("defaults outputSettings to localFile and completes a partial csvSettings", async () => {
    const body = await create({ outputSettings: undefined, csvSettings: { delimiter: "tab" } });
    expect(body.batchPredictionJob.outputSettings).toEqual({ type: "localFile" });
    expect(body.batchPredictionJob.csvSettings).toEqual({ delimiter: "tab", quotechar: '"', encoding: "utf-8" });
  });

  it("echoes the array form of columnNamesRemapping unchanged", async () => {
    const remap = [{ inputName: "x", outputName: "y" }];
    expect((await create({ columnNamesRemapping: remap })).batchPredictionJob.columnNamesRemapping).toEqual(remap);
  });

  it("generates a three-word name when omitted", async () => {
    const a = await create();
    const b = await create();
    expect(a.name).toMatch(/^[a-z]+_[a-z]+_[a-z]+$/);
    expect(b.name).not.toBe(a.name);
  });

  it("computes nextScheduledRunTime from the schedule in UTC, even while disabled", async () => {
    const body = await create({ schedule: DAILY_0100 });
    expect(body.schedule).toEqual(DAILY_0100);
    expect(body.nextScheduledRunTime).toMatch(/T01:00:00\.000000Z$/);
    const delta = Date.parse(body.nextScheduledRunTime) - Date.parse(body.created);
    expect(delta).toBeGreaterThan(0);
    expect(delta).toBeLessThanOrEqual(24 * 3600 * 1000);
  });

  it("409 for a name already used in the organization (any user), 422 when configured", async () => {
    await create({ name: "taken" });
    const res = await other.post("/batchPredictionJobDefinitions/", definitionBody({ name: "taken" }));
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ message: 'A job definition named "taken" already exists in your organization' });
    await emu.admin.setConfig({ duplicateNameStatus: 422 });
    const again = await owner.post("/batchPredictionJobDefinitions/", definitionBody({ name: "taken" }));
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual({ name: 'A job definition named "taken" already exists in your organization' });
  });

  it("422 with a clear message for an unknown deploymentId (404 when configured)", async () => {
    const missing = "64b00000000000000000ffff";
    const res = await owner.post("/batchPredictionJobDefinitions/", definitionBody({ deploymentId: missing }));
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      message: "Invalid field data",
      errors: { deploymentId: `Deployment ${missing} was not found or you do not have access to it` },
    });
    await emu.admin.setConfig({ unknownDeploymentStatus: 404 });
    const notFound = await owner.post("/batchPredictionJobDefinitions/", definitionBody({ deploymentId: missing }));
    expect(notFound.status).toBe(404);
  });

  it("accepts a deployment added as a fixture", async () => {
    const [deployment] = (await emu.admin.addFixtures({ deployments: [{ label: "new" }] })).deployments;
    expect((await create({ deploymentId: deployment.id })).batchPredictionJob.deploymentId).toBe(deployment.id);
  });

  it("checks credential/dataStore/dataset references only when checkReferences is on", async () => {
    const unknownCredential = "64b00000000000000000cccc";
    const body = definitionBody({ intakeSettings: { type: "s3", url: "s3://b/k", credentialId: unknownCredential } });
    expect((await owner.post("/batchPredictionJobDefinitions/", body)).status).toBe(202);
    await emu.admin.setConfig({ checkReferences: true });
    const res = await owner.post("/batchPredictionJobDefinitions/", { ...body, name: "second" });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({
      "intakeSettings.credentialId": `${unknownCredential} was not found or you do not have access to it`,
    });
  });

  it("422 when enabled is true without a schedule", async () => {
    const res = await owner.post("/batchPredictionJobDefinitions/", definitionBody({ enabled: true }));
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      message: "Invalid field data",
      errors: { enabled: "a schedule is required when enabled is true" },
    });
  });

  /** Fields each wrong in its own way: the strict options reject them all, the defaults only what a source says. */
  const INVALID_FIELDS = {
    intakeSettings: { type: "jdbc" },
    outputSettings: { type: "carrierPigeon" },
    maxExplanations: 101,
    numConcurrent: 0,
    predictionThreshold: 1.5,
    schedule: { ...DAILY_0100, hour: [24] },
    bogus: true,
  };

  it("422 listing every field error with dotted paths (the strict options)", async () => {
    await emu.admin.setConfig({ unknownFields: "reject", unknownAdapterTypes: "reject", unsourcedLimits: "reject" });
    const res = await owner.post(
      "/batchPredictionJobDefinitions/",
      definitionBody({ ...INVALID_FIELDS, schedule: { ...INVALID_FIELDS.schedule, extra: [1] } }),
    );
    expect(res.status).toBe(422);
    expect(res.body.message).toBe("Invalid field data");
    expect(Object.keys(res.body.errors).sort()).toEqual(
      [
        "bogus",
        "intakeSettings.dataStoreId",
        "maxExplanations",
        "numConcurrent",
        "outputSettings.type",
        "predictionThreshold",
        "schedule.extra",
        "schedule.hour",
      ].sort(),
    );
    expect(res.body.errors.maxExplanations).toBe("value is greater than 100");
    expect(res.body.errors.numConcurrent).toBe("value is less than 1");
    expect(res.body.errors["intakeSettings.dataStoreId"]).toBe("is required for type jdbc");
  });

  it("422 for mutually exclusive fields", async () => {
    const res = await owner.post(
      "/batchPredictionJobDefinitions/",
      definitionBody({ passthroughColumns: ["a"], passthroughColumnsSet: "all" }),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({
      passthroughColumnsSet: "passthroughColumns and passthroughColumnsSet are mutually exclusive",
    });
  });

  it("by default, only what a source says the server rejects: the same body is 422 for the sourced errors alone", async () => {
    const res = await owner.post("/batchPredictionJobDefinitions/", definitionBody(INVALID_FIELDS));
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors).sort()).toEqual(
      ["intakeSettings.dataStoreId", "predictionThreshold", "schedule.hour"].sort(),
    );
  });

  it("stores and echoes an unknown adapter type and unknown keys by default; no intake is local-file intake", async () => {
    const created = await owner.post(
      "/batchPredictionJobDefinitions/",
      definitionBody({ outputSettings: { type: "trinoV2", table: "t", anything: [1] }, explanationsMode: "fast" }),
    );
    expect(created.status).toBe(202);
    expect(created.body.batchPredictionJob).toMatchObject({
      outputSettings: { type: "trinoV2", table: "t", anything: [1] },
      explanationsMode: "fast",
    });
    const { intakeSettings: _omitted, ...withoutIntake } = definitionBody({ name: "no-intake" });
    const local = await owner.post("/batchPredictionJobDefinitions/", withoutIntake);
    expect(local.status).toBe(202);
    expect(local.body.batchPredictionJob.intakeSettings).toEqual({ type: "localFile" });
  });

  it("422 when the body is not an object or lacks a deployment", async () => {
    const notObject = await owner.post("/batchPredictionJobDefinitions/", [1, 2]);
    expect(notObject.status).toBe(422);
    const empty = await owner.post("/batchPredictionJobDefinitions/", {});
    expect(empty.status).toBe(422);
    // intakeSettings may be left out: "the defaults are local file intake and output" (DataRobot's docs).
    expect(empty.body.errors).toEqual({ deploymentId: "is required (or give modelId / modelPackageId)" });
  });
});

describe("get, list and filters", () => {
  it("404 for a missing or malformed id", async () => {
    for (const id of ["64b00000000000000000beef", "not-an-id"]) {
      const res = await owner.get(`/batchPredictionJobDefinitions/${id}/`);
      expect(res.status).toBe(404);
      expect(res.body.message).toContain("was not found");
    }
  });

  it("paginates with offset/limit defaults 0/100 and absolute next/previous links", async () => {
    for (let i = 0; i < 5; i++) await create({ name: `def-${i}` });
    const all = await owner.get("/batchPredictionJobDefinitions/");
    expect(all.body).toMatchObject({ count: 5, totalCount: 5, next: null, previous: null });
    expect(all.body.data.map((d: { name: string }) => d.name)).toEqual(["def-0", "def-1", "def-2", "def-3", "def-4"]);

    const page = await owner.get("/batchPredictionJobDefinitions/?offset=2&limit=2&searchName=DEF");
    expect(page.status).toBe(200);
    expect(page.body.count).toBe(2);
    expect(page.body.totalCount).toBe(5);
    expect(page.body.data.map((d: { name: string }) => d.name)).toEqual(["def-2", "def-3"]);
    expect(page.body.next).toBe(`${emu.url}/batchPredictionJobDefinitions/?searchName=DEF&offset=4&limit=2`);
    expect(page.body.previous).toBe(`${emu.url}/batchPredictionJobDefinitions/?searchName=DEF&offset=0&limit=2`);
    const last = await call(page.body.next, "GET", "", undefined, { token: emu.token });
    expect(last.body.data.map((d: { name: string }) => d.name)).toEqual(["def-4"]);
    expect(last.body.next).toBeNull();
  });

  it("filters by searchName (case-insensitive substring) and deploymentId", async () => {
    await create({ name: "Nightly-Churn" });
    await create({ name: "weekly", deploymentId: SEED.secondDeploymentId });
    const byName = await owner.get("/batchPredictionJobDefinitions/?searchName=churn");
    expect(byName.body.data.map((d: { name: string }) => d.name)).toEqual(["Nightly-Churn"]);
    const byDeployment = await owner.get(`/batchPredictionJobDefinitions/?deploymentId=${SEED.secondDeploymentId}`);
    expect(byDeployment.body.data.map((d: { name: string }) => d.name)).toEqual(["weekly"]);
  });

  it("422 for bad paging parameters", async () => {
    const res = await owner.get("/batchPredictionJobDefinitions/?offset=-1&limit=abc");
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({
      offset: expect.stringContaining("must be an integer"),
      limit: expect.stringContaining("must be an integer"),
    });
  });
});

describe("PATCH", () => {
  it("merges top-level keys, replaces nested objects whole and refreshes updated/updatedBy", async () => {
    const created = await create({ name: "orig", maxExplanations: 3, schedule: DAILY_0100 });
    await new Promise((r) => setTimeout(r, 5));
    const res = await owner.patch(`/batchPredictionJobDefinitions/${created.id}`, {
      enabled: true,
      outputSettings: { type: "jdbc", dataStoreId: SEED.dataStoreId, table: "scores", statementType: "insert" },
      deploymentId: SEED.secondDeploymentId,
    });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("orig");
    expect(res.body.enabled).toBe(true);
    expect(res.body.schedule).toEqual(DAILY_0100);
    expect(res.body.batchPredictionJob.maxExplanations).toBe(3);
    expect(res.body.batchPredictionJob.deploymentId).toBe(SEED.secondDeploymentId);
    expect(res.body.batchPredictionJob.outputSettings).toEqual({
      type: "jdbc",
      dataStoreId: SEED.dataStoreId,
      table: "scores",
      statementType: "insert",
    });
    expect(res.body.batchPredictionJob.intakeSettings).toEqual(created.batchPredictionJob.intakeSettings);
    expect(Date.parse(res.body.updated)).toBeGreaterThan(Date.parse(created.updated));
    expect(res.body.created).toBe(created.created);
  });

  it("null resets a defaulted field and removes the schedule", async () => {
    const created = await create({ maxExplanations: 3, schedule: DAILY_0100 });
    const res = await owner.patch(`/batchPredictionJobDefinitions/${created.id}/`, {
      maxExplanations: null,
      schedule: null,
    });
    expect(res.status).toBe(200);
    expect(res.body.batchPredictionJob.maxExplanations).toBe(0);
    expect(res.body.schedule).toBeNull();
    expect(res.body.nextScheduledRunTime).toBeNull();
  });

  it("validates the supplied nested object on its own (a partial intake is rejected)", async () => {
    const created = await create();
    const res = await owner.patch(`/batchPredictionJobDefinitions/${created.id}/`, {
      intakeSettings: { credentialId: SEED.credentialId },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ "intakeSettings.type": expect.stringContaining("is required") });
  });

  it("422 when enabling without a stored schedule", async () => {
    const created = await create();
    const res = await owner.patch(`/batchPredictionJobDefinitions/${created.id}/`, { enabled: true });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ enabled: "a schedule is required when enabled is true" });
  });

  it("409 for a name used by another definition, 200 when keeping its own name", async () => {
    await create({ name: "first" });
    const second = await create({ name: "second" });
    const clash = await owner.patch(`/batchPredictionJobDefinitions/${second.id}/`, { name: "first" });
    expect(clash.status).toBe(409);
    expect(clash.body.message).toBe('A job definition named "first" already exists in your organization');
    expect((await owner.patch(`/batchPredictionJobDefinitions/${second.id}/`, { name: "second" })).status).toBe(200);
  });

  it("404 for a missing definition", async () => {
    expect((await owner.patch("/batchPredictionJobDefinitions/64b00000000000000000beef/", {})).status).toBe(404);
  });
});

describe("DELETE", () => {
  it("204 then 404 on GET, PATCH, DELETE and run", async () => {
    const created = await create();
    const res = await owner.delete(`/batchPredictionJobDefinitions/${created.id}/`);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect((await owner.get(`/batchPredictionJobDefinitions/${created.id}/`)).status).toBe(404);
    expect((await owner.patch(`/batchPredictionJobDefinitions/${created.id}`, {})).status).toBe(404);
    expect((await owner.delete(`/batchPredictionJobDefinitions/${created.id}/`)).status).toBe(404);
    expect((await owner.post("/batchPredictions/fromJobDefinition/", { jobDefinitionId: created.id })).status).toBe(
      404,
    );
  });
});

describe("permissions (second user of the organization)", () => {
  it("sees [redacted] ids and redactedFields in definitions it does not own", async () => {
    const definition = await create({
      intakeSettings: { type: "jdbc", dataStoreId: SEED.dataStoreId, credentialId: SEED.credentialId, table: "t" },
      outputSettings: {
        type: "snowflake",
        dataStoreId: SEED.dataStoreId,
        externalStage: "stage",
        statementType: "insert",
        table: "out",
        cloudStorageCredentialId: SEED.credentialId,
      },
    });
    const seen = await other.get(`/batchPredictionJobDefinitions/${definition.id}/`);
    expect(seen.status).toBe(200);
    const spec = seen.body.batchPredictionJob;
    expect(spec.intakeSettings).toEqual({
      type: "jdbc",
      dataStoreId: "[redacted]",
      credentialId: "[redacted]",
      table: "t",
    });
    expect(spec.outputSettings.cloudStorageCredentialId).toBe("[redacted]");
    expect(spec.outputSettings.dataStoreId).toBe("[redacted]");
    expect(spec.redactedFields).toEqual([
      "intakeSettings.credentialId",
      "intakeSettings.dataStoreId",
      "outputSettings.cloudStorageCredentialId",
      "outputSettings.dataStoreId",
    ]);
    const listed = await other.get("/batchPredictionJobDefinitions/");
    expect(listed.body.data[0].batchPredictionJob.intakeSettings.credentialId).toBe("[redacted]");
    // The owner still sees the real ids.
    const mine = await owner.get(`/batchPredictionJobDefinitions/${definition.id}/`);
    expect(mine.body.batchPredictionJob.intakeSettings.credentialId).toBe(SEED.credentialId);
    expect(mine.body.batchPredictionJob.redactedFields).toEqual([]);
  });

  it("403 for PATCH, DELETE and run of a definition it does not own; its own definitions work", async () => {
    const definition = await create();
    const patch = await other.patch(`/batchPredictionJobDefinitions/${definition.id}`, { name: "x" });
    expect(patch.status).toBe(403);
    expect(patch.body.message).toBe(`You do not have permission to update job definition ${definition.id}`);
    expect((await other.delete(`/batchPredictionJobDefinitions/${definition.id}/`)).status).toBe(403);
    const run = await other.post("/batchPredictions/fromJobDefinition/", { jobDefinitionId: definition.id });
    expect(run.status).toBe(403);
    const own = await other.post("/batchPredictionJobDefinitions/", definitionBody({ name: "others" }));
    expect(own.status).toBe(202);
    expect(own.body.createdBy.username).toBe("other@example.com");
    expect(own.body.batchPredictionJob.intakeSettings.credentialId).toBe(SEED.credentialId);
    expect(
      (await owner.get(`/batchPredictionJobDefinitions/${own.body.id}/`)).body.batchPredictionJob.intakeSettings
        .credentialId,
    ).toBe("[redacted]");
  });

  it("never echoes predictionInstance.apiKey", async () => {
    const definition = await create({
      predictionInstance: { hostName: "pred.example.com", apiKey: "secret-key", datarobotKey: "dr-key" },
    });
    expect(definition.batchPredictionJob.predictionInstance).toEqual({
      hostName: "pred.example.com",
      sslEnabled: true,
      datarobotKey: "dr-key",
    });
    expect(JSON.stringify(definition)).not.toContain("secret-key");
  });
});

describe("seeded fixtures", () => {
  it("lists and gets deployments, datasets, credentials and data stores", async () => {
    const deployments = await owner.get("/deployments/");
    expect(deployments.body).toMatchObject({ count: 2, totalCount: 2, next: null, previous: null });
    expect(deployments.body.data[0]).toEqual({
      id: SEED.deploymentId,
      label: "Emulated churn model",
      status: "active",
    });
    expect((await owner.get(`/datasets/${SEED.datasetId}/`)).body).toMatchObject({ datasetId: SEED.datasetId });
    expect((await owner.get(`/credentials/${SEED.credentialId}/`)).body).toMatchObject({
      credentialId: SEED.credentialId,
      credentialType: "s3",
    });
    expect((await owner.get(`/externalDataStores/${SEED.dataStoreId}/`)).body).toMatchObject({
      id: SEED.dataStoreId,
      type: "jdbc",
    });
    expect((await owner.get("/deployments/64b00000000000000000beef/")).status).toBe(404);
  });
});
