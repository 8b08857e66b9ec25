/**
 * What goes on the wire, the way DataRobot's own clients do it (docs/datarobot-api.md §6):
 *  - create sends the fields the program wrote, in canonical spelling, and nothing else;
 *  - update sends name / enabled / schedule as such when they change, and the *whole* written job spec whenever any
 *    job-spec field changes (DataRobot's Python SDK, Terraform provider and R client all do this), in one PATCH;
 *  - no body ever holds `null`, except the one escalation `clearingBody` builds for a removal the server kept.
 *
 * And what comes back: every write's response is compared with what the program asked for (`writeMismatches`), on the
 * fields the program writes (or wrote before this change). Fields the program never wrote belong to the server.
 */
import {
  canonicalize,
  sortKeys,
  SERVER_DEFAULTS,
  type CanonicalJobDefinition,
  type WrittenJobDefinition,
} from "./canonical";
import { deepEqual } from "./diff";
import { formatPath, type Path } from "./paths";
import { isNonArrayObject, pickEntries } from "../values";
import { containsUnknowns, isUnknown } from "./sentinel";

/** Top-level fields that are not part of the job spec: the SDK's `run_on_schedule` sends these on their own. */
export const DEFINITION_ONLY_FIELDS = ["name", "enabled", "schedule"] as const;
const DEFINITION_ONLY = new Set<string>(DEFINITION_ONLY_FIELDS);

function unknownPaths(value: unknown, path: Path = []): string[] {
  if (isUnknown(value)) return [formatPath(path)];
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownPaths(v, [...path, i]));
  if (isNonArrayObject(value)) return Object.entries(value).flatMap(([k, v]) => unknownPaths(v, [...path, k]));
  return [];
}

/** A preview never writes to DataRobot: a body is built only from known values. */
function assertKnown(value: Record<string, unknown>): void {
  if (containsUnknowns(value)) {
    throw new Error(`cannot build an API request while values are unknown: ${unknownPaths(value).join(", ")}`);
  }
}

function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return pickEntries(value, (_key, v) => v !== null && v !== undefined);
}

/** The POST body: exactly the written fields (the written form never holds defaults the program did not write). */
export function toCreateBody(written: WrittenJobDefinition): Record<string, unknown> {
  assertKnown(written);
  return sortKeys(withoutNulls(JSON.parse(JSON.stringify(written)) as Record<string, unknown>));
}

/**
 * The full body of a canonical definition, every default explicit: what versions before the written form sent on
 * create. The provider no longer sends it; tests use it to write definitions the way older state did.
 */
export function toApiBody(canonical: CanonicalJobDefinition): Record<string, unknown> {
  return toCreateBody(canonical as unknown as WrittenJobDefinition);
}

/** The written job spec: every written field except name, enabled and schedule. */
export function jobSpecOf(written: WrittenJobDefinition): Record<string, unknown> {
  return pickEntries(written, (key) => !DEFINITION_ONLY.has(key));
}

/** Compared with server defaults made explicit, so writing a default or leaving it out is the same. */
function sameMeaning(a: WrittenJobDefinition, b: WrittenJobDefinition, fields: (key: string) => boolean): boolean {
  const rawLeft = pickEntries(a, fields);
  const rawRight = pickEntries(b, fields);
  // The same written values mean the same (canonicalize is a function of its input): most of an update's fields do
  // not change, and canonicalising each side is most of this function's cost.
  if (deepEqual(rawLeft, rawRight)) return true;
  // Canonical forms add defaults of other fields: only these fields are compared.
  return deepEqual(pickEntries(canonicalize(rawLeft), fields), pickEntries(canonicalize(rawRight), fields));
}

/**
 * The PATCH body taking the definition from `before` to `after` (both written forms). Empty when nothing the server
 * holds would change. `enabled` travels with a schedule change (as in the SDK's `run_on_schedule`).
 */
export function toUpdateBody(before: WrittenJobDefinition, after: WrittenJobDefinition): Record<string, unknown> {
  assertKnown(after);
  const body: Record<string, unknown> = {};
  if (!sameMeaning(before, after, (key) => key === "name") && after.name !== undefined) body.name = after.name;
  if (!sameMeaning(before, after, (key) => key === "enabled" || key === "schedule")) {
    body.enabled = after.enabled ?? SERVER_DEFAULTS.enabled;
    if (after.schedule !== undefined) body.schedule = after.schedule;
  }
  if (!sameMeaning(before, after, (key) => !DEFINITION_ONLY.has(key))) Object.assign(body, jobSpecOf(after));
  return sortKeys(withoutNulls(JSON.parse(JSON.stringify(body)) as Record<string, unknown>));
}

