/**
 * Never stricter than DataRobot: each rule that no source backs is relaxed (accepted, or a warning), each field
 * DataRobot documents is accepted, and unknown keys and adapter types are sent as written with a warning ("did you
 * mean" for a likely typo).
 */
import { toCreateBody, validateInputs, writtenFromInputs } from "../../../provider/model";

const D = "66aa0000000000000000d001";
const base = { deploymentId: D, intakeSettings: { type: "s3", url: "s3://b/in.csv" } };

function accepted(payload: Record<string, unknown>) {
  const result = validateInputs(payload);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result;
}

function rejectedIssues(payload: Record<string, unknown>) {
  const result = validateInputs(payload);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(payload)}`);
  return result.issues;
}

describe("chunkSize", () => {
  it.each([1, 10, 19, 100, 50_000_000])("accepts %d bytes (DataRobot's own Terraform example uses 10)", (n) => {
    expect(accepted({ ...base, chunkSize: n }).warnings).toEqual([]);
  });

  it.each(["auto", "fixed", "dynamic"])("accepts the strategy %s", (name) => {
    expect(accepted({ ...base, chunkSize: name }).warnings).toEqual([]);
  });

  it.each([0, -5, 1.5, ""])("rejects %p: never a size", (value) => {
    expect(rejectedIssues({ ...base, chunkSize: value }).map((i) => i.path)).toContain("chunkSize");
  });

  it("sends a strategy name DataRobot's docs do not name, with a warning (the SDK takes any string)", () => {
    const result = accepted({ ...base, chunkSize: "smart" });
    expect(result.warnings).toEqual([
      { path: "chunkSize", message: expect.stringContaining('"smart" is outside what this package expects') },
    ]);
    expect(toCreateBody(writtenFromInputs({ ...base, chunkSize: "smart" })).chunkSize).toBe("smart");
  });
});

describe("monitoring definitions", () => {
  const monitoring = {
    ...base,
    batchJobType: "monitoring",
    monitoringBatchPrefix: "nightly",
    monitoringAggregation: { retentionPolicy: "samples", retentionValue: 1000 },
    monitoringColumns: {
      predictionsColumns: [
        { className: "yes", columnName: "p_yes" },
        { className: "no", columnName: "p_no" },
      ],
      associationIdColumn: "id",
      actualsValueColumn: "label",
      reportDrift: true,
    },
    monitoringOutputSettings: { uniqueRowIdentifierColumns: ["id"], monitoredStatusColumn: "monitored" },
  };

  it("accepts the documented monitoring fields, and sends them as written", () => {
    expect(accepted(monitoring).warnings).toEqual([]);
    const body = toCreateBody(writtenFromInputs(monitoring));
    expect(body).toMatchObject({
      batchJobType: "monitoring",
      monitoringAggregation: monitoring.monitoringAggregation,
      monitoringColumns: monitoring.monitoringColumns,
      monitoringOutputSettings: monitoring.monitoringOutputSettings,
    });
  });

  it("warns when neither predictions nor actuals columns are named", () => {
    const result = accepted({ ...monitoring, monitoringColumns: { associationIdColumn: "id" } });
    expect(result.warnings.map((w) => w.path)).toEqual(["monitoringColumns.predictionsColumns"]);
  });

  it("a typo inside a monitoring object is sent with a warning and its hint", () => {
    expect(accepted({ ...monitoring, monitoringAggregation: { retentionValu: 5 } }).warnings).toEqual([
      {
        path: "monitoringAggregation.retentionValu",
        message: expect.stringContaining('did you mean "retentionValue"?'),
      },
    ]);
  });

  it("warns about a retentionPolicy outside the SDK's two values, and sends it", () => {
    const result = accepted({ ...monitoring, monitoringAggregation: { retentionPolicy: "rows", retentionValue: 5 } });
    expect(result.warnings.map((w) => w.path)).toEqual(["monitoringAggregation.retentionPolicy"]);
  });
});

describe("unknown keys", () => {
  it("a key close to a known field is sent with a warning and the suggestion (it may be a real field)", () => {
    expect(accepted({ ...base, includePredictionStatuss: true }).warnings).toEqual([
      { path: "includePredictionStatuss", message: expect.stringContaining('did you mean "includePredictionStatus"?') },
    ]);
    // Terraform's request struct serialises exactly this key.
    const ngram = accepted({ ...base, maxNGramExplanations: 3 });
    expect(ngram.warnings).toEqual([
      { path: "maxNGramExplanations", message: expect.stringContaining('did you mean "maxNgramExplanations"?') },
    ]);
    expect(toCreateBody(writtenFromInputs({ ...base, maxNGramExplanations: 3 })).maxNGramExplanations).toBe(3);
  });

  it("a key far from every known field passes with a warning, and is sent as written (top level and nested)", () => {
    const payload = {
      ...base,
      quantumScoringMode: "fast",
      intakeSettings: { ...base.intakeSettings, regionHint: "eu" },
    };
    const result = accepted(payload);
    expect(result.warnings.map((w) => w.path).sort()).toEqual(["intakeSettings.regionHint", "quantumScoringMode"]);
    expect(result.warnings[0].message).toMatch(/sent to DataRobot as written/);
    const body = toCreateBody(writtenFromInputs(payload));
    expect(body.quantumScoringMode).toBe("fast");
    expect(body.intakeSettings).toEqual({ type: "s3", url: "s3://b/in.csv", regionHint: "eu" });
  });

  it("fields SDK 3.20 lacks (datasphere catalog, training prediction dates) pass with a warning", () => {
    const datasphere = accepted({
      ...base,
      intakeSettings: { type: "datasphere", dataStoreId: D, table: "t", catalog: "c" },
    });
    expect(datasphere.warnings.map((w) => w.path)).toEqual(["intakeSettings.catalog"]);
    const training = accepted({
      ...base,
      timeseriesSettings: { type: "training", predictionsStartDate: "2025-01-01", predictionsEndDate: "2025-02-01" },
    });
    expect(training.warnings.map((w) => w.path).sort()).toEqual([
      "timeseriesSettings.predictionsEndDate",
      "timeseriesSettings.predictionsStartDate",
    ]);
  });
});

describe("free-text values that no source closes", () => {
  it.each([
    ["intakeSettings", { type: "s3", url: "s3://b/in.orc", format: "orc" }, "format", undefined],
    ["intakeSettings", { type: "s3", url: "s3://b/in.parquet", format: "parqet" }, "format", "parquet"],
    ["outputSettings", { type: "http", url: "https://x.example.com", method: "PATCH" }, "method", undefined],
    ["outputSettings", { type: "http", url: "https://x.example.com", method: "post" }, "method", "POST"],
  ])("%s %j: accepted with a warning", (section, adapter, field, suggestion) => {
    const result = accepted({ ...base, [section]: adapter });
    expect(result.warnings).toEqual([
      {
        path: `${section}.${field}`,
        message: suggestion
          ? expect.stringContaining(`did you mean "${suggestion}"?`)
          : expect.stringContaining("sent as written"),
      },
    ]);
  });
});

describe("rules no source states are warnings", () => {
  it("jdbc update without whereColumns, table with query, enabled localFile intake", () => {
    const result = accepted({
      ...base,
      enabled: true,
      schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
      intakeSettings: { type: "localFile" },
      outputSettings: { type: "jdbc", dataStoreId: D, table: "t", statementType: "update" },
    });
    expect(result.warnings.map((w) => w.path).sort()).toEqual(["intakeSettings.type", "outputSettings.whereColumns"]);
    const both = accepted({ ...base, intakeSettings: { type: "jdbc", dataStoreId: D, table: "t", query: "SELECT 1" } });
    expect(both.warnings.map((w) => w.path)).toEqual(["intakeSettings.query"]);
  });
});

describe("adapter types this package does not know", () => {
  it("sends an unknown type as written, with a warning naming the known types and the near miss", () => {
    const payload = { ...base, intakeSettings: { type: "s4", url: "s3://b/in.csv" } };
    const result = accepted(payload);
    expect(result.warnings).toEqual([
      {
        path: "intakeSettings.type",
        message: expect.stringMatching(
          /^"s4" is not an intake type this package knows \("localFile", "s3", .*did you mean "s3"\?$/,
        ),
      },
    ]);
    expect(toCreateBody(writtenFromInputs(payload)).intakeSettings).toEqual({ type: "s4", url: "s3://b/in.csv" });
  });

  it("a type far from every known one gets the warning without a suggestion, its fields unchecked", () => {
    const output = { type: "wranglerRecipe", recipeId: "r-1", anything: { nested: [1] } };
    const result = accepted({ ...base, outputSettings: output });
    expect(result.warnings).toEqual([
      { path: "outputSettings.type", message: expect.stringContaining("check the type against DataRobot's") },
    ]);
    expect(toCreateBody(writtenFromInputs({ ...base, outputSettings: output })).outputSettings).toEqual(output);
  });

  it("still requires a non-empty type, and an object", () => {
    expect(rejectedIssues({ ...base, intakeSettings: { type: "" } }).map((i) => i.path)).toEqual([
      "intakeSettings.type",
    ]);
    expect(rejectedIssues({ ...base, outputSettings: "s3" })).toEqual([
      { path: "outputSettings", message: expect.stringContaining("must be an object, not string") },
    ]);
  });

  it("knows DataRobot's Databricks and Trino writes (output-options docs)", () => {
    const D2 = "66aa0000000000000000e001";
    expect(
      accepted({
        ...base,
        outputSettings: { type: "databricks", dataStoreId: D2, catalog: "main", schema: "s", table: "t" },
      }).warnings,
    ).toEqual([]);
    const trino = { type: "trino", dataStoreId: D2, credentialId: D2, schema: "s", table: "t" };
    expect(accepted({ ...base, outputSettings: trino, chunkSize: 500_000 }).warnings).toEqual([]);
    // DataRobot's Trino page: a strategy name or more than 1,000,000 bytes makes the job fail.
    expect(accepted({ ...base, outputSettings: trino }).warnings.map((w) => w.path)).toEqual(["chunkSize"]);
    expect(accepted({ ...base, outputSettings: trino, chunkSize: 2_000_000 }).warnings.map((w) => w.path)).toEqual([
      "chunkSize",
    ]);
  });
});

describe("what DataRobot's SDK and docs allow", () => {
  it("intakeSettings may be left out: local-file intake, the documented default, in the compared form only", () => {
    const result = accepted({ deploymentId: D });
    expect(result.warnings).toEqual([]);
    expect(result.value.intakeSettings).toEqual({ type: "localFile", async: true });
    expect(toCreateBody(writtenFromInputs({ deploymentId: D }))).toEqual({ deploymentId: D, enabled: false });
  });

  it("dss intake without datasetId (optional in the SDK)", () => {
    const dss = { type: "dss", projectId: "66aa0000000000000000f001" };
    expect(accepted({ ...base, intakeSettings: dss }).warnings).toEqual([]);
  });

  it("an empty explanationClassNames and blank passthrough column names (the SDK allows both)", () => {
    expect(accepted({ ...base, explanationClassNames: [] }).warnings).toEqual([]);
    const blank = accepted({ ...base, passthroughColumns: ["id", ""] });
    expect(blank.warnings).toEqual([]);
    expect(toCreateBody(writtenFromInputs({ ...base, passthroughColumns: ["id", ""] })).passthroughColumns).toEqual([
      "id",
      "",
    ]);
  });

  it.each([
    ["numConcurrent", 0],
    ["maxExplanations", 101],
    ["explanationNumTopClasses", 11],
    ["csvSettings", { quotechar: "''" }],
  ])("a bound no source states is a warning: %s %j", (field, value) => {
    const result = accepted({ ...base, [field]: value });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0].message).toMatch(
      /no DataRobot source says the server rejects it, so it is sent as written/,
    );
  });

  it("statementType: the SDK's four values, anything else sent as written with a warning, no respelling", () => {
    const jdbc = { type: "jdbc", dataStoreId: D, table: "t", statementType: "insertUpdate", whereColumns: ["id"] };
    const result = accepted({ ...base, outputSettings: jdbc });
    expect(result.warnings).toEqual([
      { path: "outputSettings.statementType", message: expect.stringContaining('did you mean "insert_update"?') },
    ]);
    expect(toCreateBody(writtenFromInputs({ ...base, outputSettings: jdbc })).outputSettings).toMatchObject({
      statementType: "insertUpdate",
    });
  });
});
