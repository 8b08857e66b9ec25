/**
 * The plugin's Pulumi package schema, generated from the zod model (like docs/resource-reference.md): every input and
 * output with its type, description, required and secret flags, closed value lists where the model has them (an open
 * string stays a string), and the provider's config variables. `plugin/schema.json` is this function's output,
 * rewritten by `npm run docs` and compared by tests/unit/plugin/schema.test.ts: never edit it by hand.
 */
import type { ZodTypeAny } from "zod";
import {
  JobDefinitionFieldsSchema,
  isSecretField,
  isSecretPath,
  type Path,
  FIELD_DOCS,
  unwrapSchema,
} from "../provider/model";
import { ADOPTED_KEY, COMPUTED_DOCS, PROVIDER_SETTINGS, SERVER_FIELDS_KEY } from "../provider/job-definition/fields";
import { RUN_INPUT_DOCS, RUN_OUTPUT_DOCS } from "../provider/job-run/provider";
import {
  PLUGIN_JOB_DEFINITION_TYPE_TOKEN,
  PLUGIN_JOB_RUN_TYPE_TOKEN,
  PLUGIN_PACKAGE,
  pluginTypeToken,
} from "../sdk/type-tokens";

export interface TypeSpec {
  type?: string;
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  $ref?: string;
  oneOf?: TypeSpec[];
  discriminator?: { propertyName: string; mapping: Record<string, string> };
}

export interface PropertySpec extends TypeSpec {
  description?: string;
  secret?: boolean;
  const?: unknown;
}

export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface EnumTypeSpec {
  type: "string" | "integer" | "number" | "boolean";
  description?: string;
  enum: EnumValueSpec[];
}

export interface EnumValueSpec {
  value: unknown;
  /** Only where two values would get the same constant name in a generated SDK (see enumValues). */
  name?: string;
}

interface Def {
  typeName: string;
  checks?: { kind: string }[];
  values?: string[];
  value?: unknown;
  type?: ZodTypeAny;
  valueType?: ZodTypeAny;
  items?: ZodTypeAny[];
  options?: ZodTypeAny[] | Map<string, ZodTypeAny>;
  discriminator?: string;
}

const def = (schema: ZodTypeAny) => schema._def as Def;
const pascal = (path: Path) =>
  path
    .filter((segment) => typeof segment === "string" && segment !== "*")
    .map((segment) =>
      String(segment).replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _s, c: string) => c.toUpperCase()),
    )
    .join("");

/** The constant name Pulumi's generators derive from an enum value: Python's `INSERT_UPDATE` for `insertUpdate`. */
const constantName = (value: string) =>
  value
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();

/**
 * An enum's values, named where two would otherwise collide. DataRobot accepts both spellings of some values
 * (`insertUpdate` and `insert_update`), and Pulumi's generators turn both into one constant (`INSERT_UPDATE` in
 * Python), which makes the generated module fail at import ("'INSERT_UPDATE' already defined"). The camelCase
 * spelling keeps the plain name; the underscored one is named `...SnakeCase` (`INSERT_UPDATE_SNAKE_CASE`).
 */
export function enumValues(values: readonly string[]): EnumValueSpec[] {
  const count = new Map<string, number>();
  for (const value of values) count.set(constantName(value), (count.get(constantName(value)) ?? 0) + 1);
  const specs = values.map((value): EnumValueSpec => {
    if (count.get(constantName(value))! < 2) return { value };
    const pascalValue = value.replace(/(^|_)([a-z0-9])/g, (_m, _s, c: string) => c.toUpperCase());
    return { value, name: value.includes("_") ? `${pascalValue}SnakeCase` : pascalValue };
  });
  const names = specs.map((spec) => constantName(spec.name ?? String(spec.value)));
  const clash = names.find((name, i) => names.indexOf(name) !== i);
  if (clash) throw new Error(`enum values ${JSON.stringify(values)} give the constant ${clash} twice`);
  return specs;
}

/** Walks the zod model into Pulumi schema types, naming object and enum types by their property path. */
class SchemaBuilder {
  readonly types: Record<string, ObjectTypeSpec | EnumTypeSpec> = {};

  private name(base: string): string {
    let name = pluginTypeToken(base);
    for (let i = 2; name in this.types; i++) name = pluginTypeToken(`${base}${i}`);
    return name;
  }

