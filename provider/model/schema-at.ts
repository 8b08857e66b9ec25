/**
 * Finding the zod schema that applies at a place of an input, following unions by the actual values (the intake
 * type picks the intake member): which keys the object at a path may have, and which adapter types take a key.
 */
import { z } from "zod";
import { IntakeSettingsSchema, OutputSettingsSchema } from "./adapters";
import { JobDefinitionFieldsSchema } from "./inputs";
import { getAt, type Path } from "./paths";
import { unwrapSchema } from "./zod-unwrap";

/** The member of a union that applies to `value` (by discriminator, or by container kind). */
function resolveUnion(schema: z.ZodTypeAny, value: unknown): z.ZodTypeAny | undefined {
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const discriminator = getAt(value, [schema.discriminator]);
    return schema.optionsMap.get(discriminator as never) as z.ZodTypeAny | undefined;
  }
  if (schema instanceof z.ZodUnion) {
    const options = schema.options as z.ZodTypeAny[];
    const found = options
      .map(unwrapSchema)
      .find((o) => (Array.isArray(value) ? o instanceof z.ZodArray : !(o instanceof z.ZodArray)));
    // The open adapter unions (adapters.ts) hold the known types' discriminated union first: follow it by the type.
    return found instanceof z.ZodDiscriminatedUnion ? resolveUnion(found, value) : found;
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
export function otherAdapterTypesTaking(objectPath: Path, key: string): string | undefined {
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
