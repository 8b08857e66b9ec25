/** Comparing canonical forms, and building request bodies from them. */
import { CanonicalJobDefinition } from "./canonical";
import { formatPath, Path } from "./paths";
import { isNonArrayObject } from "../values";

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isNonArrayObject(a) && isNonArrayObject(b)) {
    // Every key of either side once: a's keys, then b's that a does not have.
    const keysOfA = Object.keys(a);
    for (let i = 0; i < keysOfA.length; i++) if (!deepEqual(a[keysOfA[i]!], b[keysOfA[i]!])) return false;
    const keysOfB = Object.keys(b);
    for (let i = 0; i < keysOfB.length; i++) {
      const key = keysOfB[i]!;
      if (!Object.hasOwn(a, key) && !deepEqual(a[key], b[key])) return false;
    }
    return true;
  }
  return false;
}

const unionKeys = (a: unknown, b: unknown) =>
  [...new Set([...Object.keys(isNonArrayObject(a) ? a : {}), ...Object.keys(isNonArrayObject(b) ? b : {})])].sort();

/** Top-level fields whose canonical values differ, sorted. An unknown (preview) value always counts as a change. */
export function diffCanonical(
  a: CanonicalJobDefinition | Record<string, unknown>,
  b: CanonicalJobDefinition | Record<string, unknown>,
): string[] {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  return unionKeys(left, right).filter((key) => !deepEqual(left[key], right[key]));
}

/**
 * Nested paths that differ (`intakeSettings.url`, `schedule.hour`), sorted by key. Objects are compared key by key;
 * arrays and scalars are leaves, so a changed list is reported once at its own path.
 */
export function changedPaths(a: unknown, b: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: Path) => {
    if (isNonArrayObject(x) && isNonArrayObject(y)) {
      for (const key of unionKeys(x, y)) walk(x[key], y[key], [...path, key]);
    } else if (!deepEqual(x, y)) {
      out.push(formatPath(path));
    }
  };
  walk(a, b, []);
  return out;
}
