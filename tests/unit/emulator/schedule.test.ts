import fc from "fast-check";
import { nextRunTime, parseSchedule, validateSchedule } from "../../../emulator/rules/schedule";

type Values = Array<number | string>;
const STAR: Values = ["*"];

/** Builds a schedule; every key defaults to ["*"]. */
function sched(parts: Partial<Record<"minute" | "hour" | "dayOfMonth" | "month" | "dayOfWeek", Values>>) {
  return {
    minute: parts.minute ?? STAR,
    hour: parts.hour ?? STAR,
    dayOfMonth: parts.dayOfMonth ?? STAR,
    month: parts.month ?? STAR,
    dayOfWeek: parts.dayOfWeek ?? STAR,
  };
}

function next(schedule: unknown, after: string): string | null {
  const result = nextRunTime(schedule, new Date(after));
  return result === null ? null : result.toISOString();
}

describe("nextRunTime: hand-verified corpus (weekdays checked against a calendar: 2025-03-10 is a Monday)", () => {
  const daily0200 = sched({ minute: [0], hour: [2] });
  const corpus: Array<[label: string, schedule: unknown, after: string, expected: string | null]> = [
    ["every day 02:00, earlier that day", daily0200, "2025-03-10T01:59:30.000Z", "2025-03-10T02:00:00.000Z"],
    [
      "every day 02:00, exactly at a run → strictly after",
      daily0200,
      "2025-03-10T02:00:00.000Z",
      "2025-03-11T02:00:00.000Z",
    ],
    ["every day 02:00, later that day", daily0200, "2025-03-10T13:00:00.000Z", "2025-03-11T02:00:00.000Z"],
    ["* everywhere → next whole minute", sched({}), "2025-03-10T10:15:42.123Z", "2025-03-10T10:16:00.000Z"],
    ["* everywhere at 59.999 s → next minute", sched({}), "2025-03-10T10:15:59.999Z", "2025-03-10T10:16:00.000Z"],
    ["* everywhere, end of year rollover", sched({}), "2025-12-31T23:59:59.000Z", "2026-01-01T00:00:00.000Z"],
    [
      "23:59 daily, end of year rollover",
      sched({ minute: [59], hour: [23] }),
      "2025-12-31T23:59:00.000Z",
      "2026-01-01T23:59:00.000Z",
    ],
    [
      "Jan 1st midnight, mid-year → next year",
      sched({ minute: [0], hour: [0], dayOfMonth: [1], month: [1] }),
      "2025-06-15T08:00:00.000Z",
      "2026-01-01T00:00:00.000Z",
    ],
    [
      "weekday names (mixed case) from Saturday → Monday",
      sched({ minute: [30], hour: [9], dayOfWeek: ["mon", "Wednesday", "FRI"] }),
      "2025-03-08T12:00:00.000Z",
      "2025-03-10T09:30:00.000Z",
    ],
    [
      "weekdays 1-5 from Friday evening → Monday",
      sched({ minute: [0], hour: [8], dayOfWeek: [1, 2, 3, 4, 5] }),
      "2025-03-07T18:00:00.000Z",
      "2025-03-10T08:00:00.000Z",
    ],
    [
      "Sunday only (dayOfMonth *) from Monday",
      sched({ minute: [0], hour: [0], dayOfWeek: [0] }),
      "2025-03-10T00:00:00.000Z",
      "2025-03-16T00:00:00.000Z",
    ],
    [
      "month names oct / December, 1st",
      sched({ minute: [0], hour: [0], dayOfMonth: [1], month: ["oct", "December"] }),
      "2025-03-10T00:00:00.000Z",
      "2025-10-01T00:00:00.000Z",
    ],
    [
      "union: 13th (a Thursday) comes before Friday",
      sched({ minute: [0], hour: [0], dayOfMonth: [13], dayOfWeek: ["fri"] }),
      "2025-03-10T00:00:00.000Z",
      "2025-03-13T00:00:00.000Z",
    ],
    [
      "union: then Friday the 14th",
      sched({ minute: [0], hour: [0], dayOfMonth: [13], dayOfWeek: ["fri"] }),
      "2025-03-13T00:00:00.000Z",
      "2025-03-14T00:00:00.000Z",
    ],
    [
      "31st skips 30-day April → May 31",
      sched({ minute: [0], hour: [0], dayOfMonth: [31] }),
      "2025-04-01T00:00:00.000Z",
      "2025-05-31T00:00:00.000Z",
    ],
    [
      "Feb 29 → next leap year 2028",
      sched({ minute: [0], hour: [0], dayOfMonth: [29], month: [2] }),
      "2025-01-01T00:00:00.000Z",
      "2028-02-29T00:00:00.000Z",
    ],
    [
      "Feb 29 across 2100 (not a leap year) → 2104",
      sched({ minute: [0], hour: [0], dayOfMonth: [29], month: ["feb"] }),
      "2096-03-01T00:00:00.000Z",
      "2104-02-29T00:00:00.000Z",
    ],
    [
      "Feb 31 never → null",
      sched({ minute: [0], hour: [0], dayOfMonth: [31], month: [2] }),
      "2025-01-01T00:00:00.000Z",
      null,
    ],
    [
      "Feb 30 union Monday → Mondays of February",
      sched({ minute: [0], hour: [0], dayOfMonth: [30], month: [2], dayOfWeek: ["mon"] }),
      "2025-01-01T00:00:00.000Z",
      "2025-02-03T00:00:00.000Z",
    ],
    [
      "minutes 15,45 within the hour",
      sched({ minute: [15, 45] }),
      "2025-03-10T10:20:00.000Z",
      "2025-03-10T10:45:00.000Z",
    ],
    ["minutes 15,45 → next hour", sched({ minute: [15, 45] }), "2025-03-10T10:45:00.000Z", "2025-03-10T11:15:00.000Z"],
    [
      "March, 1st or Sundays, from Sunday 00:00 → next Sunday",
      sched({ minute: [0], hour: [0], dayOfMonth: [1], month: ["March"], dayOfWeek: ["sun"] }),
      "2025-03-02T00:00:00.000Z",
      "2025-03-09T00:00:00.000Z",
    ],
    [
      "March, 1st or Sundays, after last March Sunday → next year",
      sched({ minute: [0], hour: [0], dayOfMonth: [1], month: [3], dayOfWeek: [0] }),
      "2025-03-30T00:00:00.000Z",
      "2026-03-01T00:00:00.000Z",
    ],
    [
      "hours 6 and 18 on the 15th",
      sched({ minute: [5], hour: [18, 6], dayOfMonth: [15] }),
      "2025-03-15T06:05:00.000Z",
      "2025-03-15T18:05:00.000Z",
    ],
    ["invalid schedule → null", sched({ hour: [24] }), "2025-03-10T00:00:00.000Z", null],
  ];

  it.each(corpus)("%s", (_label, schedule, after, expected) => {
    expect(next(schedule, after)).toBe(expected);
  });

  it("returns null for an invalid date", () => {
    expect(nextRunTime(sched({}), new Date("not a date"))).toBeNull();
  });

  it("is fast even when nothing ever matches (skips by day, not by minute)", () => {
    const started = Date.now();
    for (let i = 0; i < 20; i++) nextRunTime(sched({ dayOfMonth: [31], month: [2] }), new Date("2025-01-01T00:00:00Z"));
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("nextRunTime agrees with a minute-by-minute oracle", () => {
  /** Independent, slow reference implementation of the cron rules. */
  function oracle(schedule: ReturnType<typeof sched>, after: Date, limitMinutes: number): string | null {
    const parsed = parseSchedule(schedule)!;
    const ok = (set: ReadonlySet<number> | undefined, v: number) => set === undefined || set.has(v);
    let t = Math.floor(after.getTime() / 60000) * 60000 + 60000;
    for (let i = 0; i < limitMinutes; i++, t += 60000) {
      const d = new Date(t);
      const dom = parsed.dayOfMonth;
      const dow = parsed.dayOfWeek;
      const dayOk =
        dom && dow
          ? dom.has(d.getUTCDate()) || dow.has(d.getUTCDay())
          : ok(dom, d.getUTCDate()) && ok(dow, d.getUTCDay());
      if (
        ok(parsed.minute, d.getUTCMinutes()) &&
        ok(parsed.hour, d.getUTCHours()) &&
        ok(parsed.month, d.getUTCMonth() + 1) &&
        dayOk
      ) {
        return d.toISOString();
      }
    }
    return null;
  }

  const values = (min: number, max: number) =>
    fc.oneof(fc.constant(STAR), fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: 3 }));

  it("for random schedules (month unrestricted, so a match is within 62 days)", () => {
    fc.assert(
      fc.property(
        values(0, 59),
        values(0, 23),
        values(1, 31),
        values(0, 6),
        fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2026-12-31T00:00:00Z"), noInvalidDate: true }),
        (minute, hour, dayOfMonth, dayOfWeek, after) => {
          const schedule = sched({ minute, hour, dayOfMonth, dayOfWeek });
          expect(next(schedule, after.toISOString())).toBe(oracle(schedule, after, 63 * 1440));
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe("validateSchedule", () => {
  it("accepts valid schedules, including names in any case", () => {
    expect(validateSchedule(sched({}))).toEqual({});
    expect(
      validateSchedule(
        sched({ minute: [0, 59], hour: [0, 23], dayOfMonth: [1, 31], month: [1, 12], dayOfWeek: [0, 6] }),
      ),
    ).toEqual({});
    expect(
      validateSchedule(sched({ month: ["jan", "October", "DEC"], dayOfWeek: ["sun", "Sunday", "THU", "saturday"] })),
    ).toEqual({});
  });

  it.each([null, undefined, [], "daily", 5])("rejects a non-object schedule (%p)", (value) => {
    expect(validateSchedule(value)).toEqual({
      schedule: "schedule must be an object with the keys minute, hour, dayOfMonth, month, dayOfWeek",
    });
  });

  it("reports each missing key", () => {
    expect(validateSchedule({ minute: [0], hour: [1], month: ["*"] })).toEqual({
      "schedule.dayOfMonth": 'dayOfMonth is required: ["*"] or a non-empty list of integers 1-31',
      "schedule.dayOfWeek":
        'dayOfWeek is required: ["*"] or a non-empty list of integers 0-6 or day names ("sun" or "sunday"), Sunday = 0',
    });
  });

  it("reports unknown keys", () => {
    expect(validateSchedule({ ...sched({}), second: [0] })).toEqual({
      "schedule.second": "second is not a schedule key; allowed keys: minute, hour, dayOfMonth, month, dayOfWeek",
    });
  });

  it("requires arrays", () => {
    expect(validateSchedule(sched({ hour: 5 as unknown as Values }))).toEqual({
      "schedule.hour": 'hour must be an array: ["*"] or a non-empty list of integers 0-23',
    });
    expect(validateSchedule(sched({ minute: "*" as unknown as Values }))).toEqual({
      "schedule.minute": 'minute must be an array: ["*"] or a non-empty list of integers 0-59',
    });
  });

  it("rejects empty arrays", () => {
    expect(validateSchedule(sched({ month: [] }))).toEqual({
      "schedule.month":
        'month must not be empty: ["*"] or a non-empty list of integers 1-12 or month names ("jan" or "january")',
    });
  });

  it('rejects "*" mixed with other values', () => {
    expect(validateSchedule(sched({ minute: ["*", 5] }))).toEqual({
      "schedule.minute":
        'minute: "*" must be the only element when used; allowed: ["*"] or a non-empty list of integers 0-59',
    });
  });

  it.each<[string, Values, string]>([
    ["minute", [0, 60], 'minute[1] is 60, which is not allowed; allowed: ["*"] or a non-empty list of integers 0-59'],
    ["minute", [-1], 'minute[0] is -1, which is not allowed; allowed: ["*"] or a non-empty list of integers 0-59'],
    ["hour", [24], 'hour[0] is 24, which is not allowed; allowed: ["*"] or a non-empty list of integers 0-23'],
    ["hour", [1.5], 'hour[0] is 1.5, which is not allowed; allowed: ["*"] or a non-empty list of integers 0-23'],
    ["hour", ["5"], 'hour[0] is "5", which is not allowed; allowed: ["*"] or a non-empty list of integers 0-23'],
    ["hour", ["jan"], 'hour[0] is "jan", which is not allowed; allowed: ["*"] or a non-empty list of integers 0-23'],
    [
      "dayOfMonth",
      [0],
      'dayOfMonth[0] is 0, which is not allowed; allowed: ["*"] or a non-empty list of integers 1-31',
    ],
    [
      "dayOfMonth",
      [1, 32],
      'dayOfMonth[1] is 32, which is not allowed; allowed: ["*"] or a non-empty list of integers 1-31',
    ],
    [
      "dayOfMonth",
      [null as unknown as number],
      'dayOfMonth[0] is null, which is not allowed; allowed: ["*"] or a non-empty list of integers 1-31',
    ],
    [
      "month",
      [13],
      'month[0] is 13, which is not allowed; allowed: ["*"] or a non-empty list of integers 1-12 or month names ("jan" or "january")',
    ],
    [
      "month",
      [0],
      'month[0] is 0, which is not allowed; allowed: ["*"] or a non-empty list of integers 1-12 or month names ("jan" or "january")',
    ],
    [
      "month",
      ["mon"],
      'month[0] is "mon", which is not allowed; allowed: ["*"] or a non-empty list of integers 1-12 or month names ("jan" or "january")',
    ],
    [
      "month",
      ["janu"],
      'month[0] is "janu", which is not allowed; allowed: ["*"] or a non-empty list of integers 1-12 or month names ("jan" or "january")',
    ],
    [
      "dayOfWeek",
      [7],
      'dayOfWeek[0] is 7, which is not allowed; allowed: ["*"] or a non-empty list of integers 0-6 or day names ("sun" or "sunday"), Sunday = 0',
    ],
    [
      "dayOfWeek",
      ["jan"],
      'dayOfWeek[0] is "jan", which is not allowed; allowed: ["*"] or a non-empty list of integers 0-6 or day names ("sun" or "sunday"), Sunday = 0',
    ],
    [
      "dayOfWeek",
      [[1] as unknown as number],
      'dayOfWeek[0] is an array, which is not allowed; allowed: ["*"] or a non-empty list of integers 0-6 or day names ("sun" or "sunday"), Sunday = 0',
    ],
  ])("rejects %s = %j", (field, value, message) => {
    // Strict (numeric strings refused), as under unsourcedLimits "reject"; the other cases fail either way.
    expect(validateSchedule(sched({ [field]: value }), false)).toEqual({ [`schedule.${field}`]: message });
  });

  it("accepts numeric strings by default (the SDK types elements String | Int), and fires on them", () => {
    expect(validateSchedule(sched({ hour: ["5"], minute: ["30"] }))).toEqual({});
    expect(validateSchedule(sched({ hour: ["24"] }))).toEqual({
      "schedule.hour": 'hour[0] is "24", which is not allowed; allowed: ["*"] or a non-empty list of integers 0-23',
    });
    const next = nextRunTime(sched({ hour: ["5"], minute: ["30"] }), new Date("2025-01-01T00:00:00Z"));
    expect(next?.toISOString()).toBe("2025-01-01T05:30:00.000Z");
  });

  it("reports several problems at once, one per key", () => {
    const errors = validateSchedule({ minute: [60], hour: [], dayOfMonth: ["*"], month: ["*"], extra: 1 });
    expect(Object.keys(errors).sort()).toEqual([
      "schedule.dayOfWeek",
      "schedule.extra",
      "schedule.hour",
      "schedule.minute",
    ]);
  });
});

describe("parseSchedule", () => {
  it("maps names to numbers and * to undefined", () => {
    const parsed = parseSchedule(sched({ month: ["Oct", 1], dayOfWeek: ["sunday", "SAT"] }))!;
    expect(parsed.minute).toBeUndefined();
    expect([...parsed.month!].sort((a, b) => a - b)).toEqual([1, 10]);
    expect([...parsed.dayOfWeek!].sort((a, b) => a - b)).toEqual([0, 6]);
  });

  it("returns undefined for invalid schedules", () => {
    expect(parseSchedule(sched({ minute: [99] }))).toBeUndefined();
  });
});
