/**
 * Turning zod issues into messages a person can act on: what is wrong, then how to fix it.
 *
 * zod's own texts ("Required", "Expected string, received number") name neither the adapter type nor the fix, so
 * `validateInputs` parses with the error map built here. It knows the whole input, so a missing `url` can say
 * `required for intake type "s3" — set it to the S3 URL to score, e.g. "s3://bucket/input.csv"`.
 * Explicit messages written in the schemas (refinements, cross-field rules) are kept as they are.
 */
import { z, ZodIssue } from "zod";
import { INTAKE_TYPES, IntakeSettingsSchema, OUTPUT_TYPES, OutputSettingsSchema } from "./adapters";
import { hintFor, TYPE_HINTS } from "./hints";
import { JobDefinitionFieldsSchema } from "./inputs";
import { closestName } from "./names";
import { getAt, Path } from "./paths";
import { TIMESERIES_TYPES } from "./settings";
import { unwrapSchema } from "./zod-unwrap";

const ADAPTER_SECTIONS: Record<string, { kind: string; types: string[] }> = {
  intakeSettings: { kind: "intake", types: INTAKE_TYPES },
  outputSettings: { kind: "output", types: OUTPUT_TYPES },
  timeseriesSettings: { kind: "time series", types: TIMESERIES_TYPES },
};

/** ` for intake type "s3"` when the path lies inside an adapter whose type is known, else "". */
function adapterContext(root: unknown, path: Path): { label: string; type?: string } {
  const section = typeof path[0] === "string" ? ADAPTER_SECTIONS[path[0]] : undefined;
  if (!section || path.length < 2) return { label: "" };
  const type = getAt(root, [path[0], "type"]) ?? (path[0] === "timeseriesSettings" ? "forecast" : undefined);
  if (typeof type !== "string" || !section.types.includes(type)) return { label: "" };
  return { label: ` for ${section.kind} type "${type}"`, type };
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const withHint = (text: string, hint: string | undefined) => (hint ? `${text} — ${hint}` : text);

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** The error map for one validation run over `root` (the input being validated). */
export function makeErrorMap(root: unknown): z.ZodErrorMap {
  return (issue, ctx) => {
    const { label, type } = adapterContext(root, issue.path);
    const hint = hintFor(issue.path, type);
    switch (issue.code) {
      case z.ZodIssueCode.invalid_type:
        if (issue.received === "undefined") return { message: withHint(`required${label}`, hint ?? "set it") };
        return {
          message: withHint(
            `must be ${article(issue.expected)}, not ${issue.received}`,
            hint ?? TYPE_HINTS[issue.expected],
          ),
        };
      case z.ZodIssueCode.invalid_literal:
        return { message: withHint(`must be ${JSON.stringify(issue.expected)}, not ${preview(ctx.data)}`, hint) };
      case z.ZodIssueCode.invalid_enum_value:
        return {
          message: `${preview(issue.received)} is not allowed${label} — use one of: ${issue.options.map((o) => JSON.stringify(o)).join(", ")}`,
        };
      case z.ZodIssueCode.invalid_union_discriminator: {
        const section = ADAPTER_SECTIONS[String(issue.path[0])];
        const kind = section ? `${section.kind} type` : "type";
        const options = issue.options.filter((o) => o !== undefined).map((o) => JSON.stringify(o));
        const given = getAt(ctx.data, ["type"]);
        const what =
          given === undefined ? `required — choose the ${kind}` : `${preview(given)} is not a supported ${kind}`;
        return { message: `${what}; use one of: ${options.join(", ")}` };
      }
      case z.ZodIssueCode.too_small:
        if (issue.type === "string" && issue.minimum === 1)
          return { message: withHint("must not be empty", hint ?? "set a value, or remove the field") };
        if (issue.type === "array")
          return {
            message: withHint(`must list at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`, hint),
          };
        return {
          message: withHint(
            `${preview(ctx.data)} is too small: must be ${issue.inclusive ? "at least" : "more than"} ${issue.minimum}`,
            hint,
          ),
        };
      case z.ZodIssueCode.too_big:
        if (issue.type === "array") return { message: withHint(`must list at most ${issue.maximum} items`, hint) };
        return {
          message: withHint(
            `${preview(ctx.data)} is too large: must be ${issue.inclusive ? "at most" : "less than"} ${issue.maximum}`,
            hint,
          ),
        };
      case z.ZodIssueCode.invalid_string:
        if (issue.validation === "regex")
          return {
            message: withHint(`${preview(ctx.data)} is not a valid DataRobot id`, hint ?? "use 24 hex characters"),
          };
        return { message: withHint(ctx.defaultError, hint) };
      case z.ZodIssueCode.invalid_union:
        return { message: withHint(`${preview(ctx.data)} is not valid`, hint) };
      case z.ZodIssueCode.custom:
        return { message: ctx.defaultError };
      default:
        return { message: withHint(ctx.defaultError, hint) };
    }
  };
}

/** The member of a union that applies to `value` (by discriminator, or by container kind). */
function resolveUnion(schema: z.ZodTypeAny, value: unknown): z.ZodTypeAny | undefined {
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const discriminator = getAt(value, [schema.discriminator]);
    return schema.optionsMap.get(discriminator as never) as z.ZodTypeAny | undefined;
  }
  if (schema instanceof z.ZodUnion) {
    const options = schema.options as z.ZodTypeAny[];
    return options
      .map(unwrapSchema)
      .find((o) => (Array.isArray(value) ? o instanceof z.ZodArray : !(o instanceof z.ZodArray)));
  }
  return schema;
}

