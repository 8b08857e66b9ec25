/**
 * A fast yes for the common case of a zod schema: `quickAccepts(schema)` compiles the schema, once, into a plain
 * predicate that says `true` only where zod certainly accepts the value *and* would give back the same value. Anything
 * else (a value zod rejects, or a schema construct the compiler does not handle: transforms, defaults, stripped
 * fields) is `false`, and the caller asks zod itself, for its verdict and its messages.
 *
 * Why: the provider parses every DataRobot answer with the lenient response schemas (responses.ts) and validates the
 * program's inputs in every `check` (inputs.ts), and zod's generic walk (copying every object, building every
 * discarded issue of a union) was the largest part of a read and of a check in the provider process. The schema stays
 * the one home of what a value must look like; this only reads it.
 *
 * Handled: object (passthrough or strict, never strip: zod would drop keys), string (length and pattern checks),
 * number (integer, bounds and finiteness checks; zod rejects NaN), boolean, literal, enum, array (with length
 * checks), union, discriminated union, record of string keys, optional, nullable, unknown, any, and refinements
 * (`refine`, `superRefine`, `z.custom`): the predicate runs the refinement itself, on a value the inner schema
 * accepted, as zod does, and a refinement that reports an issue, throws or answers with a promise is a `false`.
 * Refinements of a schema compiled here must therefore be pure: one may run twice (the fast path, then zod).
 */
import type { z } from "zod";
import { isObjectLiteral } from "../values";

type Predicate = (value: unknown) => boolean;

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
  const def = schema._def as Def;
  let predicate: Predicate;
  switch (def.typeName) {
    case "ZodString":
      predicate = def.coerce === true ? NEVER : withChecks((value) => typeof value === "string", def.checks, STRING);
      break;
    case "ZodNumber":
      predicate =
        def.coerce === true
          ? NEVER
          : withChecks((value) => typeof value === "number" && !Number.isNaN(value), def.checks, NUMBER);
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
    case "ZodEnum": {
      const values = new Set<unknown>(def.values as string[]);
      predicate = (value) => typeof value === "string" && values.has(value);
      break;
    }
    case "ZodArray": {
      const item = compile(def.type as z.ZodTypeAny);
      const min = (def.minLength as Bound)?.value ?? 0;
      const max = (def.maxLength as Bound)?.value ?? Infinity;
      const exact = (def.exactLength as Bound)?.value;
      predicate = (value) =>
        Array.isArray(value) &&
        value.length >= min &&
        value.length <= max &&
        (exact === undefined || value.length === exact) &&
        value.every((element) => item(element));
      break;
    }
    case "ZodUnion": {
      const options = (def.options as z.ZodTypeAny[]).map(compile);
      predicate = (value) => options.some((option) => option(value));
      break;
    }
    case "ZodDiscriminatedUnion": {
      const key = def.discriminator as string;
      const options = new Map<unknown, Predicate>();
      for (const [tag, option] of def.optionsMap as Map<unknown, z.ZodTypeAny>) options.set(tag, compile(option));
      predicate = (value) => {
        if (!isObjectLiteral(value)) return false;
        const option = options.get(value[key]);
        return option !== undefined && option(value);
      };
      break;
    }
    case "ZodEffects":
      predicate = compileEffect(def);
      break;
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
      predicate = NEVER; // defaults, transforms, intersections...: zod decides
  }
  compiled.set(schema, predicate);
  return predicate;
}

interface Bound {
  value: number;
}

/** A check of zod's (`{kind: "min", value: 1}`) as a predicate on a value of its type, undefined if not handled here. */
type CheckCompiler = (check: Record<string, unknown>) => Predicate | undefined;

/** zod measures a string's length in UTF-16 units (`.length`) and resets a pattern's `lastIndex` before testing. */
const STRING: CheckCompiler = (check) => {
  const bound = check.value as number;
  switch (check.kind) {
    case "min":
      return (value) => (value as string).length >= bound;
    case "max":
      return (value) => (value as string).length <= bound;
    case "length":
      return (value) => (value as string).length === bound;
    case "regex": {
      const pattern = check.regex as RegExp;
      return (value) => {
        pattern.lastIndex = 0;
        return pattern.test(value as string);
      };
    }
    default:
      return undefined; // formats (url, email...), trims and case changes (which change the value): zod decides
  }
};

const NUMBER: CheckCompiler = (check) => {
  const bound = check.value as number;
  switch (check.kind) {
    case "int":
      return (value) => Number.isInteger(value);
    case "finite":
      return (value) => Number.isFinite(value);
    case "min":
      return check.inclusive ? (value) => (value as number) >= bound : (value) => (value as number) > bound;
    case "max":
      return check.inclusive ? (value) => (value as number) <= bound : (value) => (value as number) < bound;
    default:
      return undefined; // multipleOf (zod's own float arithmetic): zod decides
  }
};

function withChecks(base: Predicate, checks: unknown, compileCheck: CheckCompiler): Predicate {
  const list = (Array.isArray(checks) ? checks : []) as Record<string, unknown>[];
  const predicates: Predicate[] = [];
  for (const check of list) {
    const predicate = compileCheck(check);
    if (!predicate) return NEVER;
    predicates.push(predicate);
  }
  if (predicates.length === 0) return base;
  return (value) => base(value) && predicates.every((predicate) => predicate(value));
}

/**
 * A refinement runs, as in zod, on a value its inner schema accepted (here: the same value); any issue it adds makes
 * the answer `false`. Transforms and preprocessing change the value: zod decides.
 */
function compileEffect(def: Def): Predicate {
  const effect = def.effect as { type: string; refinement?: (value: unknown, ctx: unknown) => unknown };
  if (effect.type !== "refinement" || typeof effect.refinement !== "function") return NEVER;
  const refinement = effect.refinement;
  const inner = compile(def.schema as z.ZodTypeAny);
  return (value) => {
    if (!inner(value)) return false;
    let clean = true;
    const ctx = {
      addIssue: () => {
        clean = false;
      },
      path: [],
    };
    try {
      if (refinement(value, ctx) instanceof Promise) return false;
    } catch {
      return false;
    }
    return clean;
  };
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
