/**
 * Free-text adapter fields with values DataRobot documents (format, cloudStorageType, method): no source closes
 * these lists, so any non-empty string is sent as written, and a value DataRobot does not document gets a warning,
 * with a "did you mean" when it is close to a documented one (docs/validation-rules.md, group "known values").
 */
import { KNOWN_CLOUD_STORAGE_TYPES, KNOWN_FORMATS, KNOWN_HTTP_METHODS } from "./adapters";
import type { PathIssue } from "./issues";
import { closestName } from "./names";

const KNOWN_VALUES: Record<string, readonly string[]> = {
  format: KNOWN_FORMATS,
  cloudStorageType: KNOWN_CLOUD_STORAGE_TYPES,
  method: KNOWN_HTTP_METHODS,
};

/** The warnings for the intake and output settings (each undefined when not an object). */
export function knownValueWarnings(
  intake: Record<string, unknown> | undefined,
  output: Record<string, unknown> | undefined,
): PathIssue[] {
  const issues: PathIssue[] = [];
  for (const [section, adapter] of [
    ["intakeSettings", intake],
    ["outputSettings", output],
  ] as const) {
    if (!adapter) continue;
    for (const [field, known] of Object.entries(KNOWN_VALUES)) {
      const value = adapter[field];
      if (typeof value !== "string" || value === "" || known.includes(value)) continue;
      const close = closestName(value, known);
      issues.push({
        severity: "warning",
        path: [section, field],
        message:
          `${JSON.stringify(value)} is not a value DataRobot documents (${known.map((k) => JSON.stringify(k)).join(", ")}); it is sent as written — ` +
          (close ? `did you mean ${JSON.stringify(close)}?` : "check that your DataRobot supports it"),
      });
    }
  }
  return issues;
}
