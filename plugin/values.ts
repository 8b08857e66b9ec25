/**
 * The plugin's values on the wire: secrets and detailed diffs.
 *
 * The plugin answers `acceptSecrets: true` in Configure, so the engine sends secret inputs as sentinel objects and
 * stores exactly what the plugin returns: a plain value returned at a secret path would be stored in plain text (a
 * `read` during `pulumi refresh` or `pulumi import` has no secret inputs the engine could copy secretness from). So
 * secrets are unwrapped on the way in (the operations see plain values) and, on the way out of check, create, read
 * and update, every path the model calls secret, and every path that arrived secret, is wrapped again.
 */
import { formatPath, type Path, type PathSegment, UNKNOWN_SENTINEL } from "../provider/model";
import { isNonArrayObject } from "../provider/values";

/** Pulumi's marker of a special value in a Struct, and its value for a secret (sdk/nodejs/runtime/rpc.ts). */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Props = Record<string, unknown>;

function isSecretSentinel(value: unknown): value is { value: unknown } {
  return isNonArrayObject(value) && value[SPECIAL_SIG_KEY] === SECRET_SIG;
}

/** `value` without secret sentinels, and the paths where they were (to wrap the same paths on the way out). */
export function unwrapSecrets(value: unknown): { value: unknown; secretPaths: Path[] } {
  const secretPaths: Path[] = [];
  const walk = (node: unknown, path: Path): unknown => {
    if (isSecretSentinel(node)) {
      secretPaths.push(path);
      return walk(node.value, path);
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (isNonArrayObject(node)) {
      const out: Props = {};
      for (const [key, inner] of Object.entries(node)) out[key] = walk(inner, [...path, key]);
      return out;
    }
    return node;
  };
  return { value: walk(value, []), secretPaths };
}

/**
 * A copy of `props` with the value at each of `paths` wrapped as a secret (paths absent from `props` are skipped; a
 * path under one already wrapped is covered by it). Undefined values are dropped: a Struct cannot carry them.
 */
export function wrapSecrets(props: Props, paths: readonly Path[]): Props {
  const keys = new Set(paths.map((path) => JSON.stringify(path)));
  const walk = (node: unknown, path: Path): unknown => {
    if (path.length > 0 && keys.has(JSON.stringify(path)) && node !== undefined && node !== null) {
      return { [SPECIAL_SIG_KEY]: SECRET_SIG, value: node };
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (isNonArrayObject(node)) {
      const out: Props = {};
      for (const [key, inner] of Object.entries(node)) {
        if (inner !== undefined) out[key] = walk(inner, [...path, key]);
      }
      return out;
    }
    return node;
  };
  return walk(props, []) as Props;
}

export type DiffKind = "add" | "delete" | "update";

/**
 * The property paths at which `news` differs from `olds` (Pulumi's path syntax: `intakeSettings.url`,
 * `schedule.hour[0]`), for the detailed diff `pulumi preview --diff` shows. Only `keys` (the inputs) are compared.
 * An unknown value (not yet known in a preview) is an update at its path.
 */
export function changedPaths(olds: Props, news: Props, keys?: readonly string[]): Map<string, DiffKind> {
  const out = new Map<string, DiffKind>();
  const walk = (a: unknown, b: unknown, path: Path): void => {
    if (a === undefined && b === undefined) return;
    if (a === undefined) return void out.set(propertyPath(path), "add");
    if (b === undefined) return void out.set(propertyPath(path), "delete");
    if (b === UNKNOWN_SENTINEL) return void out.set(propertyPath(path), "update");
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...path, i]);
      return;
    }
    if (isNonArrayObject(a) && isNonArrayObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], [...path, key]);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out.set(propertyPath(path), "update");
  };
  const names = keys ?? [...new Set([...Object.keys(olds), ...Object.keys(news)])];
  for (const key of names) walk(olds[key], news[key], [key]);
  return out;
}

/** A path in Pulumi's property path syntax: keys that are not identifiers are quoted (`headers["X-Key"]`). */
export function propertyPath(path: Path): string {
  const plain = (segment: PathSegment) => typeof segment === "number" || /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment);
  if (path.every(plain)) return formatPath(path);
  return path
    .map((segment, i) =>
      typeof segment === "number"
        ? `[${segment}]`
        : plain(segment)
          ? `${i === 0 ? "" : "."}${segment}`
          : `[${JSON.stringify(segment)}]`,
    )
    .join("");
}
