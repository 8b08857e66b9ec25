/**
 * The cross-field rules (provider/model/cross-field.ts) called directly: each rule's issue (path, severity, message
 * start), that "set" includes "unknown during a preview", that any input is accepted, and the order of the issues.
 * validateInputs runs them on the parsed input; tests/unit/model/invalid-payloads.test.ts covers them through it.
 */
import { crossFieldIssues } from "../../../provider/model/cross-field";
import { formatPath, type Path } from "../../../provider/model/paths";

const s3 = { type: "s3", url: "s3://bucket/in.csv" };
const base = { deploymentId: "66aa0000000000000000d001", intakeSettings: s3 };
const summary = (input: unknown, isUnknown?: (path: Path) => boolean) =>
  crossFieldIssues(input, isUnknown ? { isUnknown } : {}).map(
    (i) => `${i.severity ?? "error"} ${formatPath(i.path)}: ${i.message.split(" — ")[0]}`,
  );

describe("crossFieldIssues", () => {
  it("finds nothing in a plain valid definition, and nothing in a value that is not an object", () => {
    expect(summary(base)).toEqual([]);
    for (const value of [undefined, null, "x", 3, []]) expect(summary(value)).toEqual([]);
  });

  it("asks for a deploymentId unless modelPackageId or modelId is given, or one of them is unknown", () => {
    expect(summary({ intakeSettings: s3 })).toEqual(["error deploymentId: required"]);
    expect(summary({ intakeSettings: s3, modelPackageId: "66aa0000000000000000e001" })).toEqual([]);
    expect(summary({ intakeSettings: s3, modelId: null })).toEqual(["error deploymentId: required"]);
    expect(summary({ intakeSettings: s3 }, (p) => p[0] === "modelId")).toEqual([]);
  });

  it("relates enabled to the schedule and to a localFile intake", () => {
    expect(summary({ ...base, enabled: true })).toEqual(["error schedule: required when enabled is true"]);
    expect(summary({ ...base, enabled: true }, (p) => p[0] === "schedule")).toEqual([]);
    expect(summary({ ...base, enabled: true, schedule: {}, intakeSettings: { type: "localFile" } })).toEqual([
      'warning intakeSettings.type: "localFile" intake with enabled: true',
    ]);
  });

  it("refuses pairs of fields that exclude each other", () => {
    expect(summary({ ...base, passthroughColumns: ["a"], passthroughColumnsSet: "all" })).toEqual([
      "error passthroughColumnsSet: conflicts with passthroughColumns",
    ]);
    expect(summary({ ...base, explanationNumTopClasses: 2, explanationClassNames: ["x"] })).toEqual([
      "error explanationClassNames: conflicts with explanationNumTopClasses",
    ]);
  });

  it("wants exactly one of table and query for a table-or-query intake", () => {
    const jdbc = { type: "jdbc", dataStoreId: "x" };
    expect(summary({ ...base, intakeSettings: jdbc })).toEqual([
      'error intakeSettings.table: required for intake type "jdbc" unless query is set',
    ]);
    expect(summary({ ...base, intakeSettings: jdbc }, (p) => p[1] === "query")).toEqual([]);
    expect(summary({ ...base, intakeSettings: { ...jdbc, table: "t", query: "SELECT 1" } })).toEqual([
      "warning intakeSettings.query: set together with table",
    ]);
    expect(summary({ ...base, intakeSettings: { type: "s3" } })).toEqual([]);
  });

  it("asks a directory output for partition columns and a JDBC upsert for its key columns", () => {
    expect(summary({ ...base, outputSettings: { type: "gcp", url: "gs://b/out/" } })).toEqual([
      'error outputSettings.partitionColumns: required when outputSettings.url ends with "/" (Parquet directory output)',
    ]);
    expect(summary({ ...base, outputSettings: { type: "gcp", url: "gs://b/out/", partitionColumns: ["d"] } })).toEqual(
      [],
    );
    expect(summary({ ...base, outputSettings: { type: "jdbc", statementType: "insert_update" } })).toEqual([
      'warning outputSettings.whereColumns: not set for statementType "insert_update"',
    ]);
    expect(summary({ ...base, outputSettings: { type: "jdbc", statementType: "insert" } })).toEqual([]);
  });

  it("checks both ends of a historical time-series range; a training range only warns (the SDK takes none)", () => {
    const ts = (settings: object) => summary({ ...base, timeseriesSettings: settings });
    expect(ts({ type: "historical", predictionsStartDate: "2024-02-01" })).toEqual([
      "error timeseriesSettings.predictionsEndDate: required when predictionsStartDate is set",
    ]);
    expect(ts({ type: "historical", predictionsStartDate: "2024-02-01", predictionsEndDate: "2024-01-01" })).toEqual([
      "error timeseriesSettings.predictionsStartDate: must not be after predictionsEndDate (2024-01-01)",
    ]);
    expect(ts({ type: "training", predictionsStartDate: "2024-02-01", predictionsEndDate: "2024-01-01" })).toEqual([
      'warning timeseriesSettings.predictionsStartDate: set for "training", which takes no prediction range in DataRobot\'s Python SDK 3.20 (only relaxKnownInAdvanceFeaturesCheck); it is sent as written',
      'warning timeseriesSettings.predictionsEndDate: set for "training", which takes no prediction range in DataRobot\'s Python SDK 3.20 (only relaxKnownInAdvanceFeaturesCheck); it is sent as written',
    ]);
    expect(ts({ type: "forecast", predictionsStartDate: "2024-02-01" })).toEqual([]);
  });

  it("warns about undocumented free-text values, suggesting a close documented one", () => {
    expect(summary({ ...base, intakeSettings: { ...s3, format: "parket" } })).toEqual([
      'warning intakeSettings.format: "parket" is not a value DataRobot documents ("csv", "parquet"); it is sent as written',
    ]);
    const [issue] = crossFieldIssues({ ...base, intakeSettings: { ...s3, format: "parket" } });
    expect(issue.message).toMatch(/did you mean "parquet"\?$/);
  });

  it("asks a monitoring job for the predictions or actuals column, and remaps each input column once", () => {
    expect(summary({ ...base, batchJobType: "monitoring", monitoringColumns: {} })).toEqual([
      "warning monitoringColumns.predictionsColumns: not set, and neither is actualsValueColumn",
    ]);
    const remap = [
      { inputName: "a", outputName: "x" },
      { inputName: "b", outputName: "y" },
      { inputName: "a", outputName: "z" },
    ];
    expect(summary({ ...base, columnNamesRemapping: remap })).toEqual([
      'error columnNamesRemapping[2].inputName: "a" is remapped twice',
    ]);
  });

  it("reports every problem at once, in a stable order", () => {
    expect(
      summary({
        enabled: true,
        intakeSettings: { type: "snowflake", format: "csvv" },
        outputSettings: { type: "s3", url: "s3://b/out/" },
        timeseriesSettings: { type: "historical", predictionsStartDate: "2024-01-01" },
        batchJobType: "monitoring",
        monitoringColumns: {},
        columnNamesRemapping: [{ inputName: "a" }, { inputName: "a" }],
      }),
    ).toEqual([
      "error deploymentId: required",
      "error schedule: required when enabled is true",
      'error intakeSettings.table: required for intake type "snowflake" unless query is set',
      'error outputSettings.partitionColumns: required when outputSettings.url ends with "/" (Parquet directory output)',
      "error timeseriesSettings.predictionsEndDate: required when predictionsStartDate is set",
      'warning intakeSettings.format: "csvv" is not a value DataRobot documents ("csv", "parquet"); it is sent as written',
      "warning monitoringColumns.predictionsColumns: not set, and neither is actualsValueColumn",
      'error columnNamesRemapping[1].inputName: "a" is remapped twice',
    ]);
  });
});
