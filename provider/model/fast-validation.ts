/**
 * A fast yes for the common case of a zod schema: `quickAccepts(schema)` compiles the schema, once, into a plain
 * predicate that says `true` only where zod certainly accepts the value *and* would give back the same value. Anything
 * else (a value zod rejects, or a schema construct the compiler does not handle: transforms, defaults, stripped or
 * checked fields) is `false`, and the caller asks zod itself, for its verdict and its messages.
 *
 * Why: the provider parses every DataRobot answer with the lenient response schemas (responses.ts), and zod's
 * generic walk (copying every object, building every issue) was the largest part of a write or a read in the
 * provider process. The schema stays the one home of what an answer must look like; this only reads it.
 *
 * Handled: object (passthrough or strict, never strip: zod would drop keys), string, number (zod rejects NaN),
 * boolean, literal, array (without length checks), union, record of string keys, optional, nullable, unknown, any,
 * and refinements made with `trustedRefinement`, whose predicate this module can run itself.
 */
import type { z } from "zod";
import { isObjectLiteral } from "../values";

type Predicate = (value: unknown) => boolean;

/** The predicate of each refinement made with `trustedRefinement`: what zod runs, and this module may run too. */
const REFINEMENTS = new WeakMap<object, Predicate>();

/** `z.custom(check, params)`, whose `check` the fast path may also run (it must be pure and must not throw). */
export function trustedRefinement<T>(
  zod: typeof z,
  check: (value: unknown) => value is T,
  params: { message: string },
): z.ZodType<T> {
  const schema = zod.custom<T>(check, params);
  REFINEMENTS.set(schema, check);
  return schema;
}

const compiled = new WeakMap<object, Predicate>();
const NEVER: Predicate = () => false;

interface Def {
  typeName?: string;
  checks?: unknown[];
  coerce?: boolean;
  [key: string]: unknown;
}

function compile(schema: z.ZodTypeAny): Predicate {
  const known = compiled.get(schema);
  if (known) return known;
  const refinement = REFINEMENTS.get(schema);
  if (refinement) return refinement;
  const def = schema._def as Def;
  const plain = (def.checks === undefined || def.checks.length === 0) && def.coerce !== true;
  let predicate: Predicate;
  switch (def.typeName) {
    case "ZodString":
      predicate = plain ? (value) => typeof value === "string" : NEVER;
      break;
    case "ZodNumber":
      predicate = plain ? (value) => typeof value === "number" && !Number.isNaN(value) : NEVER;
      break;
    case "ZodBoolean":
      predicate = def.coerce === true ? NEVER : (value) => typeof value === "boolean";
      break;
    case "ZodLiteral": {
      const literal = def.value;
      predicate = (value) => value === literal;
      break;
    }
    case "ZodUnknown":
    case "ZodAny":
      predicate = () => true;
      break;
    case "ZodOptional": {
      const inner = compile(def.innerType as z.ZodTypeAny);
      predicate = (value) => value === undefined || inner(value);
      break;
    }
    case "ZodNullable": {
      const inner = compile(def.innerType as z.ZodTypeAny);
      predicate = (value) => value === null || inner(value);
      break;
    }
    case "ZodArray": {
      if (def.minLength !== null || def.maxLength !== null || def.exactLength !== null) {
        predicate = NEVER;
        break;
      }
      const item = compile(def.type as z.ZodTypeAny);
      predicate = (value) => Array.isArray(value) && value.every((element) => item(element));
      break;
    }
    case "ZodUnion": {
      const options = (def.options as z.ZodTypeAny[]).map(compile);
      predicate = (value) => options.some((option) => option(value));
      break;
    }
    case "ZodRecord": {
      const key = compile(def.keyType as z.ZodTypeAny);
      const item = compile(def.valueType as z.ZodTypeAny);
      predicate = (value) => isObjectLiteral(value) && Object.keys(value).every((k) => key(k) && item(value[k]));
      break;
    }
    case "ZodObject":
      predicate = compileObject(def);
      break;
    default:
      predicate = NEVER; // effects, defaults, transforms, intersections...: zod decides
  }
  compiled.set(schema, predicate);
  return predicate;
}

function compileObject(def: Def): Predicate {
  const catchall = def.catchall as z.ZodTypeAny | undefined;
  const catchallName = (catchall?._def as Def | undefined)?.typeName;
  // "strip" (zod's default) gives back a different value (unknown keys dropped): zod must do it.
  if (def.unknownKeys === "strip" || catchallName !== "ZodNever") return NEVER;
  const strict = def.unknownKeys === "strict";
  const shape = (def.shape as () => Record<string, z.ZodTypeAny>)();
  const fields = Object.entries(shape).map(([key, field]) => [key, compile(field)] as const);
  const names = new Set(Object.keys(shape));
  return (value) => {
    if (!isObjectLiteral(value)) return false;
    for (const [key, check] of fields) if (!check(value[key])) return false;
    return !strict || Object.keys(value).every((key) => names.has(key));
  };
}

/** True only when zod accepts `value` with `schema` and would give back a value equal to it. */
export function quickAccepts(schema: z.ZodTypeAny, value: unknown): boolean {
  return compile(schema)(value);
}
