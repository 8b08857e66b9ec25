/**
 * Pulumi preview passes values that are not known yet as one sentinel string, whatever the field's type
 * (a number, a boolean, a whole object, one element of an array). Validation must not reject a field for being
 * unknown, yet should still check everything that is known.
 *
 * Approach: before validating, `stripUnknowns` removes every sentinel and remembers where it was. Validation then runs
 * on the known part only; issues located at (or under) an unknown path are dropped, and issue paths inside arrays that
 * lost elements are mapped back to the user's original indexes. The schemas themselves never mention the sentinel.
 * An object whose `type` (the discriminator of adapters and time series settings) is unknown counts as unknown as a
 * whole, because its type decides which of its other fields are allowed.
 */
import { isPrefixOf, Path, PathSegment } from "./paths";
import { isNonArrayObject, someValue } from "../values";

export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_SENTINEL;
}

/** True when the sentinel appears anywhere inside `value`. */
export function containsUnknowns(value: unknown): boolean {
  return someValue(value, isUnknown);
}

export interface StrippedInputs {
  /** The input without any sentinel (object keys removed, array elements removed). */
  value: unknown;
  /** Where the sentinels were, in the caller's original coordinates. */
  unknownPaths: Path[];
  /** Maps a path in `value` back to the same place in the original input (array indexes shift when elements go). */
  toOriginalPath(path: Path): Path;
  /** True when an issue at this path (original coordinates) is explained by an unknown value. */
  isUnderUnknown(path: Path): boolean;
}

export function stripUnknowns(input: unknown): StrippedInputs {
  const unknownPaths: Path[] = [];
  // For every array that lost elements: key = the array's path in the stripped value, value = original indexes.
  const indexMaps = new Map<string, number[]>();

  // The two paths are arrays grown and shrunk as the walk goes: what is kept of them is a copy.
  const walk = (value: unknown, originalPath: PathSegment[], strippedPath: PathSegment[]): unknown => {
    if (Array.isArray(value)) {
      const kept: unknown[] = [];
      const originalIndexes: number[] = [];
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) continue; // a hole: nothing to keep
        const element: unknown = value[i];
        if (isUnknown(element)) {
          unknownPaths.push([...originalPath, i]);
          continue;
        }
        originalIndexes.push(i);
        originalPath.push(i);
        strippedPath.push(kept.length);
        kept.push(walk(element, originalPath, strippedPath));
        originalPath.pop();
        strippedPath.pop();
      }
      if (kept.length === 0 && value.length > 0) {
        // Every element is unknown: the whole list is unknown (an empty list would wrongly fail "not empty").
        unknownPaths.push([...originalPath]);
        return undefined;
      }
      if (kept.length !== value.length) indexMaps.set(JSON.stringify(strippedPath), originalIndexes);
      return kept;
    }
    if (isNonArrayObject(value)) {
      if (isUnknown(value.type)) {
        // An unknown discriminator decides which sibling fields are valid: the object as a whole is unknown.
        unknownPaths.push([...originalPath]);
        return undefined;
      }
      const out: Record<string, unknown> = {};
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const child = value[key];
        if (isUnknown(child)) {
          unknownPaths.push([...originalPath, key]);
          continue;
        }
        originalPath.push(key);
        strippedPath.push(key);
        const stripped = walk(child, originalPath, strippedPath);
        originalPath.pop();
        strippedPath.pop();
        if (stripped !== undefined) out[key] = stripped;
      }
      return out;
    }
    return value;
  };

  let value: unknown;
  if (isUnknown(input)) {
    unknownPaths.push([]);
    value = undefined;
  } else {
    value = walk(input, [], []);
  }

  const toOriginalPath = (path: Path): Path => {
    const out: PathSegment[] = [];
    const strippedPrefix: PathSegment[] = [];
    for (const segment of path) {
      const map = typeof segment === "number" ? indexMaps.get(JSON.stringify(strippedPrefix)) : undefined;
      out.push(typeof segment === "number" && map?.[segment] !== undefined ? map[segment] : segment);
      strippedPrefix.push(segment);
    }
    return out;
  };

  const isUnderUnknown = (path: Path): boolean => unknownPaths.some((unknown) => isPrefixOf(unknown, path));

  return { value, unknownPaths, toOriginalPath, isUnderUnknown };
}
