/**
 * `schedule`: five lists (minute, hour, dayOfMonth, month, dayOfWeek), each `["*"]` or specific values
 * (docs/datarobot-api.md §4.2). Months and weekdays may also be names ("jan", "January", "sun"); Sunday is 0.
 *
 * This module owns both the validation of a schedule and its normalisation (names → numbers, sorted, de-duplicated),
 * so the two can never disagree on what a valid value is.
 */
import { z } from "zod";
import { isUnknown } from "./sentinel";

export const SCHEDULE_FIELDS = ["minute", "hour", "dayOfMonth", "month", "dayOfWeek"] as const;
export type ScheduleField = (typeof SCHEDULE_FIELDS)[number];

/** Month names, January first (month 1). */
export const MONTH_NAMES = [
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
/** Weekday names, Sunday first (day 0). */
export const DAY_NAMES = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** Full and 3-letter names, lower case → number (`base` is the number of the first name). */
function nameTable(names: string[], base: number): Record<string, number> {
  const table: Record<string, number> = {};
  names.forEach((name, i) => {
    table[name] = i + base;
    table[name.slice(0, 3)] = i + base;
  });
  return table;
}

interface FieldSpec {
  min: number;
  max: number;
  /** Singular noun used in messages ("hour"). */
  noun: string;
  names?: Record<string, number>;
  nameExample?: string;
}

export const SCHEDULE_SPEC: Record<ScheduleField, FieldSpec> = {
  minute: { min: 0, max: 59, noun: "minute" },
  hour: { min: 0, max: 23, noun: "hour" },
  dayOfMonth: { min: 1, max: 31, noun: "day of the month" },
  month: { min: 1, max: 12, noun: "month", names: nameTable(MONTH_NAMES, 1), nameExample: '"jan" or "january"' },
  dayOfWeek: {
    min: 0,
    max: 6,
    noun: "weekday",
    names: nameTable(DAY_NAMES, 0),
    nameExample: '"sun" or "sunday" (Sunday = 0)',
  },
};

/**
 * The number a schedule element stands for, or undefined when it is not a valid value for that field.
 * Accepts integers, integer strings ("5") and, for month/dayOfWeek, names in any case. "*" is handled by callers.
 */
export function scheduleValueToNumber(field: ScheduleField, value: unknown): number | undefined {
  const spec = SCHEDULE_SPEC[field];
  let n: number | undefined;
  if (typeof value === "number") n = value;
  else if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (/^\d+$/.test(text)) n = Number(text);
    else if (spec.names && Object.prototype.hasOwnProperty.call(spec.names, text)) n = spec.names[text];
  }
  if (n === undefined || !Number.isInteger(n) || n < spec.min || n > spec.max) return undefined;
  return n;
}

function allowedValuesText(field: ScheduleField): string {
  const spec = SCHEDULE_SPEC[field];
  const names = spec.nameExample ? ` or a name such as ${spec.nameExample}` : "";
  return `use integers ${spec.min}-${spec.max}${names}, or ["*"] for every ${spec.noun}`;
}

/**
 * `z.union([z.number(), z.string()])` that takes a number or a string at once: the union tries `z.number()` first, so
 * each "*" or name of a valid schedule made an issue (with this package's message and hint) that zod then discarded.
 * Any other value goes through the union itself, so its issues and messages are the union's.
 */
class ScheduleElementSchema extends z.ZodUnion<[z.ZodNumber, z.ZodString]> {
  override _parse(input: z.ParseInput): z.ParseReturnType<number | string> {
    const data: unknown = input.data;
    if ((typeof data === "number" && !Number.isNaN(data)) || typeof data === "string") return z.OK(data);
    return super._parse(input);
  }
}

// Typed as the union it is: the declaration files then name zod's type instead of spelling out this class's.
const scheduleElement = (): z.ZodUnion<[z.ZodNumber, z.ZodString]> =>
  new ScheduleElementSchema(z.union([z.number(), z.string()])._def);

function scheduleList(field: ScheduleField) {
  return z
    .array(scheduleElement())
    .min(1)
    .superRefine((list, ctx) => {
      const hasWildcard = list.includes("*");
      list.forEach((element, i) => {
        if (element === "*") {
          if (list.length > 1) {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              path: [i],
              message: `"*" must be the only element — use ["*"] for every ${SCHEDULE_SPEC[field].noun}, or list specific values without "*"`,
            });
          }
          return;
        }
        if (hasWildcard) return; // already reported on the "*" element
        if (scheduleValueToNumber(field, element) === undefined) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [i],
            message: `${JSON.stringify(element)} is not a valid ${SCHEDULE_SPEC[field].noun} — ${allowedValuesText(field)}`,
          });
        }
      });
    });
}

export const ScheduleSchema = z
  .object({
    minute: scheduleList("minute"),
    hour: scheduleList("hour"),
    dayOfMonth: scheduleList("dayOfMonth"),
    month: scheduleList("month"),
    dayOfWeek: scheduleList("dayOfWeek"),
  })
  .strict();

/** Canonical list: `["*"]`, or distinct numbers in ascending order. */
export type CanonicalScheduleList = number[] | ["*"];
export type CanonicalSchedule = Record<ScheduleField, CanonicalScheduleList>;

/**
 * Normalise one list. Tolerant by design (it also reads server responses): any "*" makes the list `["*"]`
 * (as DataRobot's Terraform client does), names and integer strings become numbers, duplicates go, numbers sort.
 * A list covering the whole range (all 24 hours) stays a list of numbers: it means the same as "*" today, but
 * rewriting it would make the canonical form differ from what the user wrote and what the server echoes.
 * Values that are neither valid nor "*" (an unresolved preview sentinel, garbage from a server) are kept, after the
 * numbers, so that they still show up in a diff.
 */
export function normalizeScheduleList(field: ScheduleField, list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  if (list.some((element) => element === "*" || (typeof element === "string" && element.trim() === "*"))) {
    return ["*"];
  }
  const numbers = new Set<number>();
  const others: unknown[] = [];
  for (const element of list) {
    const n = isUnknown(element) ? undefined : scheduleValueToNumber(field, element);
    if (n !== undefined) numbers.add(n);
    else if (!others.some((other) => other === element)) others.push(element);
  }
  return [...[...numbers].sort((a, b) => a - b), ...others];
}

export function normalizeSchedule(schedule: unknown): unknown {
  if (schedule === null || typeof schedule !== "object" || Array.isArray(schedule)) return schedule;
  const source = schedule as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < SCHEDULE_FIELDS.length; i++) {
    const field = SCHEDULE_FIELDS[i]!;
    if (source[field] !== undefined && source[field] !== null) out[field] = normalizeScheduleList(field, source[field]);
  }
  return out;
}
