/**
 * The hostile-input corpus (fixtures/hostile-inputs.json) as JavaScript values: markers for what JSON cannot hold
 * (Infinity, NaN), or holds only at great length (deep nesting, megabyte strings), are expanded here. Own
 * `__proto__` keys are kept as own properties (a plain assignment would change the prototype instead).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface HostileCase {
  id: string;
  /** Merged over a valid definition. */
  inputs: Record<string, unknown>;
  /** The property the error must name; "" for the definition as a whole. */
  path: string;
  mustNotEcho?: string[];
  /** Provider settings (endpoint, adoptExisting): checked by the provider's `check`, not by validateInputs. */
  checkOnly?: boolean;
  /** A value only a program can hold (a function, a Map, a Proxy, a cycle): refused by the SDK class's sanitize. */
  program?: boolean;
  /** "warning": a likely mistake no source says DataRobot rejects; `check` passes and a warning names `path`. */
  severity?: "error" | "warning";
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function nested(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function nestedArray(depth: number): unknown {
  let value: unknown = ["leaf"];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value === null || typeof value !== "object") return value;
  const marker = value as Record<string, unknown>;
  if (typeof marker.$number === "string") return Number(marker.$number);
  if (typeof marker.$deep === "number") return nested(marker.$deep);
  if (typeof marker.$deepArray === "number") return nestedArray(marker.$deepArray);
  if (typeof marker.$repeat === "string") {
    return String(marker.prefix ?? "") + marker.$repeat.repeat(Number(marker.times));
  }
  if (marker.$function === true) return () => "computed";
  if (isObject(marker.$map)) return new Map(Object.entries(marker.$map));
  if (Array.isArray(marker.$set)) return new Set(marker.$set);
  if (marker.$throwingProxy === true) {
    return new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("trap refused");
        },
        get() {
          throw new Error("trap refused");
        },
      },
    );
  }
  if (marker.$revokedProxy === true) {
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    return revocable.proxy;
  }
  if (typeof marker.$throwingGetter === "string") {
    const { $throwingGetter: key, ...rest } = marker;
    return Object.defineProperty(revive(rest) as object, key, {
      enumerable: true,
      get() {
        throw new Error("getter refused");
      },
    });
  }
  if (typeof marker.$cyclic === "string") {
    const { $cyclic: key, ...rest } = marker;
    const out = revive(rest) as Record<string, unknown>;
    out[key] = out;
    return out;
  }
  if (typeof marker.$manyKeys === "number") {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < marker.$manyKeys; i++) out[`column_${i}_${"x".repeat(10)}`] = `renamed_${i}_${"y".repeat(10)}`;
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(value)) define(out, key, revive(marker[key]));
  return out;
}

export function hostileCases(): HostileCase[] {
  const file = path.join(__dirname, "fixtures", "hostile-inputs.json");
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { cases: HostileCase[] };
  return parsed.cases.map((entry) => ({ ...entry, inputs: revive(entry.inputs) as Record<string, unknown> }));
}

/** A valid definition the cases are merged over (own keys kept as they are, `__proto__` included). */
export function withHostile(base: Record<string, unknown>, hostile: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(base)) define(out, key, base[key]);
  for (const key of Object.getOwnPropertyNames(hostile)) define(out, key, hostile[key]);
  return out;
}
