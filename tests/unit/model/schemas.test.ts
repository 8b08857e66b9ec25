/**
 * Schemas against the examples of docs/datarobot-api.md: inputs accepted per adapter type, responses accepted as
 * servers send them.
 */
import {
  BatchJobResponseSchema,
  JobDefinitionInputSchema,
  JobDefinitionResponseSchema,
  JobListEnvelopeSchema,
  INTAKE_TYPES,
  OUTPUT_TYPES,
  validateInputs,
} from "../../../provider/model";
import { isTerminalStatus } from "../../../provider/client/job-status";
import {
  SPEC_CREATE_BODY,
  SPEC_DEFINITION_RESPONSE,
  SPEC_INTAKES,
  SPEC_JOB_RESPONSE,
  SPEC_OUTPUTS,
} from "./spec-examples";

const base = { deploymentId: "66aa0000000000000000d001", intakeSettings: { type: "s3", url: "s3://b/in.csv" } };
const schedule = (over: Record<string, unknown>) => ({
  minute: [0],
  hour: [2],
  dayOfMonth: ["*"],
  month: ["*"],
  dayOfWeek: ["*"],
  ...over,
});

function expectValid(inputs: unknown) {
  const result = validateInputs(inputs);
  expect(result.ok ? [] : result.issues).toEqual([]);
  expect(JobDefinitionInputSchema.safeParse(inputs).success).toBe(true);
}

describe("input schema accepts the documented examples", () => {
  it("the create body behind the §5 example", () => expectValid(SPEC_CREATE_BODY));

  it("covers every intake and output type of docs/datarobot-api.md §4.3 and §4.4", () => {
    expect(new Set(Object.values(SPEC_INTAKES).map((i) => i.type))).toEqual(new Set(INTAKE_TYPES));
    expect(new Set(Object.values(SPEC_OUTPUTS).map((o) => o.type))).toEqual(new Set(OUTPUT_TYPES));
  });

  it.each(Object.entries(SPEC_INTAKES))("intake %s", (_name, intake) =>
    expectValid({ ...base, intakeSettings: intake }),
  );
  it.each(Object.entries(SPEC_OUTPUTS))("output %s", (_name, output) =>
    expectValid({ ...base, outputSettings: output }),
  );

  it.each([
    ["month names, 3-letter and full, any case", { month: ["jan", "October", "DEC"] }],
    ["weekday names, 3-letter and full", { dayOfWeek: ["sun", "Sunday", "mon"] }],
    ["integers at the range bounds", { minute: [0, 59], hour: [0, 23], dayOfMonth: [1, 31], month: [1, 12] }],
    ["dayOfWeek with Sunday = 0 and Saturday = 6", { dayOfWeek: [0, 6] }],
    ["integer strings", { hour: ["5", "17"] }],
    ["impossible dates (skipped by the server, not rejected)", { dayOfMonth: [31], month: ["feb"] }],
  ])("schedule with %s", (_name, over) => expectValid({ ...base, enabled: true, schedule: schedule(over) }));

  it("a schedule without enabled (stored, not scheduled) is valid", () =>
    expectValid({ ...base, enabled: false, schedule: schedule({}) }));

  it("every optional top-level field at once", () =>
    expectValid({
      ...base,
      name: "all-fields",
      numConcurrent: 4,
      chunkSize: 1048576,
      abortOnError: false,
      disableRowLevelErrorHandling: true,
      includeProbabilities: false,
      includeProbabilitiesClasses: ["yes"],
      includePredictionStatus: true,
      passthroughColumns: ["id"],
      maxExplanations: 100,
      maxNgramExplanations: "all",
      explanationAlgorithm: "shap",
      explanationNumTopClasses: 10,
      thresholdHigh: 0.9,
      thresholdLow: 0.1,
      predictionThreshold: 0.5,
      predictionWarningEnabled: null,
      skipDriftTracking: true,
      columnNamesRemapping: { old: "new", dropped: null },
      csvSettings: { delimiter: "tab", quotechar: "'", encoding: "shift_jis" },
      timeseriesSettings: { type: "historical", predictionsStartDate: "2025-01-01", predictionsEndDate: "2025-02-01" },
      predictionInstance: { hostName: "pred.example.com", sslEnabled: true, datarobotKey: "k", apiKey: "a" },
      modelPackageId: "66aa0000000000000000f001",
      pinnedModelId: "66aa0000000000000000f002",
      monitoringBatchPrefix: "nightly",
      secondaryDatasetsConfigId: "66aa0000000000000000f003",
      batchJobType: "prediction",
    }));

  it.each([
    ["forecast without type (type defaults to forecast)", { forecastPoint: "2025-01-01T00:00:00Z" }],
    ["forecast", { type: "forecast", relaxKnownInAdvanceFeaturesCheck: true }],
    [
      "forecastWithPolicy",
      { type: "forecastWithPolicy", forecastPointPolicy: { type: "shift", configuration: { x: 1 } } },
    ],
    ["training", { type: "training" }],
  ])("timeseriesSettings %s", (_name, ts) => expectValid({ ...base, timeseriesSettings: ts }));

  it("columnNamesRemapping in the array form", () =>
    expectValid({ ...base, columnNamesRemapping: [{ inputName: "a", outputName: null }] }));

  it("modelPackageId may stand in for deploymentId", () =>
    expectValid({ modelPackageId: "66aa0000000000000000f001", intakeSettings: base.intakeSettings }));

  it("ignores the keys the Pulumi engine adds (__provider)", () => {
    expect(validateInputs({ ...base, __provider: "exports.handler = ..." }).ok).toBe(true);
  });

  it("reports every problem at once, each at its own path", () => {
    const result = validateInputs({
      deploymentId: "nope",
      enabled: true,
      intakeSettings: { type: "s3" },
      numConcurrent: "4",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path).sort()).toEqual(
      ["deploymentId", "intakeSettings.url", "numConcurrent", "schedule"].sort(),
    );
    expect(result.issues.find((i) => i.path === "intakeSettings.url")?.message).toBe(
      'required for intake type "s3" — set it to the S3 URL to score, e.g. "s3://bucket/input.csv"',
    );
  });

  it("rejects a body that is not an object", () => {
    expect(validateInputs("hello")).toEqual({
      ok: false,
      issues: [{ path: "", message: expect.stringContaining("must be an object") }],
      warnings: [],
    });
  });
});

