/**
 * When a job-definition schedule runs next, computed on the client (for previews, before anything is applied).
 *
 * Semantics (docs/datarobot-api.md §4.2, classic cron, always UTC):
 *  - minute, hour and month must match;
 *  - dayOfMonth and dayOfWeek: when both are restricted a day matches if EITHER matches (a union); when only one is
 *    restricted only that one counts; `["*"]` in both means every day;
 *  - impossible dates (February 30th) simply never occur.
 * Runs are whole minutes strictly after the given instant. Names ("mon", "January") are accepted: the schedule is
 * normalised by the model first, as everywhere else in the SDK.
 *
 * Written independently from the emulator's scheduler on purpose: the integration test compares the two.
 */
import { normalizeSchedule, SCHEDULE_FIELDS, type ScheduleField } from "../provider/model";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** Look this far ahead; long enough for "February 29th only" across a skipped leap year (2096 → 2104). */
const HORIZON_DAYS = 8 * 366;

const RANGES: Record<ScheduleField, [number, number]> = {
  minute: [0, 59],
  hour: [0, 23],
  dayOfMonth: [1, 31],
  month: [1, 12],
  dayOfWeek: [0, 6],
};

/** For each field, the allowed values, or `null` for the wildcard. */
type Allowed = Record<ScheduleField, Set<number> | null>;

/** Thrown for a schedule that cannot be evaluated (missing field, value out of range, unknown during preview). */
export class InvalidScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidScheduleError";
  }
}

function allowedValues(schedule: unknown): Allowed {
  const normalised = normalizeSchedule(schedule);
  if (normalised === null || typeof normalised !== "object") {
    throw new InvalidScheduleError("a schedule must be an object with minute, hour, dayOfMonth, month, dayOfWeek");
  }
  const source = normalised as Record<string, unknown>;
  const allowed = {} as Allowed;
  for (const field of SCHEDULE_FIELDS) {
    const list = source[field];
    if (!Array.isArray(list) || list.length === 0) throw new InvalidScheduleError(`schedule.${field} is missing`);
    if (list.length === 1 && list[0] === "*") {
      allowed[field] = null;
      continue;
    }
    const [min, max] = RANGES[field];
    for (const value of list) {
      if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        throw new InvalidScheduleError(`schedule.${field} has ${JSON.stringify(value)}, not a value ${min}-${max}`);
      }
    }
    allowed[field] = new Set(list as number[]);
  }
  return allowed;
}

const allows = (set: Set<number> | null, value: number) => set === null || set.has(value);

function dayAllowed(allowed: Allowed, day: Date): boolean {
  const { dayOfMonth, dayOfWeek } = allowed;
  if (!allows(allowed.month, day.getUTCMonth() + 1)) return false;
  if (dayOfMonth === null && dayOfWeek === null) return true;
  if (dayOfMonth === null) return dayOfWeek!.has(day.getUTCDay());
  if (dayOfWeek === null) return dayOfMonth.has(day.getUTCDate());
  return dayOfMonth.has(day.getUTCDate()) || dayOfWeek.has(day.getUTCDay());
}

/** Minutes of the day (sorted) at which the schedule runs on an allowed day. */
function timesOfDay(allowed: Allowed): number[] {
  const times: number[] = [];
  for (let hour = 0; hour < 24; hour++) {
    if (!allows(allowed.hour, hour)) continue;
    for (let minute = 0; minute < 60; minute++) if (allows(allowed.minute, minute)) times.push(hour * 60 + minute);
  }
  return times;
}

/**
 * The next `count` run times strictly after `after` (fewer when the schedule never runs again within eight years,
 * e.g. only on February 31st). Throws InvalidScheduleError for a schedule that is not valid.
 */
export function nextRunTimes(schedule: unknown, after: Date, count = 3): Date[] {
  const allowed = allowedValues(schedule);
  const times = timesOfDay(allowed);
  const runs: Date[] = [];
  if (count <= 0 || Number.isNaN(after.getTime())) return runs;
  // The first candidate is the whole minute following the one containing `after` (02:00:00.000 → 02:01).
  const first = Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const firstDay = Math.floor(first / DAY_MS) * DAY_MS;
  for (let dayStart = firstDay; dayStart <= firstDay + HORIZON_DAYS * DAY_MS; dayStart += DAY_MS) {
    if (!dayAllowed(allowed, new Date(dayStart))) continue;
    for (const minuteOfDay of times) {
      const at = dayStart + minuteOfDay * MINUTE_MS;
      if (at < first) continue;
      runs.push(new Date(at));
      if (runs.length === count) return runs;
    }
  }
  return runs;
}

/** The next run strictly after `after`, or null when there is none within eight years. */
export function nextRunTime(schedule: unknown, after: Date): Date | null {
  return nextRunTimes(schedule, after, 1)[0] ?? null;
}
