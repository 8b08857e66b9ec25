/**
 * Guards against hostile or careless input that the zod structure cannot see, run on the raw value before it:
 *
 *  - prototype keys (`__proto__`, `constructor`, `prototype`) anywhere. zod and the Pulumi runtime treat them
 *    inconsistently (dropped, or merged into the object's prototype so that they show up under another name), so they
 *    are found on the raw value: own property names, plus any object whose prototype is not a plain object's (which
 *    is what assigning a `__proto__` key while deserializing leaves behind);
 *  - numbers that JSON cannot carry (Infinity, NaN): they would be sent as `null` while state keeps them, a diff
 *    on every `up`;
 *  - control and bidirectional-override characters in names and host names (NUL truncates in C code, CR/LF splits
 *    headers and logs, U+202E makes a name read differently from what it is);
 *  - nesting deeper than MAX_DEPTH and payloads larger than MAX_PAYLOAD_BYTES of JSON (free-form settings such as
 *    `timeseriesSettings.forecastPointPolicy.configuration` accept any object: a 5000-deep one crashes servers).
 *
 * Every issue names the property path; values are never echoed whole (see `cut`).
 */
import type { PathIssue } from "./issues";
import { isUnknown } from "./sentinel";
import { formatPath, type Path } from "./paths";
export { formatPath };

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
/** Deepest accepted nesting of objects and arrays (the top-level object is depth 1). */
export const MAX_DEPTH = 32;
/** Largest accepted definition, as JSON. DataRobot definitions are a few kilobytes. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Longest part of a user's value quoted in a message. */
export const MAX_QUOTED = 80;

/** C0 and C1 controls, DEL, and the bidirectional embedding/override/isolate characters. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Paths of strings that name things (shown in UIs and logs, sent in headers): no control characters. */
export const NAME_PATHS: readonly Path[] = [["name"], ["predictionInstance", "hostName"]];

/** A value for a message: JSON, at most MAX_QUOTED characters, with control characters escaped. */
export function cut(value: unknown, max = MAX_QUOTED): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length <= max) return text;
  return `${text.slice(0, max - 3)}... (${text.length} characters)`;
}

/** A string with control characters escaped (`\u0000`), for messages and logs. */
export function describeControlCharacter(text: string): string | undefined {
  const match = CONTROL_CHARACTERS.exec(text);
  if (!match) return undefined;
  return `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

const ALL_CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTERS.source, "g");

/**
 * The text with every control or bidirectional-override character written visibly as `\uXXXX`: what a server says
 * (an ANSI escape `\u001b[31m`, a carriage return that rewrites a terminal line, U+202E that reverses what follows)
 * can then neither drive a terminal nor disguise itself in a log, a JSON document or a Markdown review.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(
    ALL_CONTROL_CHARACTERS,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Whether `value` has the prototype of a plain object (or array, or none). Realm-independent: values may come from
 * another realm (a vm context, Jest's sandbox), whose `Object.prototype` is another object, but is always the end of
 * its chain. A `__proto__` key assigned while deserializing leaves a prototype that is itself a plain object.
 */
function isPlainPrototype(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

const PROTOTYPE_KEY_HINT = "is not allowed as a key (it can change the prototype of objects); rename or remove it";

interface Walk {
  issues: PathIssue[];
  tooDeep: boolean;
}

function walk(value: unknown, path: Path, depth: number, state: Walk): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      state.issues.push({ path, message: `must be a finite number (got ${String(value)})` });
    }
    return;
  }
  if (value === null || typeof value !== "object" || isUnknown(value)) return;
  if (depth > MAX_DEPTH) {
    if (!state.tooDeep) {
      state.issues.push({
        path,
        message: `is nested too deeply: at most ${MAX_DEPTH} levels of objects and arrays are accepted`,
      });
    }
    state.tooDeep = true;
    return;
  }
  if (!isPlainPrototype(value)) {
    // What a `__proto__` key becomes once assigned while deserializing: the key is gone, the object's prototype changed.
    state.issues.push({ path: [...path, "__proto__"], message: PROTOTYPE_KEY_HINT });
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, [...path, index], depth + 1, state));
    return;
  }
  for (const key of Object.getOwnPropertyNames(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      state.issues.push({ path: [...path, key], message: PROTOTYPE_KEY_HINT });
      continue;
    }
    walk((value as Record<string, unknown>)[key], [...path, key], depth + 1, state);
  }
}

function stringAt(root: Record<string, unknown>, path: Path): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function jsonSize(value: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? "");
  } catch {
    return undefined; // cyclic: only possible from a program, and reported by the depth limit
  }
}

/** The guard issues of a raw payload (the object the user wrote), in walk order; [] when it is clean. */
export function guardIssues(payload: Record<string, unknown>): PathIssue[] {
  const state: Walk = { issues: [], tooDeep: false };
  walk(payload, [], 1, state);
  for (const path of NAME_PATHS) {
    const value = stringAt(payload, path);
    if (typeof value !== "string") continue;
    const character = describeControlCharacter(value);
    if (character) {
      state.issues.push({
        path,
        message: `must not contain control or bidirectional-override characters (found ${character}); use printable text only`,
      });
    }
  }
  if (!state.tooDeep) {
    const size = jsonSize(payload);
    if (size !== undefined && size > MAX_PAYLOAD_BYTES) {
      state.issues.push({
        path: [],
        message: `the definition is ${size} bytes of JSON; at most ${MAX_PAYLOAD_BYTES} bytes (1 MB) are accepted`,
      });
    }
  }
  return state.issues;
}

/**
 * A program's raw arguments made safe to hand to Pulumi's serialization, with what had to be left out: prototype
 * keys (serialization would drop them or turn them into prototypes) and values nested deeper than MAX_DEPTH (its
 * recursion overflows the stack on a few thousand levels). Only plain objects and arrays are walked: Outputs,
 * Promises and resources are kept as they are. Returns `args` itself when nothing had to be left out.
 */
export function sanitizeProgramArgs<T>(args: T): { args: T; problems: string[] } {
  const problems: string[] = [];
  const visit = (value: unknown, path: Path, depth: number): unknown => {
    if (value === null || typeof value !== "object") return value;
    const isArray = Array.isArray(value);
    if (!isArray && !isPlainPrototype(value)) return value; // an Output, a Promise, a resource: kept as they are
    if (depth > MAX_DEPTH) {
      problems.push(
        `${formatPath(path)}: is nested too deeply: at most ${MAX_DEPTH} levels of objects and arrays are accepted`,
      );
      return null;
    }
    if (isArray) return (value as unknown[]).map((item, index) => visit(item, [...path, index], depth + 1));
    const out: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        problems.push(`${formatPath([...path, key])}: ${PROTOTYPE_KEY_HINT}`);
        continue;
      }
      out[key] = visit((value as Record<string, unknown>)[key], [...path, key], depth + 1);
    }
    return out;
  };
  const copy = visit(args, [], 1) as T;
  return problems.length > 0 ? { args: copy, problems } : { args, problems };
}
