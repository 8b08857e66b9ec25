/**
 * The structural rules of the model (types, ranges, allowed values, id formats, required keys), read from the zod
 * schemas themselves so that docs/validation-rules.md cannot drift from what `validateInputs` enforces. rules.ts
 * gives each a severity and a source.
 */
import { z } from "zod";
import { JobDefinitionFieldsSchema } from "./inputs";
import { OBJECT_ID_PATTERN } from "./primitives";
import { withThousands } from "../values";

/** One structural fact about one field: its shape, or that it is required. */
export interface StructuralFact {
  /** Path pattern: `intakeSettings.url`, `schedule.hour[]` (list elements), `outputSettings.headers.*` (map values). */
  field: string;
  /** The adapter types it applies to, e.g. `intake "s3", "azure"`; undefined when it applies whatever the type. */
  when?: string;
  /** "required", or the value's shape: `an integer from 0 to 100`. */
  rule: string;
  kind: "required" | "shape";
  /** True when the shape constrains more than the type (a range, a list of values, a length, an id format). */
  constrained: boolean;
}

interface Described {
  text: string;
  constrained: boolean;
}

function unwrap(schema: z.ZodTypeAny): { schema: z.ZodTypeAny; nullable: boolean } {
  let nullable = false;
  for (;;) {
    if (schema instanceof z.ZodNullable) {
      nullable = true;
      schema = schema.unwrap();
    } else if (schema instanceof z.ZodOptional) schema = schema.unwrap();
    else if (schema instanceof z.ZodDefault) schema = schema.removeDefault();
    else if (schema instanceof z.ZodEffects) schema = schema.innerType();
    else return { schema, nullable };
  }
}

const quote = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

function numberRange(checks: z.ZodNumberCheck[]): string {
  const min = checks.find((c) => c.kind === "min");
  const max = checks.find((c) => c.kind === "max");
  const value = (c: z.ZodNumberCheck) => ("value" in c ? withThousands(c.value) : "");
  if (min && max) return ` from ${value(min)} to ${value(max)}`;
  if (min) return ` ≥ ${value(min)}`;
  if (max) return ` ≤ ${value(max)}`;
  return "";
}

/** A short English description of what a schema accepts. */
export function describeSchema(raw: z.ZodTypeAny): Described {
  const { schema, nullable } = unwrap(raw);
  const described = describeInner(schema);
  return nullable ? { ...described, text: `${described.text}, or null` } : described;
}

function describeInner(schema: z.ZodTypeAny): Described {
  if (schema instanceof z.ZodString) {
    const checks = schema._def.checks;
    if (checks.some((c) => c.kind === "regex" && c.regex.source === OBJECT_ID_PATTERN.source)) {
      return { text: "a DataRobot id (24 hex characters)", constrained: true };
    }
    const nonEmpty = checks.some((c) => c.kind === "min" && c.value === 1);
    return { text: nonEmpty ? "a non-empty string" : "a string", constrained: false };
  }
  if (schema instanceof z.ZodNumber) {
    const checks = schema._def.checks;
    const range = numberRange(checks);
    const integer = checks.some((c) => c.kind === "int");
    return { text: `${integer ? "an integer" : "a number"}${range}`, constrained: range !== "" };
  }
  if (schema instanceof z.ZodBoolean) return { text: "true or false", constrained: false };
  if (schema instanceof z.ZodEnum) return { text: `one of ${quote(schema.options as string[])}`, constrained: true };
  if (schema instanceof z.ZodLiteral) return { text: `exactly ${JSON.stringify(schema.value)}`, constrained: true };
  if (schema instanceof z.ZodArray) {
    const element = describeSchema(schema.element as z.ZodTypeAny);
    const min = schema._def.minLength?.value;
    const max = schema._def.maxLength?.value;
    const bounds = [min !== undefined ? `at least ${min}` : "", max !== undefined ? `at most ${max}` : ""]
      .filter(Boolean)
      .join(", ");
    return {
      text: `a list${bounds ? ` (${bounds} item${(max ?? min) === 1 ? "" : "s"})` : ""}, each item ${element.text}`,
      constrained: bounds !== "",
    };
  }
  if (schema instanceof z.ZodUnion) {
    const options = (schema.options as z.ZodTypeAny[]).map(describeSchema);
    return { text: options.map((o) => o.text).join(", or "), constrained: options.some((o) => o.constrained) };
  }
  if (schema instanceof z.ZodDiscriminatedUnion) {
    return { text: `an object, by its \`${String(schema.discriminator)}\``, constrained: false };
  }
  if (schema instanceof z.ZodObject) return { text: "an object", constrained: false };
  if (schema instanceof z.ZodRecord) {
    return { text: `a map of names to ${describeSchema(schema.valueSchema as z.ZodTypeAny).text}`, constrained: false };
  }
  if (schema instanceof z.ZodUnknown || schema instanceof z.ZodAny) return { text: "any value", constrained: false };
  return { text: schema._def.typeName.replace(/^Zod/, "").toLowerCase(), constrained: false };
}

/** The known types' union of an open adapter union (adapters.ts `openAdapterSchema`), else undefined. */
function openKnownUnion(schema: z.ZodTypeAny): z.ZodDiscriminatedUnion<string, z.AnyZodObject[]> | undefined {
  if (!(schema instanceof z.ZodUnion)) return undefined;
  const first = (schema.options as z.ZodTypeAny[])[0];
  return first instanceof z.ZodDiscriminatedUnion ? first : undefined;
}

