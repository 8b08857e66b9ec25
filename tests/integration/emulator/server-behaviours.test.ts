/**
 * The emulator's configurable server behaviours (where DataRobot's real behaviour is unknown), each asserted through
 * real HTTP requests: PATCH semantics, null in a write, server-filled fields, unknown keys, duplicate names, chunkSize.
 * Every behaviour is set both ways it can be: `startEmulator` options (once) and `PUT /__admin/config` (per test).
 */
import { SEED, startEmulator, type EmulatorConfig } from "../../../emulator";
import { clientOf, createDefinitionAs, definitionBody, useEmulator } from "../helpers";

const emu = useEmulator();
const owner = clientOf(emu);

const DEFINITIONS = "/batchPredictionJobDefinitions/";
const INTAKE = definitionBody().intakeSettings as Record<string, unknown>;
const NEW_INTAKE = { type: "s3", url: "s3://bucket/other.csv", credentialId: SEED.credentialId };

const create = (overrides?: Record<string, unknown>): Promise<Record<string, unknown>> =>
  createDefinitionAs(owner, overrides);

async function patch(id: unknown, body: Record<string, unknown>) {
  return owner.patch(`${DEFINITIONS}${String(id)}/`, body);
}

/** Creates with non-default job-spec values, then PATCHes only intakeSettings (plus deploymentId, as a client would). */
async function patchIntakeOnly(config: Partial<EmulatorConfig>) {
  await emu.admin.setConfig(config);
  const created = await create({ includePredictionStatus: true, maxExplanations: 3, thresholdHigh: 0.8 });
  const res = await patch(created.id, { deploymentId: SEED.deploymentId, intakeSettings: NEW_INTAKE });
  expect(res.status).toBe(200);
  const stored = (await owner.get(`${DEFINITIONS}${String(created.id)}/`)).body.batchPredictionJob;
  expect(res.body.batchPredictionJob).toEqual(stored);
  return stored;
}

describe("patchSemantics", () => {
  it("merge (default): keys the PATCH omits keep their values", async () => {
    const spec = await patchIntakeOnly({});
    expect(spec).toMatchObject({
      intakeSettings: NEW_INTAKE,
      includePredictionStatus: true,
      maxExplanations: 3,
      thresholdHigh: 0.8,
      outputSettings: definitionBody().outputSettings,
    });
  });

  it("fill-defaults: omitted update-schema fields reset to their OpenAPI defaults, other omitted keys stay", async () => {
    const spec = await patchIntakeOnly({ patchSemantics: "fill-defaults" });
    expect(spec).toMatchObject({
      intakeSettings: NEW_INTAKE,
      includePredictionStatus: false,
      maxExplanations: 0,
      abortOnError: true,
      includeProbabilities: true,
      includeProbabilitiesClasses: [],
      disableRowLevelErrorHandling: false,
      skipDriftTracking: false,
      thresholdHigh: 0.8,
      outputSettings: definitionBody().outputSettings,
    });
  });

  it("replace-spec: the whole spec becomes the create-time defaults plus the keys sent", async () => {
    const spec = await patchIntakeOnly({ patchSemantics: "replace-spec" });
    expect(spec).toMatchObject({ intakeSettings: NEW_INTAKE, includePredictionStatus: false, maxExplanations: 0 });
    expect(spec).not.toHaveProperty("thresholdHigh");
    expect(spec.outputSettings).toEqual({ type: "localFile" });
  });

  it("replace-spec: a PATCH of intakeSettings alone loses deploymentId and is refused", async () => {
    await emu.admin.setConfig({ patchSemantics: "replace-spec" });
    const created = await create();
    const res = await patch(created.id, { intakeSettings: NEW_INTAKE });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ deploymentId: "is required (or give modelId / modelPackageId)" });
  });

  it.each(["merge", "replace-spec", "fill-defaults"] as const)(
    "%s: a PATCH of name / enabled / schedule only never touches the spec",
    async (patchSemantics) => {
      await emu.admin.setConfig({ patchSemantics });
      const created = await create({ includePredictionStatus: true, maxExplanations: 3, thresholdHigh: 0.8 });
      const res = await patch(created.id, { name: "renamed", enabled: false, schedule: null });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe("renamed");
      expect(res.body.batchPredictionJob).toEqual(created.batchPredictionJob);
    },
  );
});

