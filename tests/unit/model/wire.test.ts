/**
 * The bodies the provider sends, pinned: DataRobot's own clients send what the user wrote on create, the whole job
 * spec on any job-spec change, name/enabled/schedule on their own, and never null.
 */
import {
  clearingBody,
  outsideOf,
  projectOnto,
  toCreateBody,
  toUpdateBody,
  writeMismatches,
  writtenFromInputs,
  canonicalFromInputs,
  UNKNOWN_SENTINEL,
} from "../../../provider/model";

const D = "64b000000000000000000d01";
const schedule = { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] };
const base = {
  name: "nightly",
  deploymentId: D,
  intakeSettings: { type: "s3", url: "s3://b/in.csv" },
  outputSettings: { type: "s3", url: "s3://b/out.csv" },
  includePredictionStatus: true,
};

function containsNull(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.some(containsNull);
  if (value && typeof value === "object") return Object.values(value).some(containsNull);
  return false;
}

describe("create body", () => {
  it("holds exactly the written fields, in canonical spelling, and no default the program did not write", () => {
    const written = writtenFromInputs({
      ...base,
      enabled: true,
      schedule: { ...schedule, month: ["jan"], dayOfWeek: ["mon", "sun"] },
      outputSettings: { type: "jdbc", dataStoreId: D, table: "t", statementType: "insertUpdate", whereColumns: ["id"] },
      columnNamesRemapping: { a: "b" },
      csvSettings: { delimiter: "\t" },
    });
    expect(toCreateBody(written)).toEqual({
      name: "nightly",
      enabled: true,
      schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: [1], dayOfWeek: [0, 1] },
      deploymentId: D,
      intakeSettings: { type: "s3", url: "s3://b/in.csv" },
      outputSettings: {
        type: "jdbc",
        dataStoreId: D,
        table: "t",
        statementType: "insertUpdate",
        whereColumns: ["id"],
      },
      includePredictionStatus: true,
      columnNamesRemapping: [{ inputName: "a", outputName: "b" }],
      csvSettings: { delimiter: "tab" },
    });
  });

  it("adds none of the server defaults (abortOnError, chunkSize, csvSettings, commitInterval ...)", () => {
    const body = toCreateBody(
      writtenFromInputs({
        name: "n",
        deploymentId: D,
        intakeSettings: { type: "localFile" },
        outputSettings: { type: "jdbc", dataStoreId: D, table: "t", statementType: "insert" },
      }),
    );
    // `enabled` is the one field always written, as DataRobot's Python SDK always sends it.
    expect(Object.keys(body).sort()).toEqual(["deploymentId", "enabled", "intakeSettings", "name", "outputSettings"]);
    expect(body.outputSettings).toEqual({ type: "jdbc", dataStoreId: D, table: "t", statementType: "insert" });
    expect(body.intakeSettings).toEqual({ type: "localFile" });
  });

  it("refuses values still unknown (a preview never writes)", () => {
    expect(() => toCreateBody(writtenFromInputs({ ...base, numConcurrent: UNKNOWN_SENTINEL }))).toThrow(/unknown/);
  });
});

