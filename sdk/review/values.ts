/**
 * Values as a reviewer sees them: property paths from the engine's detailed diff, secrets masked, values not yet
 * known during preview named as such, everything else as compact JSON (so `2`, `"2"` and `true` stay distinct).
 */
import { isSecretValue, SECRET_MARK, UNKNOWN_SENTINEL, escapeControlCharacters } from "../../provider/model";
import { isNonArrayObject } from "../../provider/values";

/** The engine's marker key of a secret value in event payloads: `{"4dabf…": "1b47…", ciphertext: "[secret]"}`. */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** What a masked secret looks like in every rendering. */
export const SECRET_TEXT = SECRET_MARK;
export const UNKNOWN_TEXT = "(known after apply)";

export type Segment = string | number;
export type Props = Record<string, unknown>;

export function isSecretWrapper(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE_VALUE
  );
}

/**
 * Parses an engine property path: `intakeSettings.url`, `schedule.hour[0]`, `columnNamesRemapping["a.b"]`.
 */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === ".") {
      i++;
      continue;
    }
    if (path[i] === "[") {
      const close = path.indexOf("]", i);
      const inner = path.slice(i + 1, close < 0 ? path.length : close);
      i = close < 0 ? path.length : close + 1;
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else {
        try {
          segments.push(String(JSON.parse(inner)));
        } catch {
          segments.push(inner);
        }
      }
      continue;
    }
    let end = i;
    while (end < path.length && path[end] !== "." && path[end] !== "[") end++;
    segments.push(path.slice(i, end));
    i = end;
  }
  return segments;
}

/**
 * The text form a review shows: identifiers joined by dots, indexes and other keys (header names, keys with dots) in
 * quoted brackets, so a path can be parsed back (`parsePath`). Error messages use the model's plainer `formatPath`.
 */
export function formatReviewPath(segments: readonly Segment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * A list element changed → the whole list is the reviewed field (`schedule.hour[0]` → `schedule.hour`): a list
 * before → after reads better than one element, and elements shift when a list grows.
 */
export function reviewedPath(segments: readonly Segment[]): Segment[] {
  const firstIndex = segments.findIndex((segment) => typeof segment === "number");
  return firstIndex < 0 ? [...segments] : segments.slice(0, firstIndex);
}

/** The value at a path; a secret wrapper met on the way masks everything below it. */
export function valueAt(root: unknown, segments: readonly Segment[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (isSecretWrapper(current)) return current;
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<Segment, unknown>)[segment];
  }
  return current;
}

const SECRET_PLACEHOLDER = "\u0000secret\u0000";
const UNKNOWN_PLACEHOLDER = "\u0000unknown\u0000";

/**
 * A copy safe to show: secret wrappers (values the engine holds as secrets) and values the model's one list of secrets
 * names (secret fields, credential keys, URLs with credentials, e.g. from state written by an older version) replaced,
 * unknowns marked.
 */
export function maskValue(value: unknown, segments: readonly Segment[] = []): unknown {
  if (isSecretWrapper(value)) return SECRET_PLACEHOLDER;
  // The engine's "unknown" marker is not a value: nothing to hide.
  if (value === UNKNOWN_SENTINEL) return UNKNOWN_PLACEHOLDER;
  if (isSecretValue(segments, value)) return SECRET_PLACEHOLDER;
  if (Array.isArray(value)) return value.map((item, i) => maskValue(item, [...segments, i]));
  if (isNonArrayObject(value)) {
    const out: Props = {};
    for (const key of Object.keys(value).sort()) out[key] = maskValue(value[key], [...segments, key]);
    return out;
  }
  return value;
}

/** True when the rendered value hides a secret somewhere. */
export function containsSecret(value: unknown, segments: readonly Segment[] = []): boolean {
  const walk = (masked: unknown): boolean => {
    if (masked === SECRET_PLACEHOLDER) return true;
    if (Array.isArray(masked)) return masked.some(walk);
    if (isNonArrayObject(masked)) return Object.values(masked).some(walk);
    return false;
  };
  return walk(maskValue(value, segments));
}

/** Compact JSON with masked secrets (`[secret]`) and unknowns (`(known after apply)`); undefined stays undefined. */
export function formatValue(value: unknown, segments: readonly Segment[] = []): string | undefined {
  if (value === undefined) return undefined;
  const masked = maskValue(value, segments);
  if (masked === SECRET_PLACEHOLDER) return SECRET_TEXT;
  if (masked === UNKNOWN_PLACEHOLDER) return UNKNOWN_TEXT;
  // JSON escapes C0 controls only: DEL, C1 (a terminal's CSI) and bidi overrides are escaped visibly too.
  return escapeControlCharacters(JSON.stringify(masked))
    .split(JSON.stringify(SECRET_PLACEHOLDER))
    .join(SECRET_TEXT)
    .split(JSON.stringify(UNKNOWN_PLACEHOLDER))
    .join(UNKNOWN_TEXT);
}

/**
 * Leaf paths of a property bag for creates and deletes: objects are walked key by key (sorted), lists and scalars
 * are leaves, a secret wrapper is one leaf.
 */
export function leafPaths(value: unknown, prefix: Segment[] = []): Segment[][] {
  if (isNonArrayObject(value) && !isSecretWrapper(value) && Object.keys(value).length > 0) {
    return Object.keys(value)
      .sort()
      .flatMap((key) => (value[key] === undefined ? [] : leafPaths(value[key], [...prefix, key])));
  }
  return prefix.length === 0 ? [] : [prefix];
}