describe("nullInWrite", () => {
  it("clear (default): null resets the field", async () => {
    const created = await create({ thresholdHigh: 0.8, includePredictionStatus: true });
    const res = await patch(created.id, { thresholdHigh: null, includePredictionStatus: null });
    expect(res.status).toBe(200);
    expect(res.body.batchPredictionJob).not.toHaveProperty("thresholdHigh");
    expect(res.body.batchPredictionJob.includePredictionStatus).toBe(false);
  });

  it("reject: 422 naming every null field, and nothing changes", async () => {
    await emu.admin.setConfig({ nullInWrite: "reject" });
    const created = await create({ thresholdHigh: 0.8 });
    const res = await patch(created.id, { thresholdHigh: null, outputSettings: { type: "localFile", path: null } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({
      thresholdHigh: "null is not allowed; leave the field out of the request to keep its value",
      "outputSettings.path": "null is not allowed; leave the field out of the request to keep its value",
    });
    const stored = await owner.get(`${DEFINITIONS}${String(created.id)}/`);
    expect(stored.body.batchPredictionJob.thresholdHigh).toBe(0.8);
  });

  it("reject: a remapping entry with outputName null is a value, not a null write", async () => {
    await emu.admin.setConfig({ nullInWrite: "reject" });
    const created = await create({ columnNamesRemapping: [{ inputName: "a", outputName: null }] });
    expect(created.batchPredictionJob).toMatchObject({ columnNamesRemapping: [{ inputName: "a", outputName: null }] });
  });

  it("ignore: a null key is treated as absent (the field keeps its value)", async () => {
    await emu.admin.setConfig({ nullInWrite: "ignore" });
    const created = await create({ thresholdHigh: 0.8 });
    const res = await patch(created.id, { thresholdHigh: null, maxExplanations: 2 });
    expect(res.status).toBe(200);
    expect(res.body.batchPredictionJob).toMatchObject({ thresholdHigh: 0.8, maxExplanations: 2 });
  });
});

describe("serverFilledFields", () => {
  it("none (default): fields the client never sent and the emulator does not default are absent", async () => {
    const created = await create();
    for (const key of ["maxNgramExplanations", "batchJobType", "monitoringBatchPrefix", "secondaryDatasetsConfigId"])
      expect(created.batchPredictionJob).not.toHaveProperty(key);
    expect(created.batchPredictionJob).toMatchObject({ intakeSettings: definitionBody().intakeSettings });
    expect((created.batchPredictionJob as Record<string, Record<string, unknown>>).intakeSettings).not.toHaveProperty(
      "format",
    );
  });

  it("documented: definitions and jobs echo the documented fields, never over a value the client set", async () => {
    await emu.admin.setConfig({ serverFilledFields: "documented" });
    const created = await create({
      thresholdLow: 0.1,
      outputSettings: { type: "gcp", url: "gs://b/o", format: "parquet" },
    });
    expect(created.batchPredictionJob).toMatchObject({
      maxNgramExplanations: 0,
      batchJobType: "prediction",
      monitoringBatchPrefix: null,
      secondaryDatasetsConfigId: null,
      passthroughColumns: null,
      passthroughColumnsSet: null,
      thresholdHigh: null,
      thresholdLow: 0.1,
      intakeSettings: { ...INTAKE, format: "csv" },
      outputSettings: { type: "gcp", url: "gs://b/o", format: "parquet" },
      redactedFields: [],
    });
    const listed = await owner.get(DEFINITIONS);
    expect(listed.body.data[0].batchPredictionJob).toEqual(created.batchPredictionJob);
    const run = await owner.post("/batchPredictions/fromJobDefinition/", { jobDefinitionId: created.id });
    expect(run.status).toBe(202);
    expect(run.body.jobSpec).toMatchObject({ batchJobType: "prediction", maxNgramExplanations: 0 });
    expect(run.body.jobSpec.intakeSettings.format).toBe("csv");
  });

  it("documented: the filled values are echoes, not stored (turning the option off removes them)", async () => {
    await emu.admin.setConfig({ serverFilledFields: "documented" });
    const created = await create();
    await emu.admin.setConfig({ serverFilledFields: "none" });
    const read = await owner.get(`${DEFINITIONS}${String(created.id)}/`);
    expect(read.body.batchPredictionJob).not.toHaveProperty("batchJobType");
  });
});

describe("unknownFields", () => {
  const unknown = { probeUnknownField: 1, intakeSettings: { ...INTAKE, surprise: "x" } };

  it("reject: 422 naming each unknown key", async () => {
    await emu.admin.setConfig({ unknownFields: "reject" });
    const res = await owner.post(DEFINITIONS, definitionBody(unknown));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({
      probeUnknownField: "is not allowed",
      "intakeSettings.surprise": "is not allowed for type s3",
    });
  });

  it("ignore: accepted, and dropped from storage (top level and nested)", async () => {
    await emu.admin.setConfig({ unknownFields: "ignore" });
    const created = await create(unknown);
    const stored = (await owner.get(`${DEFINITIONS}${String(created.id)}/`)).body.batchPredictionJob;
    expect(stored).not.toHaveProperty("probeUnknownField");
    expect(stored.intakeSettings).toEqual(definitionBody().intakeSettings);
    const res = await patch(created.id, { probeUnknownField: 2 });
    expect(res.status).toBe(200);
    expect(res.body.batchPredictionJob).not.toHaveProperty("probeUnknownField");
  });

  it("keep (default): stored and echoed in batchPredictionJob, and updatable by PATCH", async () => {
    const created = await create(unknown);
    expect(created.batchPredictionJob).toMatchObject({
      probeUnknownField: 1,
      intakeSettings: { surprise: "x" },
    });
    const res = await patch(created.id, { probeUnknownField: 2 });
    expect(res.status).toBe(200);
    expect(res.body.batchPredictionJob.probeUnknownField).toBe(2);
  });
});

describe("duplicateNameStatus", () => {
  it("409 (default) with a message; 422 with errors.name saying the name already exists", async () => {
    await create({ name: "taken" });
    const conflict = await owner.post(DEFINITIONS, definitionBody({ name: "taken" }));
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toBe('A job definition named "taken" already exists in your organization');
    await emu.admin.setConfig({ duplicateNameStatus: 422 });
    const invalid = await owner.post(DEFINITIONS, definitionBody({ name: "taken" }));
    expect(invalid.status).toBe(422);
    expect(invalid.body).toEqual({
      message: "Invalid field data",
      errors: { name: 'A job definition named "taken" already exists in your organization' },
    });
  });
});

describe("chunkSizeRange", () => {
  it("positive (default): chunkSize 10 is accepted; recalled: 422 below 20", async () => {
    expect((await create({ chunkSize: 10 })).batchPredictionJob).toMatchObject({ chunkSize: 10 });
    await emu.admin.setConfig({ chunkSizeRange: "recalled" });
    const res = await owner.post(DEFINITIONS, definitionBody({ chunkSize: 10 }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ chunkSize: "value is less than 20" });
  });
});

describe("configuration", () => {
  it("startEmulator options set the behaviours, and PUT /__admin/config validates the values", async () => {
    const behaviours = {
      patchSemantics: "fill-defaults",
      nullInWrite: "reject",
      serverFilledFields: "documented",
      unknownFields: "keep",
      chunkSizeRange: "recalled",
      duplicateNameStatus: 422,
    } as const;
    const hostile = await startEmulator(behaviours);
    try {
      expect(await hostile.admin.config()).toMatchObject(behaviours);
    } finally {
      await hostile.close();
    }
    await expect(emu.admin.setConfig({ patchSemantics: "sometimes" } as never)).rejects.toThrow(
      /Invalid value for config key patchSemantics/,
    );
  });

  it("the monitoring job-spec fields are accepted and echoed", async () => {
    const monitoring = {
      batchJobType: "monitoring",
      monitoringColumns: { predictionsColumns: "score", associationIdColumn: "id" },
      monitoringAggregation: { retentionPolicy: "samples", retentionValue: 100 },
      monitoringOutputSettings: { uniqueRowIdentifierColumns: ["id"], monitoredStatusColumn: "status" },
    };
    expect((await create(monitoring)).batchPredictionJob).toMatchObject(monitoring);
  });
});
