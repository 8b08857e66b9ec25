/**
 * Job-definition schedules (docs/datarobot-api.md §4.2): validation and "next run time" computation.
 *
 * A schedule is an object with exactly five array-valued keys. Each array is either the wildcard `["*"]` or a list
 * of allowed values. Semantics follow classic cron, evaluated in UTC:
 *   - minute, hour and month must match;
 *   - dayOfMonth and dayOfWeek are "additive": if both are restricted a day matches when EITHER matches,
 *     if only one is restricted only that one counts, if both are `["*"]` every day matches;
 *   - impossible dates (Feb 31, Feb 29 outside leap years) simply never occur.
 *
 * Choices where the sources are silent (docs/datarobot-api.md §4.2) (documented so the emulator stays predictable):
 *   - Numeric strings such as "5" are rejected. The sources list ints, `"*"` and (for month / dayOfWeek) names; the
 *     Terraform provider converts its string lists to ints before sending, so no known client sends "5".
 *   - Names are accepted only for month ("jan" / "January") and dayOfWeek ("sun" / "Sunday"), case-insensitively.
 *   - dayOfWeek 7 (an alias for Sunday in some crons) is rejected: the sources say 0-6 with Sunday = 0.
 *   - Duplicate values are tolerated (they do not change the meaning).
 */
import { isPlainObject } from "../http/router";

export const SCHEDULE_FIELDS = ["minute", "hour", "dayOfMonth", "month", "dayOfWeek"] as const;
export type ScheduleField = (typeof SCHEDULE_FIELDS)[number];

/** The wire shape of a schedule as sent by clients. */
export type Schedule = Record<ScheduleField, Array<number | string>>;

interface FieldRule {
  min: number;
  max: number;
  /** Lower-case name → numeric value; only for month and dayOfWeek. */
  names?: ReadonlyMap<string, number>;
  /** Human-readable description of names for error messages. */
  namesHint?: string;
}

const MONTH_NAMES = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const WEEKDAY_NAMES = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** Full and 3-letter names, e.g. "october" and "oct" → 10 (months start at 1, weekdays at 0). */
function nameTable(names: string[], firstValue: number): ReadonlyMap<string, number> {
  const table = new Map<string, number>();
  names.forEach((name, index) => {
    table.set(name, index + firstValue);
    table.set(name.slice(0, 3), index + firstValue);
  });
  return table;
}

const RULES: Record<ScheduleField, FieldRule> = {
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  dayOfMonth: { min: 1, max: 31 },
  month: { min: 1, max: 12, names: nameTable(MONTH_NAMES, 1), namesHint: 'month names ("jan" or "january")' },
  dayOfWeek: {
    min: 0,
    max: 6,
    names: nameTable(WEEKDAY_NAMES, 0),
    namesHint: 'day names ("sun" or "sunday"), Sunday = 0',
  },
};

function allowedText(field: ScheduleField): string {
  const rule = RULES[field];
  const names = rule.namesHint ? ` or ${rule.namesHint}` : "";
  return `["*"] or a non-empty list of integers ${rule.min}-${rule.max}${names}`;
}

/**
 * Numeric value of one element, or undefined when it is not a valid element for the field. A numeric string ("15")
 * counts as its number: DataRobot's Python SDK types the elements `String | Int` and no source says the server
 * rejects a string; the strict option (`numericStrings: false`) refuses it, as this emulator did before.
 */
function elementValue(field: ScheduleField, element: unknown, numericStrings = true): number | undefined {
  const rule = RULES[field];
  if (typeof element === "number") {
    return Number.isInteger(element) && element >= rule.min && element <= rule.max ? element : undefined;
  }
  if (typeof element === "string" && numericStrings && /^\d+$/.test(element)) {
    return elementValue(field, Number(element));
  }
  if (typeof element === "string" && rule.names) {
    return rule.names.get(element.toLowerCase());
  }
  return undefined;
}

function describeElement(element: unknown): string {
  if (typeof element === "string") return JSON.stringify(element);
  if (typeof element === "number") return String(element);
  if (element === null) return "null";
  return Array.isArray(element) ? "an array" : `a ${typeof element}`;
}

function validateField(field: ScheduleField, value: unknown, numericStrings: boolean): string | undefined {
  const expected = allowedText(field);
  if (!Array.isArray(value)) return `${field} must be an array: ${expected}`;
  if (value.length === 0) return `${field} must not be empty: ${expected}`;
  if (value.includes("*")) {
    return value.length === 1 ? undefined : `${field}: "*" must be the only element when used; allowed: ${expected}`;
  }
  for (let index = 0; index < value.length; index++) {
    const element = value[index];
    if (elementValue(field, element, numericStrings) === undefined) {
      return `${field}[${index}] is ${describeElement(element)}, which is not allowed; allowed: ${expected}`;
    }
  }
  return undefined;
}

