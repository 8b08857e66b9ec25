/**
 * Python programs write the package's properties in snake_case (`intake_settings`, `credential_id`); the plugin, the
 * model and DataRobot's API use camelCase. The generated Python SDK translates the names of a resource's arguments
 * and of the nested types it can resolve, but a dict it cannot type (inside a union, or an adapter's settings written
 * as a plain dict) can reach the plugin with `credential_id`. This module finishes that translation by the package
 * schema (a union's member chosen by its discriminator; an open adapter type by its one object type), and gives the
 * Python spelling of a property path for error messages.
 */
import type { Props } from "../provider/job-definition/fields";
import { SECRET_SIG, SPECIAL_SIG_KEY } from "./values";

interface SchemaType {
  $ref?: string;
  items?: SchemaType;
  additionalProperties?: SchemaType;
  oneOf?: SchemaType[];
  discriminator?: { propertyName: string; mapping: Record<string, string> };
  properties?: Record<string, SchemaType>;
}

export interface PackageTypes {
  types: Record<string, object>;
}

/** `credential_id` → `credentialId`, as Pulumi's Python SDK maps names (the reverse of its `pulumi.getter` names). */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** `intakeSettings.url` → `intake_settings.url`: the path as a Python program writes it (quoted keys untouched). */
export function pythonPath(path: string): string {
  return path.replace(
    /(^|\.)([A-Za-z][A-Za-z0-9]*)/g,
    (_m, dot: string, name: string) => `${dot}${name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase()}`,
  );
}

/** The path as a message shows it: with its Python spelling when that differs (`intakeSettings.url (Python: ...)`). */
export function withPythonPath(path: string): string {
  const python = pythonPath(path);
  return python === path ? path : `${path} (Python: ${python})`;
}

const isSecretValue = (value: unknown): value is { value: unknown } =>
  typeof value === "object" && value !== null && (value as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG;

/**
 * `value` with the snake_case keys of each object the schema types (`properties`) renamed to the camelCase property
 * they stand for; keys of maps (`headers`, `columnNamesRemapping`) and keys the type has as they are stay as written.
 * Secret values (the engine's sentinel objects) are translated inside and stay secret.
 */
export function camelCaseKeys(value: unknown, type: SchemaType | undefined, schema: PackageTypes): unknown {
  if (isSecretValue(value)) return { ...value, value: camelCaseKeys(value.value, type, schema) };
  if (type === undefined || value === null || typeof value !== "object") return value;
  const resolved = resolve(type, value, schema);
  if (resolved === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => camelCaseKeys(item, resolved.items, schema));
  if (resolved.additionalProperties) {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, camelCaseKeys(v, resolved.additionalProperties, schema)]),
    );
  }
  const properties = resolved.properties;
  if (!properties) return value;
  const out: Props = {};
  for (const [key, v] of Object.entries(value as Props)) {
    const camel = camelCase(key);
    // A key the type knows stays; a snake_case one becomes the camelCase property unless both were given.
    const name = key in properties || !(camel in properties) || camel in (value as Props) ? key : camel;
    out[name] = camelCaseKeys(v, properties[name], schema);
  }
  return out;
}

/** The schema type a value has: `$ref`s followed, a union's member chosen by its discriminator. */
function resolve(type: SchemaType, value: object, schema: PackageTypes): SchemaType | undefined {
  if (type.oneOf) {
    const discriminator = type.discriminator;
    if (!discriminator || Array.isArray(value)) return undefined;
    const tag = (value as Props)[discriminator.propertyName];
    const ref = typeof tag === "string" ? discriminator.mapping[tag] : undefined;
    return ref === undefined ? undefined : resolve({ $ref: ref }, value, schema);
  }
  if (type.$ref?.startsWith("#/types/")) {
    return schema.types[type.$ref.slice("#/types/".length)] as SchemaType | undefined;
  }
  return type;
}

/** A message that starts with a property path (`intakeSettings.format: ...`), with the path's Python spelling added. */
export function withPythonPathIn(message: string): string {
  const path = /^([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*|\[\d+\])*): /.exec(message)?.[1];
  return path === undefined ? message : `${withPythonPath(path)}${message.slice(path.length)}`;
}
