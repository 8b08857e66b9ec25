import { INTAKE_ADAPTERS, OUTPUT_ADAPTERS } from "../../../emulator/rules/adapters";
import {
  DEFAULT_RULES,
  validateBody,
  validateMerged,
  withoutUnknownKeys,
  type ValidationRules,
} from "../../../emulator/rules/validation";

const ID = "64b000000000000000000c01";

/**
 * The emulator's strict options: every rule it held before it turned lenient where no DataRobot source says the
 * server rejects a value. Most tests here check those rules; "lenient by default" below checks the defaults.
 */
const STRICT: ValidationRules = {
  ...DEFAULT_RULES,
  unknownFields: "reject",
  unknownAdapterTypes: "reject",
  unsourcedLimits: "reject",
};

/** A valid example value per field name, used to build minimal valid adapters from the tables. */
const EXAMPLES: Record<string, unknown> = {
  url: "s3://bucket/key.csv",
  credentialId: ID,
  cloudStorageCredentialId: ID,
  dataStoreId: ID,
  datasetId: ID,
  projectId: ID,
  dataStageId: ID,
  externalStage: "stage",
  externalDataSource: "source",
  statementType: "insert",
  table: "t",
  dataset: "ds",
  bucket: "b",
  path: "/data/in.csv",
  method: "POST",
  dataSourceId: "tableau-ds",
  overwrite: true,
};

function urlFor(type: string): string {
  if (type === "gcp") return "gs://bucket/key.csv";
  if (type === "azure") return "https://account.blob.core.windows.net/c/key.csv";
  if (type === "http" || type === "tableau") return "https://example.com/data";
  return "s3://bucket/key.csv";
}

function minimal(type: string, required: string[]): Record<string, unknown> {
  const value: Record<string, unknown> = { type };
  for (const key of required) value[key] = key === "url" ? urlFor(type) : EXAMPLES[key];
  return value;
}

describe.each([
  ["intakeSettings", INTAKE_ADAPTERS],
  ["outputSettings", OUTPUT_ADAPTERS],
] as const)("%s adapters", (field, adapters) => {
  const cases = Object.entries(adapters).map(([type, adapter]) => [type, Object.keys(adapter.required)] as const);

  it.each(cases)("%s: the minimal valid settings pass", (type, required) => {
    expect(validateBody({ [field]: minimal(type, required) }, STRICT)).toEqual({});
  });

  it.each(cases.filter(([, required]) => required.length > 0))(
    "%s: each required field is enforced",
    (type, required) => {
      for (const key of required) {
        const settings = minimal(type, required);
        delete settings[key];
        expect(validateBody({ [field]: settings }, STRICT)).toEqual({
          [`${field}.${key}`]: `is required for type ${type}`,
        });
      }
    },
  );

  it("an unknown type is rejected with the list of types", () => {
    const errors = validateBody({ [field]: { type: "ftp" } }, STRICT);
    expect(errors[`${field}.type`]).toMatch(/^unknown type "ftp"; one of: localFile, s3/);
  });

  it("a missing type is rejected", () => {
    expect(validateBody({ [field]: {} }, STRICT)[`${field}.type`]).toMatch(/^is required/);
  });

  it("unknown keys are rejected, or accepted when unknownFields is ignore", () => {
    const settings = { type: "localFile", surprise: 1 };
    expect(validateBody({ [field]: settings }, STRICT)).toEqual({
      [`${field}.surprise`]: "is not allowed for type localFile",
    });
    expect(validateBody({ [field]: settings }, { ...STRICT, unknownFields: "ignore" })).toEqual({});
  });
});

