/**
 * How a create/PATCH body is interpreted where DataRobot's behaviour is unknown (docs/datarobot-api.md §6, §13; each a
 * config knob): what `null` in a write means (`nullInWrite`), what happens to unknown keys (`unknownFields`), and what
 * a PATCH that carries job-spec keys does to the keys it omits (`patchSemantics`).
 */
import { HttpError, isPlainObject } from "../http/router";
import { SPEC_KEYS, TOP_LEVEL_KEYS, withoutUnknownKeys, type FieldErrors, type ValidationRules } from "./validation";

export type PatchSemantics = "merge" | "replace-spec" | "fill-defaults";
export type NullInWrite = "clear" | "reject" | "ignore";

/**
 * The defaults of DataRobot's OpenAPI *update* schema for the job definition (the generated R client sends them on
 * every PATCH). Under "fill-defaults" a PATCH carrying any job-spec key resets each of these it omits.
 */
export const UPDATE_SCHEMA_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze({
  abortOnError: true,
  disableRowLevelErrorHandling: false,
  includePredictionStatus: false,
  includeProbabilities: true,
  includeProbabilitiesClasses: [],
  maxExplanations: 0,
  skipDriftTracking: false,
});

/** Keys whose nulls are meaningful values, not "unset" (a remapping entry with outputName null removes a column). */
const NULL_IS_A_VALUE = new Set(["columnNamesRemapping"]);

/** Dotted paths of the nulls in a body: top-level keys and the keys of nested objects. */
export function nullPaths(body: Record<string, unknown>): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (value === null) paths.push(key);
    else if (isPlainObject(value) && !NULL_IS_A_VALUE.has(key)) {
      for (const [inner, innerValue] of Object.entries(value)) if (innerValue === null) paths.push(`${key}.${inner}`);
    }
  }
  return paths;
}

/** The body with every null treated as an absent key (nullInWrite "ignore"). */
function withoutNulls(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === null) continue;
    out[key] =
      isPlainObject(value) && !NULL_IS_A_VALUE.has(key)
        ? Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== null))
        : value;
  }
  return out;
}

export interface WriteRules extends ValidationRules {
  nullInWrite: NullInWrite;
}

/**
 * The body as this server reads it: nulls rejected (422 naming each field) or dropped, unknown keys dropped under
 * "ignore". Under the defaults ("clear", "reject") the body is returned unchanged.
 */
export function interpretBody(body: Record<string, unknown>, rules: WriteRules): Record<string, unknown> {
  let out = body;
  if (rules.nullInWrite === "reject") {
    const errors: FieldErrors = {};
    for (const path of nullPaths(body))
      errors[path] = "null is not allowed; leave the field out of the request to keep its value";
    if (Object.keys(errors).length) throw new HttpError(422, "Invalid field data", errors);
  } else if (rules.nullInWrite === "ignore") out = withoutNulls(out);
  if (rules.unknownFields === "ignore") out = withoutUnknownKeys(out);
  return out;
}

/** Whether a PATCH body touches the job spec at all (name / enabled / schedule alone never do). */
export function carriesSpecKeys(body: Record<string, unknown>, storeUnknown: boolean): boolean {
  return Object.keys(body).some((key) => SPEC_KEYS.includes(key) || (storeUnknown && !TOP_LEVEL_KEYS.includes(key)));
}

/**
 * The stored spec a PATCH starts from, before its own keys are applied: the stored spec ("merge"), the create-time
 * defaults ("replace-spec"), or the stored spec with the update-schema defaults written over every one of them the
 * body omits ("fill-defaults").
 */
export function patchBase(
  stored: Record<string, unknown>,
  body: Record<string, unknown>,
  semantics: PatchSemantics,
  createDefaults: Record<string, unknown>,
): Record<string, unknown> {
  if (semantics === "replace-spec") return structuredClone(createDefaults);
  const base = structuredClone(stored);
  if (semantics === "fill-defaults") {
    for (const [key, value] of Object.entries(UPDATE_SCHEMA_DEFAULTS)) {
      if (!(key in body)) base[key] = structuredClone(value);
    }
  }
  return base;
}