describe("update body", () => {
  const before = writtenFromInputs({ ...base, thresholdHigh: 0.8, enabled: true, schedule });

  it("a job-spec change sends the whole written spec, not only the changed field", () => {
    const after = writtenFromInputs({
      ...base,
      thresholdHigh: 0.8,
      enabled: true,
      schedule,
      intakeSettings: { type: "s3", url: "s3://b/v2.csv" },
    });
    expect(toUpdateBody(before, after)).toEqual({
      deploymentId: D,
      intakeSettings: { type: "s3", url: "s3://b/v2.csv" },
      outputSettings: { type: "s3", url: "s3://b/out.csv" },
      includePredictionStatus: true,
      thresholdHigh: 0.8,
    });
  });

  it("a schedule-only change sends enabled and schedule only", () => {
    const after = writtenFromInputs({
      ...base,
      thresholdHigh: 0.8,
      enabled: true,
      schedule: { ...schedule, hour: [5] },
    });
    expect(toUpdateBody(before, after)).toEqual({ enabled: true, schedule: { ...schedule, hour: [5] } });
  });

  it("disabling sends enabled (and the schedule the program keeps)", () => {
    const after = writtenFromInputs({ ...base, thresholdHigh: 0.8, schedule });
    expect(toUpdateBody(before, after)).toEqual({ enabled: false, schedule });
  });

  it("a rename sends the name only", () => {
    const after = writtenFromInputs({ ...base, name: "nightly-v2", thresholdHigh: 0.8, enabled: true, schedule });
    expect(toUpdateBody(before, after)).toEqual({ name: "nightly-v2" });
  });

  it("a removed optional field is simply absent from the whole spec: never null", () => {
    const after = writtenFromInputs({ ...base, enabled: true, schedule });
    const body = toUpdateBody(before, after);
    expect(body).toEqual({
      deploymentId: D,
      intakeSettings: base.intakeSettings,
      outputSettings: base.outputSettings,
      includePredictionStatus: true,
    });
    expect(containsNull(body)).toBe(false);
  });

  it("writing a default, or leaving it out, changes nothing on the server: empty body", () => {
    expect(
      toUpdateBody(
        before,
        writtenFromInputs({ ...base, thresholdHigh: 0.8, enabled: true, schedule, abortOnError: true }),
      ),
    ).toEqual({});
    expect(toUpdateBody(writtenFromInputs({ ...base, maxExplanations: 0 }), writtenFromInputs(base))).toEqual({});
  });

  it("state written by older versions (every default explicit) updates without spurious fields", () => {
    const legacy = canonicalFromInputs(base) as unknown as Record<string, unknown>;
    expect(toUpdateBody(legacy, writtenFromInputs(base))).toEqual({});
  });

  it("no body the provider can send holds null, whatever is removed", () => {
    const full = writtenFromInputs({
      ...base,
      enabled: true,
      schedule,
      thresholdHigh: 1,
      thresholdLow: 0,
      passthroughColumns: ["a"],
      columnNamesRemapping: { a: null },
      csvSettings: { delimiter: ";" },
      timeseriesSettings: { type: "forecast" },
    });
    for (const key of Object.keys(full)) {
      if (key === "name" || key === "intakeSettings" || key === "deploymentId") continue;
      const after = Object.fromEntries(Object.entries(full).filter(([k]) => k !== key));
      const body = toUpdateBody(full, after);
      // columnNamesRemapping's own null outputName ("drop this column") is a value, not a clearing null.
      const withoutRemapping = { ...body, columnNamesRemapping: undefined };
      expect(containsNull(withoutRemapping)).toBe(false);
    }
  });
});

describe("projection: what the program writes vs what the server owns", () => {
  const actual = {
    name: "n",
    includePredictionStatus: true,
    numConcurrent: 4,
    intakeSettings: { type: "s3", url: "s3://x", format: "csv" },
  };
  const written = { name: "n", intakeSettings: { type: "s3", url: "s3://x" } };

  it("projectOnto keeps only written keys, nested too", () => {
    expect(projectOnto(actual, written)).toEqual({ name: "n", intakeSettings: { type: "s3", url: "s3://x" } });
  });

  it("outsideOf keeps the rest", () => {
    expect(outsideOf(actual, written)).toEqual({
      includePredictionStatus: true,
      numConcurrent: 4,
      intakeSettings: { format: "csv" },
    });
  });
});

describe("writeMismatches", () => {
  const after = writtenFromInputs({ ...base });
  const held = (extra: Record<string, unknown>) =>
    canonicalFromInputs({ ...base, ...extra }) as unknown as Record<string, unknown>;

  it("none when the server holds what the program writes, whatever else it holds", () => {
    expect(writeMismatches(held({ numConcurrent: 16, maxNgramExplanations: 0 }), after)).toEqual([]);
  });

  it("a value the server reset is named", () => {
    expect(writeMismatches(held({ includePredictionStatus: false }), after)).toEqual([
      {
        path: "includePredictionStatus",
        field: "includePredictionStatus",
        expected: true,
        actual: false,
        removed: false,
      },
    ]);
  });

  it("a removed field the server kept is named as a removal; one back at its default is fine", () => {
    const before = writtenFromInputs({ ...base, thresholdHigh: 0.8, abortOnError: false });
    expect(writeMismatches(held({ thresholdHigh: 0.8 }), after, before)).toEqual([
      { path: "thresholdHigh", field: "thresholdHigh", expected: undefined, actual: 0.8, removed: true },
    ]);
  });

  it("clearingBody: the whole written spec plus each removed field at its default, or null", () => {
    expect(clearingBody(after, ["thresholdHigh", "abortOnError"])).toEqual({
      ...toCreateBody(after),
      thresholdHigh: null,
      abortOnError: true,
    });
  });
});