  /** The type of the value at `path` (nested objects become named types). */
  typeOf(schema: ZodTypeAny, path: Path): TypeSpec {
    const s = unwrapSchema(schema);
    const d = def(s);
    switch (d.typeName) {
      case "ZodString":
        return { type: "string" };
      case "ZodNumber":
        return { type: d.checks?.some((c) => c.kind === "int") ? "integer" : "number" };
      case "ZodBoolean":
        return { type: "boolean" };
      case "ZodEnum": {
        const name = this.name(pascal(path) || "Value");
        this.types[name] = { type: "string", enum: enumValues(d.values ?? []) };
        return { type: "string", $ref: `#/types/${name}` };
      }
      case "ZodLiteral": {
        // A closed list of one value (e.g. `passthroughColumnsSet: "all"`). Not a `const`: Pulumi fills a const
        // property in by itself, as if the program had set it (only a union's discriminator is one: see object()).
        const type = typeof d.value === "number" ? "number" : typeof d.value === "boolean" ? "boolean" : "string";
        const name = this.name(pascal(path) || "Value");
        this.types[name] = { type, enum: [{ value: d.value }] } as EnumTypeSpec;
        return { type, $ref: `#/types/${name}` };
      }
      case "ZodArray":
        return { type: "array", items: this.typeOf(d.type!, [...path, 0]) };
      case "ZodTuple":
        return { type: "array", items: this.union(d.items ?? [], [...path, 0]) };
      case "ZodRecord":
        return { type: "object", additionalProperties: this.typeOf(d.valueType!, [...path, "*"]) };
      case "ZodUnion": {
        const options = d.options as ZodTypeAny[];
        const known = options.find((option) => def(unwrapSchema(option)).typeName === "ZodDiscriminatedUnion");
        return known ? this.openAdapter(known, path) : this.union(options, path);
      }
      case "ZodDiscriminatedUnion":
        return this.discriminated(s, path);
      case "ZodObject": {
        const name = this.name(pascal(path));
        this.types[name] = this.object(s, path);
        return { type: "object", $ref: `#/types/${name}` };
      }
      default:
        return { $ref: "pulumi.json#/Any" };
    }
  }

  private union(options: ZodTypeAny[], path: Path): TypeSpec {
    // A union of literals (e.g. `"all"` or a number): each literal is one value of its primitive type.
    const specs = options.map((option) => this.typeOf(option, path));
    const unique = [...new Map(specs.map((spec) => [JSON.stringify(spec), spec])).values()];
    return unique.length === 1 ? unique[0]! : { oneOf: unique };
  }

  private discriminated(schema: ZodTypeAny, path: Path): TypeSpec {
    const d = def(schema);
    const key = d.discriminator ?? "type";
    const options = [...(d.options instanceof Map ? d.options.values() : (d.options ?? []))];
    const mapping: Record<string, string> = {};
    const oneOf = options.map((option) => {
      const shape = (unwrapSchema(option) as unknown as { shape: Record<string, ZodTypeAny> }).shape;
      const value = String(def(unwrapSchema(shape[key]!)).value);
      const name = this.name(`${pascal(path)}${pascal([value])}`);
      this.types[name] = this.object(option, path, {}, key);
      mapping[value] = `#/types/${name}`;
      return { type: "object", $ref: `#/types/${name}` };
    });
    return { oneOf, discriminator: { propertyName: key, mapping } };
  }

  /**
   * An adapter whose `type` is open (the model's known adapters, or any other type DataRobot adds: sent as written,
   * with a warning): one object type with a string `type` and the properties of every known adapter, all optional.
   * A `oneOf` would close the list of types in every generated SDK and in YAML's type check, and Python's SDK cannot
   * translate snake_case names inside one. Which properties an adapter requires is the provider's check to say, with
   * the property path, as for the TypeScript door.
   */
  private openAdapter(known: ZodTypeAny, path: Path): TypeSpec {
    const d = def(unwrapSchema(known));
    const key = d.discriminator ?? "type";
    const options = [...(d.options instanceof Map ? d.options.values() : (d.options ?? []))];
    const types: string[] = [];
    const properties: Record<string, PropertySpec> = {};
    for (const option of options) {
      const shape = (unwrapSchema(option) as unknown as { shape: Record<string, ZodTypeAny> }).shape;
      types.push(String(def(unwrapSchema(shape[key]!)).value));
      const spec = this.object(option, path, {}, key);
      for (const [name, property] of Object.entries(spec.properties ?? {})) {
        if (name === key) continue;
        // Adapters that share a property name give it the same meaning; a clash of types keeps the first one's and
        // leaves the check to the provider (which knows the adapter by its type).
        properties[name] ??= property;
      }
    }
    const name = this.name(pascal(path));
    this.types[name] = {
      type: "object",
      properties: {
        [key]: {
          type: "string",
          description:
            `The adapter: ${types.map((t) => `\`${t}\``).join(", ")}, or another type DataRobot supports (sent as ` +
            "written, with a warning naming the known types).",
        },
        ...Object.fromEntries(Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      },
      required: [key],
    };
    return { type: "object", $ref: `#/types/${name}` };
  }

  /** An object type: its properties (secret where the model's one list says so) and the required ones. */
  object(schema: ZodTypeAny, path: Path, docs: Record<string, string> = {}, discriminator?: string): ObjectTypeSpec {
    const shape = (unwrapSchema(schema) as unknown as { shape: Record<string, ZodTypeAny> }).shape;
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const [key, field] of Object.entries(shape)) {
      const at = [...path, key];
      const description = docs[key] ?? field.description ?? unwrapSchema(field).description;
      const literal = def(unwrapSchema(field)).value;
      properties[key] = {
        ...(key === discriminator ? { type: "string", const: literal } : this.typeOf(field, at)),
        ...(description ? { description } : {}),
        ...(isSecret(at) ? { secret: true } : {}),
      };
      if (!field.isOptional()) required.push(key);
    }
    return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
  }
}

/** A secret field by the model (secrets.ts): its path or its key; a map whose every value is secret (`headers.*`). */
function isSecret(path: Path): boolean {
  return isSecretField(path) || isSecretPath(path) || isSecretField([...path, "*"]);
}

const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };

