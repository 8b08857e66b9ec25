/**
 * Property paths: the segment arrays zod uses (`["schedule", "hour", 2]`) and the text form shown to people
 * (`schedule.hour[2]`). One formatter, so every message and every diff names a field the same way.
 */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** `["intakeSettings", "url"]` → `intakeSettings.url`; `["schedule", "hour", 2]` → `schedule.hour[2]`. */
export function formatPath(path: Path): string {
  let out = "";
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

/** The value at `path` inside `root`, or undefined when any step is missing or not a container. */
export function getAt(root: unknown, path: Path): unknown {
  let current: unknown = root;
  for (let i = 0; i < path.length; i++) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PathSegment, unknown>)[path[i]!];
  }
  return current;
}

/** True when `prefix` is `path` itself or one of its ancestors. */
export function isPrefixOf(prefix: Path, path: Path): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((segment, i) => segment === path[i]);
}

/**
 * Calls `visit` with every leaf of `value` (anything but an array or an object) and its path, depth first. The path is
 * one array, grown and shrunk as the walk goes: a visitor that keeps it copies it. The walks that run over every node
 * of every answer use it, so that a node costs no path of its own.
 */
export function forEachLeaf(value: unknown, visit: (leaf: unknown, path: readonly PathSegment[]) => void): void {
  const path: PathSegment[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        walk(node[i]);
        path.pop();
      }
    } else if (node !== null && typeof node === "object") {
      const object = node as Record<string, unknown>;
      const keys = Object.keys(object);
      for (let i = 0; i < keys.length; i++) {
        path.push(keys[i]!);
        walk(object[keys[i]!]);
        path.pop();
      }
    } else {
      visit(node, path);
    }
  };
  walk(value);
}