interface Visit {
  field: string;
  /** Adapter types (of one discriminated union) this path is inside, e.g. `intake "s3"`. */
  variant?: { kind: string; type: string };
}

const SECTION_KIND: Record<string, string> = {
  intakeSettings: "intake",
  outputSettings: "output",
  timeseriesSettings: "time series",
};

function join(field: string, key: string): string {
  return field === "" ? key : `${field}.${key}`;
}

/** Every (path, shape) and (path, required) pair of the model, one per adapter type where it differs. */
function visitAll(): (StructuralFact & { variant?: Visit["variant"] })[] {
  const out: (StructuralFact & { variant?: Visit["variant"] })[] = [];
  const visit = (raw: z.ZodTypeAny, at: Visit) => {
    let { schema } = unwrap(raw);
    // An open adapter union (adapters.ts): the known types' discriminated union, or any other type.
    const open = openKnownUnion(schema);
    if (open) schema = open;
    const shape = open ? { text: "an object, by its `type`", constrained: false } : describeSchema(raw);
    out.push({ field: at.field, rule: shape.text, kind: "shape", constrained: shape.constrained, variant: at.variant });
    if (schema instanceof z.ZodDiscriminatedUnion) {
      const kind = SECTION_KIND[at.field] ?? "type";
      const types = [...schema.optionsMap.keys()].filter((t) => t !== undefined);
      // The discriminator once, with every allowed value, instead of one "exactly ..." per member.
      const discriminator = join(at.field, schema.discriminator as string);
      if (open) {
        out.push({ field: discriminator, rule: "a non-empty string", kind: "shape", constrained: false });
      } else {
        out.push({ field: discriminator, rule: `one of ${quote(types)}`, kind: "shape", constrained: true });
      }
      for (const [type, member] of schema.optionsMap.entries()) {
        // A member whose discriminator is optional (time series "forecast") is keyed by undefined as well.
        if (type === undefined) continue;
        visitObject(member as z.AnyZodObject, { field: at.field, variant: { kind, type: String(type) } }, [
          schema.discriminator as string,
        ]);
      }
    } else if (schema instanceof z.ZodObject) {
      visitObject(schema, at);
    } else if (schema instanceof z.ZodArray) {
      visitElement(schema.element as z.ZodTypeAny, { ...at, field: `${at.field}[]` });
    } else if (schema instanceof z.ZodRecord) {
      visitElement(schema.valueSchema as z.ZodTypeAny, { ...at, field: `${at.field}.*` });
    } else if (schema instanceof z.ZodUnion) {
      // A field with several forms (a map or a list): each form's inner fields, by their own paths.
      for (const option of schema.options as z.ZodTypeAny[]) {
        const inner = unwrap(option).schema;
        if (inner instanceof z.ZodArray) visitElement(inner.element as z.ZodTypeAny, { ...at, field: `${at.field}[]` });
        if (inner instanceof z.ZodRecord)
          visitElement(inner.valueSchema as z.ZodTypeAny, { ...at, field: `${at.field}.*` });
      }
    }
  };
  const visitElement = (element: z.ZodTypeAny, at: Visit) => visit(element, at);
  const visitObject = (object: z.AnyZodObject, at: Visit, discriminators: string[] = []) => {
    for (const [key, child] of Object.entries(object.shape as Record<string, z.ZodTypeAny>)) {
      const field = join(at.field, key);
      if (!child.isOptional()) {
        out.push({ field, rule: "required", kind: "required", constrained: false, variant: at.variant });
      }
      if (!discriminators.includes(key)) visit(child, { field, variant: at.variant });
    }
  };
  visitObject(JobDefinitionFieldsSchema, { field: "" });
  return out;
}

/**
 * The structural facts, merged across adapter types: `intakeSettings.url` "a non-empty string" for intake "s3",
 * "azure", "gcp", "http" is one fact. In schema order.
 */
export function structuralFacts(): StructuralFact[] {
  const facts = visitAll();
  // Every type of each kind of adapter: a fact that holds for all of them needs no "when".
  const allTypes = new Map<string, Set<string>>();
  for (const fact of facts) {
    if (fact.variant)
      allTypes.set(fact.variant.kind, (allTypes.get(fact.variant.kind) ?? new Set()).add(fact.variant.type));
  }
  const merged = new Map<string, StructuralFact & { types: string[]; variantKind?: string }>();
  for (const fact of facts) {
    const key = `${fact.field}\u0000${fact.kind}\u0000${fact.rule}`;
    const existing = merged.get(key);
    if (existing) {
      if (fact.variant) existing.types.push(fact.variant.type);
      else existing.types = []; // applies whatever the type
      continue;
    }
    merged.set(key, {
      field: fact.field,
      rule: fact.rule,
      kind: fact.kind,
      constrained: fact.constrained,
      types: fact.variant ? [fact.variant.type] : [],
      variantKind: fact.variant?.kind,
    });
  }
  return [...merged.values()].map(({ types, variantKind, ...fact }) => {
    const distinct = [...new Set(types)];
    const everyType = variantKind !== undefined && distinct.length === allTypes.get(variantKind)?.size;
    return distinct.length > 0 && !everyType ? { ...fact, when: `${variantKind} ${quote(distinct)}` } : fact;
  });
}
