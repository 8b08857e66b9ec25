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
import { isNonArrayObject, someValue } from "../provider/values";

/** Pulumi's marker of a special value in a Struct, and its value for a secret (sdk/nodejs/runtime/rpc.ts). */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Props = Record<string, unknown>;

function isSecretSentinel(value: unknown): value is { value: unknown } {
  return isNonArrayObject(value) && value[SPECIAL_SIG_KEY] === SECRET_SIG;
}

/**
 * `value` without secret sentinels, and the paths where they were (to wrap the same paths on the way out). A value
 * holding none is returned as it is: most requests carry no secret, and every node of every request passes here.
 */
export function unwrapSecrets(value: unknown): { value: unknown; secretPaths: Path[] } {
  if (!someValue(value, isSecretSentinel)) return { value, secretPaths: [] };
  const secretPaths: Path[] = [];
  // One path, grown and shrunk as the walk goes (copied only where a secret is found): every node of every request
  // passes here.
  const path: PathSegment[] = [];
  const walk = (node: unknown): unknown => {
    if (isSecretSentinel(node)) {
      secretPaths.push([...path]);
      return walk(node.value);
    }
    if (Array.isArray(node)) {
      return node.map((item, i) => {
        path.push(i);
        const out = walk(item);
        path.pop();
        return out;
      });
    }
    if (isNonArrayObject(node)) {
      const out: Props = {};
      for (const key of Object.keys(node)) {
        path.push(key);
        out[key] = walk(node[key]);
        path.pop();
      }
      return out;
    }
    return node;
  };
  return { value: walk(value), secretPaths };
}

/** The paths to wrap, as a tree: `true` where the value is wrapped whole, a map of deeper segments otherwise. */
type SecretTree = Map<PathSegment, SecretTree | true>;

function secretTree(paths: readonly Path[]): SecretTree {
  const root: SecretTree = new Map();
  for (const path of paths) {
    if (path.length === 0) continue;
    let node = root;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const child = node.get(segment);
      if (child === true) break; // a path under one already wrapped is covered by it
      if (i === path.length - 1) {
        node.set(segment, true);
        break;
      }
      const next: SecretTree = child ?? new Map();
      node.set(segment, next);
      node = next;
    }
  }
  return root;
}

/**
 * A copy of `props` with the value at each of `paths` wrapped as a secret (paths absent from `props` are skipped; a
 * path under one already wrapped is covered by it). Undefined values are dropped: a Struct cannot carry them.
 */
export function wrapSecrets(props: Props, paths: readonly Path[]): Props {
  // Nothing to wrap and nothing to drop (the common case): no copy.
  if (paths.length === 0 && !someValue(props, (inner) => inner === undefined)) return props;
  const walk = (node: unknown, tree: SecretTree | true | undefined): unknown => {
    if (tree === true && node !== undefined && node !== null) return { [SPECIAL_SIG_KEY]: SECRET_SIG, value: node };
    const below = tree === true ? undefined : tree;
    if (Array.isArray(node)) return node.map((item, i) => walk(item, below?.get(i)));
    if (isNonArrayObject(node)) {
      const out: Props = {};
      for (const key of Object.keys(node)) {
        const inner = node[key];
        if (inner !== undefined) out[key] = walk(inner, below?.get(key));
      }
      return out;
    }
    return node;
  };
  return walk(props, secretTree(paths)) as Props;
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