describe("adapter field checks", () => {
  it.each([
    [{ type: "s3", url: "http://not-s3" }, "intakeSettings.url", "must be a URL starting with s3://"],
    [
      { type: "s3", url: "s3://b/k", credentialId: "[redacted]" },
      "intakeSettings.credentialId",
      '"[redacted]" is a placeholder',
    ],
    [
      { type: "s3", url: "s3://b/k", credentialId: "abc" },
      "intakeSettings.credentialId",
      "must be a 24-character hexadecimal ObjectId",
    ],
    [{ type: "s3", url: "s3://b/k", format: "" }, "intakeSettings.format", "must be a non-empty string"],
    [{ type: "jdbc", dataStoreId: ID, fetchSize: 0 }, "intakeSettings.fetchSize", "value is less than 1"],
    [
      { type: "jdbc", dataStoreId: ID, fetchSize: 1_000_001 },
      "intakeSettings.fetchSize",
      "value is greater than 1000000",
    ],
    [{ type: "localFile", async: "yes" }, "intakeSettings.async", "must be a boolean"],
    [{ type: "dss", datasetId: ID, projectId: ID, partition: "train" }, "intakeSettings.partition", "must be one of"],
    [
      { type: "snowflake", dataStoreId: ID, externalStage: "s", cloudStorageType: 3 },
      "intakeSettings.cloudStorageType",
      "must be a non-empty string",
    ],
  ])("intake %j → %s", (settings, path, message) => {
    expect(validateBody({ intakeSettings: settings }, STRICT)[path]).toContain(message);
  });

  it.each([
    [
      { type: "jdbc", dataStoreId: ID, table: "t", statementType: "merge" },
      "outputSettings.statementType",
      "must be one of",
    ],
    [
      { type: "jdbc", dataStoreId: ID, table: "t", statementType: "insert", commitInterval: 86_401 },
      "outputSettings.commitInterval",
      "value is greater than 86400",
    ],
    [{ type: "http", url: "https://x", method: "" }, "outputSettings.method", "must be a non-empty string"],
    [{ type: "http", url: "https://x", method: "PUT", headers: { a: 1 } }, "outputSettings.headers", "string values"],
    [{ type: "s3", url: "s3://b/", partitionColumns: "a" }, "outputSettings.partitionColumns", "array of strings"],
    [
      { type: "s3", url: "s3://b/k", serverSideEncryption: { colour: "x" } },
      "outputSettings.serverSideEncryption",
      "colour",
    ],
    [
      { type: "tableau", url: "https://t", dataSourceId: "d", overwrite: "no" },
      "outputSettings.overwrite",
      "must be a boolean",
    ],
  ])("output %j → %s", (settings, path, message) => {
    expect(validateBody({ outputSettings: settings }, STRICT)[path]).toContain(message);
  });

  it("accepts the camelCase statementType variants and insert_update", () => {
    for (const statementType of ["insert_update", "insertUpdate", "create_table", "createTable", "update"]) {
      expect(
        validateBody({ outputSettings: { type: "jdbc", dataStoreId: ID, table: "t", statementType } }, STRICT),
      ).toEqual({});
    }
  });
});