/** The object schema that validates the object at `path` inside `root` (following unions by the actual values). */
export function objectSchemaAt(root: unknown, path: Path): z.AnyZodObject | undefined {
  let schema: z.ZodTypeAny | undefined = JobDefinitionFieldsSchema;
  for (let i = 0; i <= path.length && schema; i++) {
    schema = resolveUnion(unwrapSchema(schema), getAt(root, path.slice(0, i)));
    if (!schema || i === path.length) break;
    schema = unwrapSchema(schema);
    const segment = path[i];
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodTypeAny>)[String(segment)];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodTypeAny;
    else if (schema instanceof z.ZodRecord) schema = schema.valueSchema as z.ZodTypeAny;
    else schema = undefined;
  }
  const found = schema ? unwrapSchema(schema) : undefined;
  return found instanceof z.ZodObject ? found : undefined;
}

/** The adapter types (of the same section) whose schema has `key`, e.g. `"s3", "jdbc"`; undefined when none. */
function otherAdapterTypesTaking(objectPath: Path, key: string): string | undefined {
  if (objectPath.length !== 1) return undefined;
  const union =
    objectPath[0] === "intakeSettings"
      ? IntakeSettingsSchema
      : objectPath[0] === "outputSettings"
        ? OutputSettingsSchema
        : undefined;
  if (!union) return undefined;
  const types = [...union.optionsMap.entries()]
    .filter(([, member]) => key in (member as z.AnyZodObject).shape)
    .map(([type]) => JSON.stringify(type));
  return types.length > 0 ? types.slice(0, 4).join(", ") + (types.length > 4 ? ", …" : "") : undefined;
}

/**
 * An unknown key: a likely typo of a known field (close to one) is an error with a "did you mean"; a key far from any
 * known one is taken as deliberate (a field DataRobot added after this release) and passes with a warning.
 */
function unknownKeyIssue(root: unknown, objectPath: Path, key: string): PathIssue {
  const { label } = adapterContext(root, [...objectPath, key]);
  const allowed = Object.keys(objectSchemaAt(root, objectPath)?.shape ?? {});
  const close = closestName(key, allowed);
  const path = [...objectPath, key];
  if (!close) {
    const elsewhere = otherAdapterTypesTaking(objectPath, key);
    return {
      path,
      severity: "warning",
      message: elsewhere
        ? `not a field${label} (intake/output types ${elsewhere} take it) — it is sent to DataRobot as written; remove it unless DataRobot documents it for this type`
        : `not a field this package knows${label} — it is sent to DataRobot as written (a newer DataRobot field?); check its spelling against DataRobot's API docs`,
    };
  }
  const where = objectPath.length === 0 ? "" : label || "";
  return {
    path,
    message: `unknown field${where} — remove it or use one of: ${allowed.join(", ")}. Did you mean "${close}"?`,
  };
}

export interface PathIssue {
  path: Path;
  message: string;
  /** Errors block (the default); warnings are shown and the value is sent as written. */
  severity?: "error" | "warning";
}

/**
 * Flattens zod issues into one issue per problem, each at the most precise path:
 * - an `invalid_union` whose value matched the kind of one member (e.g. the list form of columnNamesRemapping) is
 *   replaced by that member's own issues, which point inside the value;
 * - `unrecognized_keys` becomes one issue per unknown key, at that key's path (an error or a warning, see
 *   unknownKeyIssue).
 */
export function flattenIssues(issues: readonly ZodIssue[], root: unknown): PathIssue[] {
  const out: PathIssue[] = [];
  for (const issue of issues) {
    if (issue.code === z.ZodIssueCode.invalid_union) {
      const atSelf = (i: ZodIssue) =>
        i.path.length === issue.path.length &&
        (i.code === "invalid_type" || i.code === "invalid_literal" || i.code === "invalid_enum_value");
      const matching = issue.unionErrors.find((error) => !error.issues.some(atSelf));
      if (matching) {
        out.push(...flattenIssues(matching.issues, root));
        continue;
      }
    }
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) out.push(unknownKeyIssue(root, issue.path, key));
      continue;
    }
    out.push({ path: issue.path, message: issue.message });
  }
  return out;
}