/**
 * Field errors keyed by dotted path ("schedule" or "schedule.<key>"); an empty object means the schedule is valid.
 * Keys are the API's camelCase names, so the emulator can put the result straight into a 422 `errors` body.
 */
export function validateSchedule(schedule: unknown, numericStrings = true): Record<string, string> {
  if (!isPlainObject(schedule)) {
    return { schedule: `schedule must be an object with the keys ${SCHEDULE_FIELDS.join(", ")}` };
  }
  const errors: Record<string, string> = {};
  for (const field of SCHEDULE_FIELDS) {
    if (!(field in schedule)) {
      errors[`schedule.${field}`] = `${field} is required: ${allowedText(field)}`;
      continue;
    }
    const problem = validateField(field, schedule[field], numericStrings);
    if (problem) errors[`schedule.${field}`] = problem;
  }
  for (const key of Object.keys(schedule)) {
    if (!(SCHEDULE_FIELDS as readonly string[]).includes(key)) {
      errors[`schedule.${key}`] = `${key} is not a schedule key; allowed keys: ${SCHEDULE_FIELDS.join(", ")}`;
    }
  }
  return errors;
}

/** A schedule reduced to sets of numbers; `undefined` stands for the wildcard `["*"]`. */
export type ParsedSchedule = Record<ScheduleField, ReadonlySet<number> | undefined>;

/** Parses a schedule; returns undefined when it is not valid (see validateSchedule for why). */
export function parseSchedule(schedule: unknown): ParsedSchedule | undefined {
  if (Object.keys(validateSchedule(schedule)).length > 0) return undefined;
  const source = schedule as Record<ScheduleField, unknown[]>;
  const parsed = {} as Record<ScheduleField, ReadonlySet<number> | undefined>;
  for (const field of SCHEDULE_FIELDS) {
    const values = source[field];
    parsed[field] =
      values.length === 1 && values[0] === "*"
        ? undefined
        : new Set(values.map((element) => elementValue(field, element) as number));
  }
  return parsed;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/**
 * How far ahead to look. Eight years rather than the usual five so that "Feb 29 only" still finds a match
 * across the skipped leap year of 2100 (2096 → 2104); the loop is per day, so this costs < 3000 iterations.
 */
const HORIZON_DAYS = 8 * 366;

function matches(set: ReadonlySet<number> | undefined, value: number): boolean {
  return set === undefined || set.has(value);
}

function dayMatches(parsed: ParsedSchedule, date: Date): boolean {
  const dom = parsed.dayOfMonth;
  const dow = parsed.dayOfWeek;
  if (dom === undefined && dow === undefined) return true;
  if (dom === undefined) return dow!.has(date.getUTCDay());
  if (dow === undefined) return dom.has(date.getUTCDate());
  return dom.has(date.getUTCDate()) || dow.has(date.getUTCDay()); // both restricted: union (cron semantics)
}

/** Earliest (hour, minute) at or after `fromMinuteOfDay` that the schedule allows, as minutes since midnight. */
function firstTimeOfDay(parsed: ParsedSchedule, fromMinuteOfDay: number): number | undefined {
  for (let hour = Math.floor(fromMinuteOfDay / 60); hour < 24; hour++) {
    if (!matches(parsed.hour, hour)) continue;
    const firstMinute = hour === Math.floor(fromMinuteOfDay / 60) ? fromMinuteOfDay % 60 : 0;
    for (let minute = firstMinute; minute < 60; minute++) {
      if (matches(parsed.minute, minute)) return hour * 60 + minute;
    }
  }
  return undefined;
}

/**
 * The first whole UTC minute strictly after `after` that the schedule matches, or null when the schedule is
 * invalid (e.g. edited out of band without validation) or nothing matches within the horizon (e.g. Feb 31).
 */
export function nextRunTime(schedule: unknown, after: Date): Date | null {
  const parsed = parseSchedule(schedule);
  if (!parsed || Number.isNaN(after.getTime())) return null;
  // Candidate start: the minute following the one that contains `after` (so 02:00:00.000 → 02:01).
  const start = Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const startDay = Math.floor(start / DAY_MS) * DAY_MS;
  let fromMinuteOfDay = (start - startDay) / MINUTE_MS;
  for (let dayIndex = 0; dayIndex <= HORIZON_DAYS; dayIndex++) {
    const dayStart = startDay + dayIndex * DAY_MS;
    const date = new Date(dayStart);
    if (matches(parsed.month, date.getUTCMonth() + 1) && dayMatches(parsed, date)) {
      const minuteOfDay = firstTimeOfDay(parsed, fromMinuteOfDay);
      if (minuteOfDay !== undefined) return new Date(dayStart + minuteOfDay * MINUTE_MS);
    }
    fromMinuteOfDay = 0;
  }
  return null;
}
