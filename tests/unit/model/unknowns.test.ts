/** Preview unknowns: the sentinel is accepted in any field, and everything known is still validated. */
import { canonicalFromInputs, changedPaths, UNKNOWN_SENTINEL as U, validateInputs } from "../../../provider/model";

const D = "66aa0000000000000000d001";
const base = { deploymentId: D, intakeSettings: { type: "s3", url: "s3://b/in.csv" } };
const allStars = { minute: ["*"], hour: ["*"], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] };

const issuesOf = (inputs: unknown) => {
  const result = validateInputs(inputs, { allowUnknowns: true });
  return result.ok ? [] : result.issues;
};

describe("validateInputs with allowUnknowns", () => {
  it.each([
    ["a required string", { ...base, deploymentId: U }],
    ["a number", { ...base, numConcurrent: U }],
    ["a boolean that would require a schedule", { ...base, enabled: U }],
    ["a whole object", { deploymentId: D, intakeSettings: U }],
    ["an adapter's discriminator", { ...base, intakeSettings: { type: U, url: "s3://b/x" } }],
    ["a required adapter field", { ...base, intakeSettings: { type: "s3", url: U } }],
    ["a schedule list", { ...base, enabled: true, schedule: { ...allStars, hour: U } }],
    ["every element of a schedule list", { ...base, schedule: { ...allStars, hour: [U, U] } }],
    ["the schedule of an enabled definition", { ...base, enabled: true, schedule: U }],
    ["a remapping entry's name", { ...base, columnNamesRemapping: [{ inputName: U, outputName: "x" }] }],
    ["a remapping map value", { ...base, columnNamesRemapping: { a: U } }],
    ["one of two conflicting fields", { ...base, passthroughColumns: U, passthroughColumnsSet: "all" }],
    [
      "the alternative to a required field (query for table)",
      { ...base, intakeSettings: { type: "jdbc", dataStoreId: D, query: U } },
    ],
    ["the alternative to deploymentId", { intakeSettings: base.intakeSettings, modelPackageId: U }],
    [
      "an adapter's type with fields of another type",
      { ...base, timeseriesSettings: { type: U, forecastPointPolicy: { type: "x" } } },
    ],
    ["the whole input", U],
  ])("accepts the sentinel as %s", (_name, inputs) => {
    expect(issuesOf(inputs)).toEqual([]);
  });

  it("still rejects the sentinel without allowUnknowns", () => {
    const result = validateInputs({ ...base, numConcurrent: U });
    expect(result.ok).toBe(false);
  });

  it("still validates the known fields next to unknown ones", () => {
    expect(issuesOf({ ...base, deploymentId: U, numConcurrent: "4", intakeSettings: { type: "s3" } })).toEqual([
      { path: "intakeSettings.url", message: expect.stringContaining('required for intake type "s3"') },
      { path: "numConcurrent", message: expect.stringContaining("must be a number") },
    ]);
  });

  it("reports known elements at their original index when unknown elements precede them", () => {
    const issues = issuesOf({ ...base, schedule: { ...allStars, hour: [U, 3, U, 99] } });
    expect(issues).toEqual([{ path: "schedule.hour[3]", message: expect.stringContaining("99 is not a valid hour") }]);
  });

  it("checks cross-field rules among known fields", () => {
    expect(issuesOf({ ...base, numConcurrent: U, enabled: true })).toEqual([
      { path: "schedule", message: expect.stringContaining("required when enabled is true") },
    ]);
  });

  it("returns the canonical value with the sentinels in place", () => {
    const result = validateInputs(
      { ...base, numConcurrent: U, schedule: { ...allStars, hour: [5, U, 1] } },
      { allowUnknowns: true },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.numConcurrent).toBe(U);
    expect(result.value.schedule?.hour).toEqual([1, 5, U]);
    // An unknown value is always a change against a known one.
    expect(changedPaths(canonicalFromInputs({ ...base, numConcurrent: 2 }), result.value)).toEqual([
      "numConcurrent",
      "schedule",
    ]);
  });

  it("keeps an unknown object as is instead of filling its defaults", () => {
    const c = canonicalFromInputs({ ...base, csvSettings: U, outputSettings: U });
    expect(c.csvSettings).toBe(U);
    expect(c.outputSettings).toBe(U);
  });
});
