/**
 * Run times in DataRobot's definition responses. A definition that never ran reports its last-run fields as a
 * timestamp in the year 1900 (`1900-01-01T00:00:00.000000Z`) rather than null: one rule here says "never", for the
 * provider's outputs, the adoption record and the review's warnings alike.
 */

/** Response fields about runs; the latest of them is "the last run". */
export const RUN_TIME_FIELDS = [
  "lastStartedJobTime",
  "lastScheduledRunTime",
  "lastSuccessfulRunTime",
  "lastFailedRunTime",
] as const;

/** True for DataRobot's "never": any parseable timestamp in or before 1900. */
export function isNever(timestamp: string): boolean {
  const at = Date.parse(timestamp);
  return !Number.isNaN(at) && new Date(at).getUTCFullYear() <= 1900;
}

/** The timestamp as DataRobot sent it, or null for "never" and for anything that is not a string. */
export function knownTime(value: unknown): string | null {
  return typeof value === "string" && !isNever(value) ? value : null;
}

/** The latest run time of a definition (as sent), or undefined when it never ran. */
export function latestRunTime(definition: Record<string, unknown> | undefined): string | undefined {
  let latest: string | undefined;
  for (const field of RUN_TIME_FIELDS) {
    const at = knownTime(definition?.[field]);
    if (at === null || Number.isNaN(Date.parse(at))) continue;
    if (latest === undefined || Date.parse(at) > Date.parse(latest)) latest = at;
  }
  return latest;
}
