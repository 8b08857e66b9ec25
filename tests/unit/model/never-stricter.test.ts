/**
 * Never stricter than DataRobot: each rule that no source backs is relaxed (accepted, or a warning), each field
 * DataRobot documents is accepted, and unknown keys follow one rule: close to a known field → an error with "did you
 * mean"; far from every known field → sent as written, with a warning.
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

  it.each([0, -5, 1.5, "huge"])("rejects %p: never a size", (value) => {
    expect(rejectedIssues({ ...base, chunkSize: value }).map((i) => i.path)).toContain("chunkSize");
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

  it("a typo inside a monitoring object fails with its hint", () => {
    expect(rejectedIssues({ ...monitoring, monitoringAggregation: { retentionValu: 5 } })).toEqual([
      {
        path: "monitoringAggregation.retentionValu",
        message: expect.stringContaining('Did you mean "retentionValue"?'),
      },
    ]);
  });
});

describe("unknown keys", () => {
  it("a key close to a known field is a typo: an error with the suggestion, as before", () => {
    expect(rejectedIssues({ ...base, includePredictionStatuss: true })).toEqual([
      { path: "includePredictionStatuss", message: expect.stringContaining('Did you mean "includePredictionStatus"?') },
    ]);
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