/**
 * The keys of `a` and `b` together, recursively through plain objects (arrays and scalars are leaves). Used as the
 * shape of "what the program writes or wrote", onto which a response is projected.
 */
export function unionShape(a: unknown, b: unknown): unknown {
  if (isNonArrayObject(a) && isNonArrayObject(b)) {
    const out: Record<string, unknown> = {};
    const keysOfA = Object.keys(a);
    for (let i = 0; i < keysOfA.length; i++) out[keysOfA[i]!] = unionShape(a[keysOfA[i]!], b[keysOfA[i]!]);
    const keysOfB = Object.keys(b);
    for (let i = 0; i < keysOfB.length; i++) {
      const key = keysOfB[i]!;
      if (!Object.hasOwn(out, key)) out[key] = unionShape(a[key], b[key]);
    }
    return out;
  }
  return a !== undefined ? a : b;
}

/**
 * The part of `actual` at the keys of `shape`: keys the program never wrote (server-filled fields, defaults, a
 * `format` an adapter echoes) are left out. A plain object in the shape keeps only its own keys; anything else is a
 * leaf taken whole from `actual`.
 */
export function projectOnto(actual: unknown, shape: unknown): unknown {
  if (!isNonArrayObject(shape)) return actual;
  if (!isNonArrayObject(actual)) return actual;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(shape);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const projected = projectOnto(actual[key], shape[key]);
    if (projected !== undefined) out[key] = projected;
  }
  return out;
}

/** The part of `actual` outside `shape`: what the server holds that the program does not write. */
export function outsideOf(actual: unknown, shape: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isNonArrayObject(actual)) return out;
  const written = isNonArrayObject(shape) ? shape : {};
  const keys = Object.keys(actual);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = actual[key];
    if (!(key in written)) out[key] = value;
    else if (isNonArrayObject(value) && isNonArrayObject(written[key])) {
      const rest = outsideOf(value, written[key]);
      if (Object.keys(rest).length > 0) out[key] = rest;
    }
  }
  return out;
}

export interface WriteMismatch {
  /** `includePredictionStatus`, `intakeSettings.url`. */
  path: string;
  /** The top-level field the path is in. */
  field: string;
  /** What the program asks for (undefined: absent / the server default). */
  expected: unknown;
  /** What the server holds. */
  actual: unknown;
  /** True when the program no longer writes the top-level field at all (a removal). */
  removed: boolean;
}

function leafMismatches(expected: unknown, actual: unknown, path: Path, out: WriteMismatch[], after: unknown): void {
  if (isNonArrayObject(expected) && isNonArrayObject(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      leafMismatches(expected[key], actual[key], [...path, key], out, after);
    }
    return;
  }
  if (deepEqual(expected, actual)) return;
  const field = String(path[0]);
  const removed = isNonArrayObject(after) && !(field in after);
  out.push({ path: formatPath(path), field, expected, actual, removed });
}

/**
 * Where the server's `actual` definition (its canonical form against the program, as `canonicalFromResponse(response,
 * after)` gives it: defaults explicit, secrets and redactions resolved) disagrees with the program: on every path the
 * program writes now (`after`) or wrote before (`before`, so a removal is checked too). Both sides are compared with
 * server defaults made explicit: a removed field is expected back at its default, or absent when it has none.
 */
export function writeMismatches(
  actual: Record<string, unknown>,
  after: WrittenJobDefinition,
  before: WrittenJobDefinition = {},
): WriteMismatch[] {
  const shape = unionShape(after, before);
  const expectedPart = projectOnto(canonicalize(after), shape);
  const heldPart = projectOnto(actual, shape);
  // Equal parts have equal canonical forms (canonicalize is a function of its input): a write the server applied,
  // the common case, needs no second canonical form of either side.
  if (deepEqual(expectedPart, heldPart)) return [];
  const expected = canonicalize(expectedPart) as Record<string, unknown>;
  const held = canonicalize(heldPart) as Record<string, unknown>;
  const out: WriteMismatch[] = [];
  const fields = Object.keys(isNonArrayObject(shape) ? shape : {}).sort();
  for (const field of fields) leafMismatches(expected[field], held[field], [field], out, after);
  return out;
}

/**
 * The one escalation for removals the server kept: the whole written spec again (so no semantics can reset the other
 * fields), plus each removed field at its default, or `null` where it has none. Used only after a PATCH without the
 * field did not clear it, and verified like every other write.
 */
export function clearingBody(after: WrittenJobDefinition, removedFields: readonly string[]): Record<string, unknown> {
  const body: Record<string, unknown> = { ...toCreateBody(after) };
  const defaults = SERVER_DEFAULTS as Record<string, unknown>;
  for (const field of removedFields) {
    body[field] = field in defaults ? JSON.parse(JSON.stringify(defaults[field])) : null;
  }
  return body;
}