describe("response schemas accept what the server may send", () => {
  it("the §5 example definition", () => {
    expect(JobDefinitionResponseSchema.safeParse(SPEC_DEFINITION_RESPONSE).success).toBe(true);
  });

  it("a list envelope (docs/datarobot-api.md §3.2) with absolute next/previous URLs or nulls", () => {
    const envelope = {
      count: 1,
      totalCount: 3,
      next: "https://app.datarobot.com/api/v2/batchPredictionJobDefinitions/?offset=2&limit=1",
      previous: null,
      data: [SPEC_DEFINITION_RESPONSE],
    };
    const parsed = JobListEnvelopeSchema.parse(envelope);
    expect(parsed.data[0].id).toBe("66aa00000000000000000001");
    expect(JobListEnvelopeSchema.safeParse({ totalCount: 0, next: null, previous: null, data: [] }).success).toBe(true);
  });

  it("the job object of §8.3", () => {
    const parsed = BatchJobResponseSchema.parse(SPEC_JOB_RESPONSE);
    expect(parsed.status).toBe("RUNNING");
    expect(isTerminalStatus(parsed.status)).toBe(false);
    expect(["COMPLETED", "ABORTED", "FAILED"].every(isTerminalStatus)).toBe(true);
  });

  it("[redacted] ids, redactedFields, unknown keys and null optional keys", () => {
    const response = {
      ...SPEC_DEFINITION_RESPONSE,
      schedule: null,
      someFutureKey: { nested: true },
      createdBy: { username: "other@example.com", userId: "66aa0000000000000000u002", fullName: null },
      batchPredictionJob: {
        ...SPEC_DEFINITION_RESPONSE.batchPredictionJob,
        intakeSettings: { type: "jdbc", dataStoreId: "[redacted]", credentialId: "[redacted]", table: "t" },
        outputSettings: { type: "dataset", datasetId: "[redacted]", extra: 1 },
        redactedFields: ["intakeSettings.dataStoreId", "intakeSettings.credentialId"],
        timeseriesSettings: null,
        predictionInstance: null,
        explanationAlgorithm: null,
        monitoringBatchId: "x",
      },
    };
    const parsed = JobDefinitionResponseSchema.parse(response);
    expect(parsed.someFutureKey).toEqual({ nested: true });
    expect(parsed.batchPredictionJob.intakeSettings).toMatchObject({ dataStoreId: "[redacted]" });
  });

  it("a minimal definition (only the keys Terraform decodes)", () => {
    const minimal = { id: "x", name: "n", enabled: false, batchPredictionJob: { intakeSettings: { type: "s3" } } };
    expect(JobDefinitionResponseSchema.safeParse(minimal).success).toBe(true);
  });

  it.each([
    ["without batchPredictionJob", { id: "x", name: "n", enabled: false }, "batchPredictionJob"],
    ["with a numeric id", { ...SPEC_DEFINITION_RESPONSE, id: 5 }, "id"],
    ["with enabled as a string", { ...SPEC_DEFINITION_RESPONSE, enabled: "true" }, "enabled"],
    [
      "with numConcurrent as a string",
      {
        ...SPEC_DEFINITION_RESPONSE,
        batchPredictionJob: { ...SPEC_DEFINITION_RESPONSE.batchPredictionJob, numConcurrent: "6" },
      },
      "batchPredictionJob.numConcurrent",
    ],
  ])("rejects a definition %s", (_name, body, path) => {
    const result = JobDefinitionResponseSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });

  it("rejects a list envelope without data and a job without status", () => {
    expect(JobListEnvelopeSchema.safeParse({ totalCount: 0 }).success).toBe(false);
    const { status: _status, ...withoutStatus } = SPEC_JOB_RESPONSE;
    expect(BatchJobResponseSchema.safeParse(withoutStatus).success).toBe(false);
  });
});