describe("top-level fields", () => {
  it.each([
    ["numConcurrent", 0, "value is less than 1"],
    ["numConcurrent", 1.5, "must be an integer"],
    ["maxExplanations", -1, "value is less than 0"],
    ["maxExplanations", 101, "value is greater than 100"],
    ["explanationNumTopClasses", 11, "value is greater than 10"],
    ["explanationNumTopClasses", 0, "value is less than 1"],
    ["predictionThreshold", -0.1, "value is less than 0"],
    ["predictionThreshold", 1.01, "value is greater than 1"],
    ["chunkSize", 0, "value is less than 1"],
    ["chunkSize", 2.5, "must be an integer"],
    ["chunkSize", "huge", 'must be "auto", "fixed", "dynamic" or an integer'],
    ["explanationAlgorithm", "lime", "must be one of: shap, xemp"],
    ["passthroughColumnsSet", "some", "must be one of: all"],
    ["maxNgramExplanations", "many", "must be an integer"],
    ["abortOnError", "true", "must be a boolean"],
    ["includeProbabilitiesClasses", [1], "must be an array of strings"],
    ["explanationClassNames", [], "must have 1 to 10 class names"],
    ["columnNamesRemapping", "a=b", "must be an object or an array"],
    ["columnNamesRemapping", { a: 1 }, "must map input names"],
    ["columnNamesRemapping", [{ inputName: "a" }], "must be an array of {inputName, outputName}"],
    ["deploymentId", "nope", "must be a 24-character hexadecimal ObjectId"],
    ["batchJobType", "training", "must be one of: prediction, monitoring"],
    ["name", "", "must be a non-empty string"],
    ["name", "x".repeat(101), "must be at most 100 characters"],
    ["enabled", "yes", "must be a boolean"],
    ["mystery", 1, "is not allowed"],
  ])("%s = %j → %s", (key, value, message) => {
    expect(validateBody({ [key]: value }, STRICT)[key]).toContain(message);
  });

  it.each([
    ["chunkSize", "dynamic"],
    ["chunkSize", 1_048_576],
    ["chunkSize", 10],
    ["chunkSize", 41_943_041],
    ["maxNgramExplanations", "all"],
    ["maxNgramExplanations", 3],
    ["predictionThreshold", 0],
    ["predictionThreshold", 1],
    ["thresholdHigh", 0.9],
    ["columnNamesRemapping", { a: null }],
    ["columnNamesRemapping", [{ inputName: "a", outputName: null }]],
    ["predictionWarningEnabled", null],
    ["explanationAlgorithm", null],
  ])("%s = %j is accepted", (key, value) => {
    expect(validateBody({ [key]: value }, STRICT)).toEqual({});
  });

  it("validates csvSettings, predictionInstance and timeseriesSettings", () => {
    expect(validateBody({ csvSettings: { delimiter: ";;", quotechar: "''", encoding: "", extra: 1 } }, STRICT)).toEqual(
      {
        "csvSettings.delimiter": 'must be a single character or "tab"',
        "csvSettings.quotechar": "must be a single character",
        "csvSettings.encoding": "must be a non-empty string",
        "csvSettings.extra": "is not allowed; allowed keys: delimiter, quotechar, encoding",
      },
    );
    expect(validateBody({ predictionInstance: { sslEnabled: "no" } }, STRICT)).toEqual({
      "predictionInstance.hostName": "is required",
      "predictionInstance.sslEnabled": "must be a boolean",
    });
    expect(
      validateBody(
        {
          timeseriesSettings: {
            type: "historical",
            predictionsStartDate: "2024-02-01",
            predictionsEndDate: "2024-01-01",
          },
        },
        STRICT,
      ),
    ).toEqual({ "timeseriesSettings.predictionsStartDate": "must not be after predictionsEndDate" });
    expect(
      validateBody({ timeseriesSettings: { type: "forecast", predictionsStartDate: "2024-01-01" } }, STRICT),
    ).toEqual({
      "timeseriesSettings.predictionsStartDate": "is not allowed for type forecast",
    });
    expect(validateBody({ timeseriesSettings: { type: "forecastWithPolicy" } }, STRICT)).toEqual({
      "timeseriesSettings.forecastPointPolicy": "is required for type forecastWithPolicy",
    });
    expect(validateBody({ timeseriesSettings: { forecastPoint: "2024-01-01T00:00:00Z" } }, STRICT)).toEqual({});
  });

  it("delegates schedule checks to validateSchedule (keys, ranges, names)", () => {
    const errors = validateBody(
      { schedule: { minute: [60], hour: ["*"], dayOfMonth: [0], month: ["smarch"], dayOfWeek: ["sun"] } },
      STRICT,
    );
    expect(Object.keys(errors).sort()).toEqual(["schedule.dayOfMonth", "schedule.minute", "schedule.month"]);
    expect(validateBody({ schedule: null }, STRICT)).toEqual({});
  });
});

describe("never stricter than DataRobot's sources", () => {
  it("format, cloudStorageType and http method accept any non-empty string", () => {
    expect(validateBody({ intakeSettings: { type: "s3", url: "s3://b/k", format: "json" } }, STRICT)).toEqual({});
    expect(
      validateBody(
        { intakeSettings: { type: "snowflake", dataStoreId: ID, externalStage: "s", cloudStorageType: "oci" } },
        STRICT,
      ),
    ).toEqual({});
    expect(validateBody({ outputSettings: { type: "http", url: "https://x", method: "PATCH" } }, STRICT)).toEqual({});
  });

  it("jdbc update output needs no whereColumns", () => {
    const settings = { type: "jdbc", dataStoreId: ID, table: "t", statementType: "update" };
    expect(validateBody({ outputSettings: settings }, STRICT)).toEqual({});
  });

  it("chunkSize: any positive integer by default, 20..41943040 under chunkSizeRange recalled", () => {
    expect(validateBody({ chunkSize: 10 }, STRICT)).toEqual({});
    expect(validateBody({ chunkSize: 10 }, { ...STRICT, chunkSizeRange: "recalled" })).toEqual({
      chunkSize: "value is less than 20",
    });
    expect(validateBody({ chunkSize: 41_943_041 }, { ...STRICT, chunkSizeRange: "recalled" })).toEqual({
      chunkSize: "value is greater than 41943040",
    });
  });

  it("accepts the documented monitoring job-spec fields and checks their shapes", () => {
    const monitoring = {
      batchJobType: "monitoring",
      monitoringAggregation: { retentionPolicy: "percentage", retentionValue: 10 },
      monitoringColumns: {
        predictionsColumns: [{ className: "yes", columnName: "p_yes" }],
        associationIdColumn: "id",
        actualsValueColumn: "actual",
        actualsTimestampColumn: "ts",
        reportDrift: true,
        reportPredictions: false,
        uniqueRowIdentifierColumns: ["id"],
      },
      monitoringOutputSettings: { uniqueRowIdentifierColumns: ["id"], monitoredStatusColumn: "status" },
    };
    expect(validateBody(monitoring, STRICT)).toEqual({});
    expect(validateBody({ monitoringColumns: { predictionsColumns: "score" } }, STRICT)).toEqual({});
    expect(
      validateBody(
        {
          monitoringAggregation: { retentionPolicy: "all" },
          monitoringColumns: { reportDrift: "yes", colour: "x" },
          monitoringOutputSettings: [],
        },
        STRICT,
      ),
    ).toEqual({
      "monitoringAggregation.retentionPolicy": "must be one of: samples, percentage",
      "monitoringColumns.reportDrift": "must be a boolean",
      "monitoringColumns.colour": expect.stringMatching(/^is not allowed; allowed keys: predictionsColumns/),
      monitoringOutputSettings: "must be an object",
    });
  });
});

