/**
 * Property paths: the segment arrays zod uses (`["schedule", "hour", 2]`) and the text form shown to people
 * (`schedule.hour[2]`). One formatter, so every message and every diff names a field the same way.
 */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** `["intakeSettings", "url"]` → `intakeSettings.url`; `["schedule", "hour", 2]` → `schedule.hour[2]`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

/** The value at `path` inside `root`, or undefined when any step is missing or not a container. */
export function getAt(root: unknown, path: Path): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** True when `prefix` is `path` itself or one of its ancestors. */
export function isPrefixOf(prefix: Path, path: Path): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((segment, i) => segment === path[i]);
}