function definitionResource(builder: SchemaBuilder) {
  const payload = builder.object(JobDefinitionFieldsSchema, [], FIELD_DOCS as Record<string, string>);
  // The provider settings a program writes (those with a description; the doors generate the others).
  const providerSettings: Record<string, PropertySpec> = {};
  for (const [key, setting] of Object.entries(PROVIDER_SETTINGS)) {
    if ("description" in setting) providerSettings[key] = { type: setting.type, description: setting.description };
  }
  const computed: Record<string, PropertySpec> = {};
  for (const [key, description] of Object.entries(COMPUTED_DOCS)) {
    computed[key] =
      key === SERVER_FIELDS_KEY || key === ADOPTED_KEY ? { ...ANY, description } : { type: "string", description };
  }
  const inputProperties = { ...payload.properties, ...providerSettings };
  return {
    description: "A DataRobot batch prediction job definition.",
    inputProperties,
    requiredInputs: payload.required ?? [],
    properties: { ...inputProperties, ...computed },
    required: ["name"],
  };
}

function runResource() {
  const inputProperties: Record<string, PropertySpec> = {};
  for (const [key, { type, description }] of Object.entries(RUN_INPUT_DOCS)) {
    inputProperties[key] =
      type === "map" ? { type: "object", additionalProperties: ANY, description } : { type, description };
  }
  const properties: Record<string, PropertySpec> = { ...inputProperties };
  for (const [key, { type, description }] of Object.entries(RUN_OUTPUT_DOCS)) properties[key] = { type, description };
  return {
    description: "A run of a job definition as part of the deploy: creating it runs the definition and waits.",
    inputProperties,
    requiredInputs: ["jobDefinitionId"],
    properties,
    required: ["jobId", "status", "jobDefinitionId"],
  };
}

/** The provider's own settings, as config variables (`datarobot-batch:endpoint`) and as a Provider's inputs. */
function providerConfig(builder: SchemaBuilder): Record<string, PropertySpec> {
  const connection = pluginTypeToken("Connection");
  builder.types[connection] = {
    type: "object",
    description: "Another DataRobot installation a resource may name with its `endpoint`.",
    properties: {
      endpoint: { type: "string", description: "The API base URL, e.g. `https://eu.datarobot.com/api/v2`." },
      apiToken: { type: "string", secret: true, description: "Its API token (the provider's `apiToken` when unset)." },
    },
    required: ["endpoint"],
  };
  return {
    endpoint: {
      type: "string",
      description: "The DataRobot API base URL, e.g. `https://app.datarobot.com/api/v2` (else DATAROBOT_ENDPOINT).",
    },
    apiToken: { type: "string", secret: true, description: "The DataRobot API token (else DATAROBOT_API_TOKEN)." },
    allowInsecureHttp: {
      type: "boolean",
      description: "Accept a plain-http endpoint on another machine (else DATAROBOT_ALLOW_INSECURE_HTTP).",
    },
    connections: {
      type: "object",
      additionalProperties: { type: "object", $ref: `#/types/${connection}` },
      description: "Other DataRobot installations resources may name with `endpoint`: name → {endpoint, apiToken}.",
    },
  };
}

/** The Pulumi SDK versions this package supports, as a Python requirement (package.json: peerDependencies). */
export const PULUMI_SDK_RANGE_PYTHON = ">=3.139.0,<4.0.0";

/** The whole package schema. */
export function buildSchema(version: string) {
  const builder = new SchemaBuilder();
  const definition = definitionResource(builder);
  const config = providerConfig(builder);
  const types = Object.fromEntries(Object.entries(builder.types).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    name: PLUGIN_PACKAGE,
    displayName: "DataRobot batch predictions",
    version,
    description: "DataRobot batch prediction job definitions and runs as Pulumi resources.",
    keywords: ["pulumi", "datarobot", "batch-predictions", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    config: { variables: config },
    provider: { description: "The DataRobot connection.", inputProperties: config, properties: config },
    resources: {
      [PLUGIN_JOB_DEFINITION_TYPE_TOKEN]: definition,
      [PLUGIN_JOB_RUN_TYPE_TOKEN]: runResource(),
    },
    types,
    language: {
      // What Pulumi's Python code generator reads (scripts/python-sdk-gen.js checks it): the module name, a
      // pyproject.toml build, the wheel's version taken from this schema, and the Pulumi SDK range this package
      // supports (package.json's peerDependencies on @pulumi/pulumi, in pip's syntax; a test ties the two).
      python: {
        packageName: "pulumi_datarobot_batch",
        pyproject: { enabled: true },
        requires: { pulumi: PULUMI_SDK_RANGE_PYTHON },
        respectSchemaVersion: true,
      },
    },
  };
}
