import { InvalidScheduleError, nextRunTime, nextRunTimes } from "../../../sdk/schedule-next";
import { ANY, schedule as s } from "../../fixtures/schedules";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const at = (text: string) => new Date(text);

describe("nextRunTimes", () => {
  it("daily at 02:00: strictly after the given instant, whole minutes", () => {
    const daily = s([0], [2], ANY, ANY, ANY);
    expect(iso(nextRunTimes(daily, at("2026-03-10T01:59:59.999Z")))).toEqual([
      "2026-03-10T02:00:00.000Z",
      "2026-03-11T02:00:00.000Z",
      "2026-03-12T02:00:00.000Z",
    ]);
    // exactly at a run time: that run is not "next"
    expect(nextRunTime(daily, at("2026-03-10T02:00:00.000Z"))?.toISOString()).toBe("2026-03-11T02:00:00.000Z");
    expect(nextRunTime(daily, at("2026-03-10T02:00:30.000Z"))?.toISOString()).toBe("2026-03-11T02:00:00.000Z");
  });

  it("every minute and lists of minutes/hours (unsorted input)", () => {
    expect(iso(nextRunTimes(s(ANY, ANY, ANY, ANY, ANY), at("2026-12-31T23:58:10Z"), 3))).toEqual([
      "2026-12-31T23:59:00.000Z",
      "2027-01-01T00:00:00.000Z",
      "2027-01-01T00:01:00.000Z",
    ]);
    expect(iso(nextRunTimes(s([45, 5], [22, 1], ANY, ANY, ANY), at("2026-05-01T21:50:00Z"), 4))).toEqual([
      "2026-05-01T22:05:00.000Z",
      "2026-05-01T22:45:00.000Z",
      "2026-05-02T01:05:00.000Z",
      "2026-05-02T01:45:00.000Z",
    ]);
  });

  it("weekday names; Sunday is 0", () => {
    // 2026-03-10 is a Tuesday
    const weekdays = s([30], [9], ANY, ANY, ["mon", "Friday"]);
    expect(iso(nextRunTimes(weekdays, at("2026-03-10T00:00:00Z"), 3))).toEqual([
      "2026-03-13T09:30:00.000Z",
      "2026-03-16T09:30:00.000Z",
      "2026-03-20T09:30:00.000Z",
    ]);
    expect(nextRunTime(s([0], [0], ANY, ANY, [0]), at("2026-03-10T00:00:00Z"))?.toISOString()).toBe(
      "2026-03-15T00:00:00.000Z",
    );
  });

  it("day of month and day of week both restricted: either matches (cron union)", () => {
    // the 13th, or any Friday; from Tuesday 2026-03-10: Fri 13th, Fri 20th, Fri 27th, Fri Apr 3rd, Fri Apr 10th
    const unionSchedule = s([0], [12], [13], ANY, ["fri"]);
    expect(iso(nextRunTimes(unionSchedule, at("2026-03-10T00:00:00Z"), 5))).toEqual([
      "2026-03-13T12:00:00.000Z",
      "2026-03-20T12:00:00.000Z",
      "2026-03-27T12:00:00.000Z",
      "2026-04-03T12:00:00.000Z",
      "2026-04-10T12:00:00.000Z",
    ]);
    expect(nextRunTime(s([0], [12], [14], [4], ["sun"]), at("2026-04-12T13:00:00Z"))?.toISOString()).toBe(
      "2026-04-14T12:00:00.000Z",
    );
  });

  it("only one day field restricted: only that one counts", () => {
    expect(nextRunTime(s([0], [0], [31], ANY, ANY), at("2026-04-01T00:00:00Z"))?.toISOString()).toBe(
      "2026-05-31T00:00:00.000Z",
    );
    expect(nextRunTime(s([0], [0], ANY, ANY, ["wed"]), at("2026-04-01T00:00:00Z"))?.toISOString()).toBe(
      "2026-04-08T00:00:00.000Z",
    );
  });

  it("leap days, month names, impossible dates", () => {
    expect(nextRunTime(s([0], [6], [29], ["feb"], ANY), at("2026-01-01T00:00:00Z"))?.toISOString()).toBe(
      "2028-02-29T06:00:00.000Z",
    );
    // 2100 is not a leap year: the next Feb 29th after 2096 is in 2104
    expect(nextRunTime(s([0], [0], [29], [2], ANY), at("2096-03-01T00:00:00Z"))?.toISOString()).toBe(
      "2104-02-29T00:00:00.000Z",
    );
    expect(nextRunTimes(s([0], [0], [30], ["February"], ANY), at("2026-01-01T00:00:00Z"))).toEqual([]);
    expect(nextRunTime(s([0], [0], [30], [2], ANY), at("2026-01-01T00:00:00Z"))).toBeNull();
  });

  it("count 0 and invalid instants give no runs", () => {
    expect(nextRunTimes(s([0], [0], ANY, ANY, ANY), at("2026-01-01T00:00:00Z"), 0)).toEqual([]);
    expect(nextRunTimes(s([0], [0], ANY, ANY, ANY), new Date(Number.NaN))).toEqual([]);
  });

  it.each([
    [{ minute: [0], hour: [2] }, "schedule.dayOfMonth is missing"],
    [s([60], [2], ANY, ANY, ANY), "schedule.minute has 60, not a value 0-59"],
    [s([0], [2], [0], ANY, ANY), "schedule.dayOfMonth has 0, not a value 1-31"],
    [s([0], [2], ANY, ["smarch"], ANY), 'schedule.month has "smarch", not a value 1-12'],
    [s([0], [2], ANY, ANY, [7]), "schedule.dayOfWeek has 7, not a value 0-6"],
    ["daily", "a schedule must be an object"],
  ])("rejects %j: %s", (schedule, message) => {
    expect(() => nextRunTimes(schedule, at("2026-01-01T00:00:00Z"))).toThrow(InvalidScheduleError);
    expect(() => nextRunTimes(schedule, at("2026-01-01T00:00:00Z"))).toThrow(message);
  });
});
