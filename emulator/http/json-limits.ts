/**
 * A generic guard on parsed JSON bodies, run before any handler sees them: bounded nesting depth and size, and no
 * prototype-related keys. Settings such as `timeseriesSettings.forecastPointPolicy` are free-form, so without this a
 * body nested thousands of levels deep would be stored and then break every later clone, render and save of it.
 */

/** Limits of one JSON body. */
export interface JsonLimits {
  /** Deepest allowed nesting of objects and arrays (the body itself is level 1). */
  maxDepth: number;
  /** Most values (objects, arrays, strings, numbers, ...) in one body. */
  maxValues: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 32, maxValues: 100_000 };

/** Keys that would reach or shadow Object.prototype when a handler indexes a lookup table with them. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export interface JsonProblem {
  /** Dotted path of the offending value ("timeseriesSettings.forecastPointPolicy.configuration.a"), "body" for the root. */
  path: string;
  message: string;
}

const MAX_PATH_CHARS = 300;

/** A value still to visit; the path is kept as a parent chain and only spelled out for an error. */
interface Node {
  value: unknown;
  key: string | undefined;
  parent: Node | undefined;
  depth: number;
}

function pathOf(node: Node): string {
  const segments: string[] = [];
  for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) segments.unshift(at.key);
  const text = segments.length === 0 ? "body" : segments.join(".");
  // A 32-level path of long keys would make the answer itself huge; its start shows where it went wrong.
  return text.length > MAX_PATH_CHARS ? `${text.slice(0, MAX_PATH_CHARS)}…` : text;
}

/**
 * The first problem with `value`, or undefined. Iterative (no recursion) and it counts children before queueing
 * them, so a hostile body costs at most `maxValues` steps and bounded memory, never the call stack.
 */
export function checkJson(value: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): JsonProblem | undefined {
  const stack: Node[] = [{ value, key: undefined, parent: undefined, depth: 1 }];
  let counted = 1;
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const current = node.value;
    if (typeof current !== "object" || current === null) continue;
    if (node.depth > limits.maxDepth)
      return {
        path: pathOf(node),
        message: `is nested too deeply: at most ${limits.maxDepth} levels of objects and arrays are allowed`,
      };
    const keys = Array.isArray(current) ? undefined : Object.keys(current);
    counted += keys ? keys.length : (current as unknown[]).length;
    if (counted > limits.maxValues)
      return { path: pathOf(node), message: `makes the body exceed ${limits.maxValues} values` };
    const entries: Array<[string, unknown]> = keys
      ? keys.map((key) => [key, (current as Record<string, unknown>)[key]])
      : (current as unknown[]).map((item, index) => [String(index), item]);
    for (const [key, item] of entries) {
      const child: Node = { value: item, key, parent: node, depth: node.depth + 1 };
      if (!Array.isArray(current) && RESERVED_KEYS.has(key))
        return {
          path: pathOf(child),
          message: `is a reserved key (${[...RESERVED_KEYS].join(", ")}) and is not allowed`,
        };
      stack.push(child);
    }
  }
  return undefined;
}
