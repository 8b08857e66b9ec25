/** DataRobot's "never" (a 1900 timestamp in the last-run fields) and the last run: one rule for every caller. */
import { isNever, knownTime, latestRunTime } from "../../../provider/model/run-times";

describe("isNever", () => {
  it.each([
    ["1900-01-01T00:00:00.000000Z", true],
    ["1900-01-01T00:00:00Z", true],
    ["1899-12-31T23:59:59Z", true],
    ["1901-01-01T00:00:00Z", false],
    ["2026-11-29T02:00:00.000000Z", false],
    ["not a date", false],
  ])("%s → %s", (timestamp, never) => {
    expect(isNever(timestamp)).toBe(never);
  });
});

describe("knownTime", () => {
  it("keeps a real timestamp as sent, and gives null for never and non-strings", () => {
    expect(knownTime("2026-11-29T02:00:00.000000Z")).toBe("2026-11-29T02:00:00.000000Z");
    expect(knownTime("1900-01-01T00:00:00.000000Z")).toBeNull();
    expect(knownTime(null)).toBeNull();
    expect(knownTime(undefined)).toBeNull();
  });
});

describe("latestRunTime", () => {
  it("is the latest of the run-time fields, skipping never", () => {
    expect(
      latestRunTime({
        lastStartedJobTime: "2026-11-28T02:00:00Z",
        lastScheduledRunTime: "1900-01-01T00:00:00.000000Z",
        lastSuccessfulRunTime: "2026-11-29T02:00:00Z",
        lastFailedRunTime: null,
        created: "2027-01-01T00:00:00Z", // not a run time
      }),
    ).toBe("2026-11-29T02:00:00Z");
  });

  it("is undefined for a definition that never ran", () => {
    expect(latestRunTime({ lastStartedJobTime: "1900-01-01T00:00:00.000000Z" })).toBeUndefined();
    expect(latestRunTime(undefined)).toBeUndefined();
  });
});
