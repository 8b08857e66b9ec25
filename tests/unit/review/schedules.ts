/** Schedules written field by field, as the next-run tests (unit, and against the emulator) build their cases. */
export const ANY = ["*"];

export const schedule = (
  minute: unknown[],
  hour: unknown[],
  dayOfMonth: unknown[],
  month: unknown[],
  dayOfWeek: unknown[],
) => ({ minute, hour, dayOfMonth, month, dayOfWeek });
