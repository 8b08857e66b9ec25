/**
 * Free-text adapter fields with values DataRobot documents (format, cloudStorageType, method): no source closes
 * these lists, so any non-empty string is sent as written, and a value DataRobot does not document gets a warning,
 * with a "did you mean" when it is close to a documented one (docs/validation-rules.md, group "known values").
 */
import {
  INTAKE_TYPES,
  KNOWN_CLOUD_STORAGE_TYPES,
  KNOWN_FORMATS,
  KNOWN_HTTP_METHODS,
  OUTPUT_TYPES,
  STATEMENT_TYPES,
} from "./adapters";
import type { PathIssue } from "./issues";
import { closestName } from "./names";

const KNOWN_VALUES: Record<string, readonly string[]> = {
  format: KNOWN_FORMATS,
  cloudStorageType: KNOWN_CLOUD_STORAGE_TYPES,
  method: KNOWN_HTTP_METHODS,
  statementType: STATEMENT_TYPES,
};

/**
 * An adapter type this package does not know is sent as written (DataRobot adds adapters; no source says the server
 * rejects one a client does not know), with a warning naming the known types, so that a typo ("s4") is still caught.
 */
function unknownTypeWarning(section: "intakeSettings" | "outputSettings", type: unknown): PathIssue | undefined {
  const known = section === "intakeSettings" ? INTAKE_TYPES : OUTPUT_TYPES;
  if (typeof type !== "string" || type === "" || known.includes(type)) return undefined;
  const close = closestName(type, known);
  const kind = section === "intakeSettings" ? "an intake" : "an output";
  return {
    severity: "warning",
    path: [section, "type"],
    message:
      `${JSON.stringify(type)} is not ${kind} type this package knows (${known.map((k) => JSON.stringify(k)).join(", ")}); ` +
      "it is sent to DataRobot as written, with its other fields unchecked — " +
      (close
        ? `did you mean ${JSON.stringify(close)}?`
        : "check the type against DataRobot's intake/output options docs"),
  };
}

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
    const unknownType = unknownTypeWarning(section, adapter.type);
    if (unknownType) {
      issues.push(unknownType);
      continue;
    }
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