describe("keys named like Object.prototype members", () => {
  const ignore = { ...STRICT, unknownFields: "ignore" as const };

  it("are unknown keys in adapters and nested objects, never a prototype method taken for a check", () => {
    expect(
      validateBody({ intakeSettings: { type: "localFile", toString: "x" }, monitoringColumns: { valueOf: 1 } }, STRICT),
    ).toEqual({
      "intakeSettings.toString": "is not allowed for type localFile",
      "monitoringColumns.valueOf": expect.stringMatching(/^is not allowed; allowed keys: predictionsColumns/),
    });
    expect(
      validateBody({ intakeSettings: { type: "localFile", toString: "x" }, monitoringColumns: { valueOf: 1 } }, ignore),
    ).toEqual({});
  });

  it("as an adapter type, are an unknown type that withoutUnknownKeys leaves alone", () => {
    const body = { intakeSettings: { type: "toString", extra: 1 } };
    expect(withoutUnknownKeys(body)).toEqual(body);
    expect(validateBody(body, ignore)).toEqual({
      "intakeSettings.type": expect.stringMatching(/^unknown type "toString"; one of: /),
    });
  });
});

describe("cross-field rules", () => {
  const base = { deploymentId: ID, intakeSettings: { type: "localFile" } };

  it("mutual exclusions", () => {
    expect(
      validateMerged(
        { enabled: false, schedule: null, spec: { ...base, passthroughColumns: ["a"], passthroughColumnsSet: "all" } },
        STRICT,
      ),
    ).toEqual({
      passthroughColumnsSet: "passthroughColumns and passthroughColumnsSet are mutually exclusive",
    });
    expect(
      validateMerged(
        {
          enabled: false,
          schedule: null,
          spec: { ...base, explanationNumTopClasses: 2, explanationClassNames: ["a"] },
        },
        STRICT,
      ),
    ).toEqual({
      explanationClassNames: "explanationNumTopClasses and explanationClassNames are mutually exclusive",
    });
  });

  it("enabled requires a schedule; a schedule without enabled is fine", () => {
    expect(validateMerged({ enabled: true, schedule: null, spec: base }, STRICT)).toEqual({
      enabled: "a schedule is required when enabled is true",
    });
    expect(validateMerged({ enabled: false, schedule: { minute: [0] }, spec: base }, STRICT)).toEqual({});
  });

  it("deploymentId (or modelId / modelPackageId) is required; intakeSettings is not (local file by default)", () => {
    expect(validateMerged({ enabled: false, schedule: null, spec: {} }, STRICT)).toEqual({
      deploymentId: "is required (or give modelId / modelPackageId)",
    });
    expect(
      validateMerged(
        { enabled: false, schedule: null, spec: { modelPackageId: ID, intakeSettings: { type: "localFile" } } },
        STRICT,
      ),
    ).toEqual({});
  });

  it("optional rules for unknown server behaviour: strict jdbc intake and scheduled localFile", () => {
    const jdbc = { ...base, intakeSettings: { type: "jdbc", dataStoreId: ID } };
    expect(validateMerged({ enabled: false, schedule: null, spec: jdbc }, STRICT)).toEqual({});
    expect(
      validateMerged({ enabled: false, schedule: null, spec: jdbc }, { ...STRICT, strictJdbcIntake: true }),
    ).toEqual({
      "intakeSettings.query": "give exactly one of query or table for jdbc intake",
    });
    const schedule = { minute: [0] };
    expect(validateMerged({ enabled: true, schedule, spec: base }, STRICT)).toEqual({});
    expect(
      validateMerged({ enabled: true, schedule, spec: base }, { ...STRICT, rejectScheduledLocalFile: true }),
    ).toEqual({
      "intakeSettings.type": "localFile intake cannot be used by an enabled (scheduled) definition",
    });
  });
});

