/**
 * validateInputs: the one entry point the provider's `check` uses. Returns the canonical value, or every problem at
 * once as {path: "intakeSettings.url", message: "..."}.
 */
import { canonicalFromInputs, CanonicalJobDefinition, withoutEngineKeys } from "./canonical";
import { crossFieldIssues } from "./cross-field";
import { JobDefinitionFieldsSchema } from "./inputs";
import { guardIssues, guardWarnings } from "./guards";
import { flattenIssues } from "./flatten";
import type { PathIssue } from "./issues";
import { makeErrorMap } from "./messages";
import { quickAccepts } from "./fast-validation";
import { formatPath } from "./paths";
import { isNonArrayObject } from "../values";
import { isUnknown, stripUnknowns } from "./sentinel";

export interface ValidationIssue {
  /** `intakeSettings.url`, `schedule.hour[2]`; "" for the body as a whole. */
  path: string;
  /** What is wrong, then (after " — ") how to fix it. Never contains secrets' values. */
  message: string;
}

/**
 * `issues` block; `warnings` never do (a likely mistake no source says DataRobot rejects, or a field this package does
 * not know, which is sent as written). Both name the property path.
 */
export type ValidationResult =
  | { ok: true; value: CanonicalJobDefinition; warnings: ValidationIssue[] }
  | { ok: false; issues: ValidationIssue[]; warnings: ValidationIssue[] };

export interface ValidateOptions {
  /**
   * Accept the preview sentinel (UNKNOWN_SENTINEL) in any field: unknown values are skipped, everything known is
   * still checked. The returned canonical value keeps the sentinels where they were.
   */
  allowUnknowns?: boolean;
  /** The caller has already found no hostile shape in these inputs (guards.ts `guardIssues`): not walked again. */
  guarded?: boolean;
}

/** A valid result; its canonical value is computed when read (`check` itself needs only the verdict and warnings). */
function valid(clean: unknown, warnings: ValidationIssue[]): ValidationResult {
  let value: CanonicalJobDefinition | undefined;
  return {
    ok: true,
    get value() {
      return (value ??= canonicalFromInputs(clean));
    },
    warnings,
  };
}

function structureIssues(value: unknown): PathIssue[] {
  const parsed = JobDefinitionFieldsSchema.safeParse(value, { errorMap: makeErrorMap(value) });
  return parsed.success ? [] : flattenIssues(parsed.error.issues, value);
}

export function validateInputs(inputs: unknown, options: ValidateOptions = {}): ValidationResult {
  if (options.allowUnknowns && isUnknown(inputs)) return valid(inputs, []);
  if (!isNonArrayObject(inputs)) {
    return {
      ok: false,
      issues: [
        {
          path: "",
          message:
            'must be an object with the job definition fields — e.g. {deploymentId: "...", intakeSettings: {type: "s3", url: "s3://bucket/input.csv"}}',
        },
      ],
      warnings: [],
    };
  }
  // Hostile shapes (prototype keys, Infinity, control characters, deep nesting) are reported before zod sees them:
  // zod would drop or misplace some, and must not walk a value thousands of levels deep.
  const guarded = options.guarded ? [] : guardIssues(inputs);
  if (guarded.length > 0) {
    return {
      ok: false,
      issues: guarded.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
      warnings: [],
    };
  }
  // Keys the Pulumi engine adds (`__provider`) are not fields of the definition.
  const clean = withoutEngineKeys(inputs);
  const stripped = options.allowUnknowns
    ? stripUnknowns(clean)
    : { value: clean, toOriginalPath: (p: PathIssue["path"]) => p, isUnderUnknown: () => false };
  if (stripped.value === undefined) return valid(clean, []);

  // Structure first, then the cross-field rules, run directly rather than as the schema's refinement: zod skips a
  // refinement as soon as one field fails (we want every problem at once), and the rules must know what is unknown.
  // Only zod's issues are read, so well-formed inputs (the schema's compiled predicate says so) need no zod walk.
  const found: PathIssue[] = quickAccepts(JobDefinitionFieldsSchema, stripped.value)
    ? []
    : structureIssues(stripped.value);
  found.push(...crossFieldIssues(stripped.value, { isUnknown: stripped.isUnderUnknown }));
  if (isNonArrayObject(stripped.value)) found.push(...guardWarnings(stripped.value));

  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  for (const issue of found) {
    const originalPath = stripped.toOriginalPath(issue.path);
    if (stripped.isUnderUnknown(originalPath)) continue;
    const formatted = { path: formatPath(originalPath), message: issue.message };
    const key = `${formatted.path}\u0000${formatted.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (issue.severity === "warning" ? warnings : issues).push(formatted);
  }
  if (issues.length > 0) return { ok: false, issues, warnings };
  return valid(clean, warnings);
}
