/**
 * Small helpers about JavaScript values, with no knowledge of DataRobot: the model, the client, the runner, the
 * native plugin and the SDK all use them. They live here, below every folder, so that no folder has to import a
 * domain file of another (the model's paths, its guards) for a type test or a quoted value. This file imports nothing.
 */

/** Longest part of a user's value quoted in a message. */
export const MAX_QUOTED = 80;

/**
 * Any object that is not an array: a JSON object, but also a class instance, a Map or an Output. What a parsed JSON
 * value or an engine property bag can be tested with; use `isObjectLiteral` where a class instance must not be walked.
 */
export function isNonArrayObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * An object literal (plain prototype): unlike `isNonArrayObject`, an Output or a Resource is not walked into. One of
 * any realm counts (a test's, a `vm` context's): its prototype is that realm's Object.prototype, whose own is null.
 */
export function isObjectLiteral(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** A promise or any other thenable: an object with a `then` method. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
}

/**
 * A value for a message: JSON (or `String(value)` when it has none), at most `max` characters, so a message never
 * echoes a large value whole.
 */
export function cut(value: unknown, max = MAX_QUOTED): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return shorten(text, max);
}

/** `text` itself when it has at most `max` characters; else its start, `...` and its full length. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}... (${text.length} characters)`;
}

/**
 * An integer with comma thousands separators, as messages print limits ("1,048,576"). Not `toLocaleString`: its
 * first call loads the ICU locale data, a cost every provider process paid at start-up for its table of limits.
 */
export function withThousands(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d+)(.*)$/.exec(text);
  if (!match) return text;
  return `${match[1]}${match[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${match[3]}`;
}

/** "3600 s", "1.5 s": a wait as a person reads it in an error. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/** The entries of `value` that `keep` accepts, in a new object (its own keys only, in their order). */
export function pickEntries(
  value: Record<string, unknown>,
  keep: (key: string, value: unknown) => boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (keep(key, value[key])) out[key] = value[key];
  }
  return out;
}

/**
 * Whether `test` holds for `value` or for any value inside it (array elements, object values, at any depth). Stops at
 * the first; builds nothing, so a scan of a request that finds nothing costs no copy.
 */
export function someValue(value: unknown, test: (value: unknown) => boolean): boolean {
  if (test(value)) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (i in value && someValue(value[i], test)) return true;
  } else if (isNonArrayObject(value)) {
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) if (someValue(value[keys[i]!], test)) return true;
  }
  return false;
}