describe("lenient by default, where no DataRobot source says the server rejects", () => {
  it("defaults to keeping unknown keys, accepting unknown adapter types and unsourced limits", () => {
    expect(DEFAULT_RULES).toMatchObject({
      unknownFields: "keep",
      unknownAdapterTypes: "accept",
      unsourcedLimits: "accept",
    });
  });

  it.each([
    ["an unknown intake type", { intakeSettings: { type: "wranglerRecipe", recipeId: "r" } }],
    ["an unknown output type", { outputSettings: { type: "s4", url: "s3://b/o.csv" } }],
    ["the documented Databricks write", { outputSettings: { type: "databricks", dataStoreId: ID, table: "t" } }],
    [
      "the documented Trino write",
      { outputSettings: { type: "trino", dataStoreId: ID, table: "t" }, chunkSize: 500000 },
    ],
    ["an s3 URL without s3://", { intakeSettings: { type: "s3", url: "https://bucket.s3.amazonaws.com/in.csv" } }],
    ["an azure URL without https://", { outputSettings: { type: "azure", url: "wasbs://c@a/o.csv" } }],
    ["dss without datasetId (SDK: optional)", { intakeSettings: { type: "dss", projectId: ID } }],
    [
      "jdbc fetchSize 0 and commitInterval 90000",
      {
        intakeSettings: { type: "jdbc", dataStoreId: ID, table: "t", fetchSize: 0 },
        outputSettings: { type: "jdbc", dataStoreId: ID, table: "t", statementType: "insert", commitInterval: 90000 },
      },
    ],
    [
      "a statementType outside the SDK's four",
      { outputSettings: { type: "jdbc", dataStoreId: ID, table: "t", statementType: "merge" } },
    ],
    ["numConcurrent 0", { numConcurrent: 0 }],
    ["maxExplanations 101", { maxExplanations: 101 }],
    ["explanationNumTopClasses 11", { explanationNumTopClasses: 11 }],
    ["explanationClassNames []", { explanationClassNames: [] }],
    ["blank passthrough column names", { passthroughColumns: ["id", ""] }],
    ["a chunkSize strategy the docs do not name", { chunkSize: "smart" }],
    ["batchJobType outside prediction/monitoring", { batchJobType: "training" }],
    ["a 101-character name", { name: "x".repeat(101) }],
    ["a two-character quotechar", { csvSettings: { quotechar: "''" } }],
    [
      "retentionPolicy outside the SDK's two, negative retentionValue",
      { monitoringAggregation: { retentionPolicy: "rows", retentionValue: -1 } },
    ],
    [
      "numeric strings in a schedule",
      { schedule: { minute: ["15"], hour: ["2"], dayOfMonth: ["*"], month: ["1"], dayOfWeek: ["*"] } },
    ],
    [
      "a training time series with a range",
      {
        timeseriesSettings: { type: "training", predictionsStartDate: "2024-01-01", predictionsEndDate: "2024-02-01" },
      },
    ],
    ["an unknown top-level key (Terraform sends explanationsMode)", { explanationsMode: "x" }],
  ])("accepts %s", (_what, body) => {
    expect(validateBody(body as Record<string, unknown>, DEFAULT_RULES)).toEqual({});
    // ... which the strict option still refuses (except what every source allows).
  });

  it("no intakeSettings: local-file intake, DataRobot's documented default", () => {
    expect(validateMerged({ enabled: false, schedule: null, spec: { deploymentId: ID } }, DEFAULT_RULES)).toEqual({});
  });
});
