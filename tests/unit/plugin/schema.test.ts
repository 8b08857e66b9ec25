/**
 * The plugin's package schema follows the zod model: the checked-in plugin/schema.json is what `npm run docs`
 * generates, and the generated schema has every field, description, required and secret flag and closed value list
 * the model has.
 */
import * as fs from "node:fs";
import { INTAKE_TYPES, JobDefinitionFieldsSchema, OUTPUT_TYPES, SECRET_FIELDS } from "../../../provider/model";
import { buildSchema, type PropertySpec } from "../../../plugin/schema";
import { PLUGIN_SCHEMA_PATH, renderPluginSchema } from "../../../scripts/reference";
import { PLUGIN_JOB_DEFINITION_TYPE_TOKEN, PLUGIN_JOB_RUN_TYPE_TOKEN } from "../../../sdk/type-tokens";

const schema = buildSchema("0.0.0-test");
const definition = schema.resources[PLUGIN_JOB_DEFINITION_TYPE_TOKEN]!;
type Types = Record<string, { properties?: Record<string, PropertySpec>; enum?: { value: unknown; name?: string }[] }>;
const types = schema.types as Types;
const typeOf = (ref: string | undefined) => types[String(ref).replace("#/types/", "")]!;

describe("plugin/schema.json", () => {
  it("is what `npm run docs` generates from the model (regenerate it, never edit it)", () => {
    expect(fs.readFileSync(PLUGIN_SCHEMA_PATH, "utf8")).toBe(renderPluginSchema());
  });
});

describe("the package schema's language settings", () => {
  it("ask Python programs for the Pulumi SDK range package.json names for @pulumi/pulumi", () => {
    const peer = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { peerDependencies: Record<string, string> })
      .peerDependencies["@pulumi/pulumi"]!;
    expect(schema.language.python.requires.pulumi).toBe(peer.split(" ").join(","));
  });
});

describe("the package schema generated from the model", () => {
  it("has every model field as an input and an output, each described", () => {
    const fields = Object.keys(JobDefinitionFieldsSchema.shape);
    for (const field of fields) {
      expect(definition.inputProperties[field]?.description).toEqual(expect.any(String));
      expect(definition.properties[field]).toBeDefined();
    }
    expect(definition.properties.lastStartedJobStatus?.description).toEqual(expect.any(String));
    expect(definition.inputProperties).not.toHaveProperty("autoName");
  });

  it("requires what the model requires", () => {
    const shape = JobDefinitionFieldsSchema.shape as Record<string, { isOptional(): boolean }>;
    const required = Object.keys(shape).filter((key) => !shape[key]!.isOptional());
    expect(definition.requiredInputs).toEqual(required);
  });

  it("marks the model's secret fields secret, and the provider's token", () => {
    expect(SECRET_FIELDS).toContain("predictionInstance.apiKey");
    const instance = typeOf(definition.inputProperties.predictionInstance?.$ref).properties!;
    expect(instance.apiKey?.secret).toBe(true);
    expect(instance.datarobotKey?.secret).toBe(true);
    expect(instance.hostName?.secret).toBeUndefined();
    const http = typeOf(definition.inputProperties.outputSettings?.$ref).properties!;
    expect(http.headers?.secret).toBe(true);
    expect(http.url?.secret).toBeUndefined();
    expect(schema.config.variables.apiToken?.secret).toBe(true);
    expect(schema.provider.inputProperties.apiToken?.secret).toBe(true);
  });

  it("leaves the adapter type open, names the model's adapter types, and has every adapter's fields", () => {
    for (const [field, known] of [
      ["intakeSettings", INTAKE_TYPES],
      ["outputSettings", OUTPUT_TYPES],
    ] as const) {
      const adapter = typeOf(definition.inputProperties[field]?.$ref) as Types[string] & { required?: string[] };
      expect(adapter.properties!.type).toMatchObject({ type: "string" });
      expect(adapter.properties!.type).not.toHaveProperty("$ref"); // no enum: DataRobot adds adapters
      for (const type of known) expect(adapter.properties!.type!.description).toContain(`\`${type}\``);
      expect(adapter.required).toEqual(["type"]);
    }
    const intake = typeOf(definition.inputProperties.intakeSettings?.$ref).properties!;
    for (const key of ["url", "credentialId", "dataStoreId", "fetchSize", "projectId", "datasetId"])
      expect(intake).toHaveProperty(key);
  });

  it("lists closed value lists as enums; open strings stay strings", () => {
    const algorithm = typeOf(definition.inputProperties.explanationAlgorithm?.$ref);
    expect(algorithm.enum?.map((e) => e.value)).toEqual(["shap", "xemp"]);
    expect(definition.inputProperties.batchJobType).toMatchObject({ type: "string" });
    expect(definition.inputProperties.batchJobType?.$ref).toBeUndefined();
  });

  it("names enum values whose constants would collide in a generated SDK (Python: INSERT_UPDATE twice)", () => {
    // Python's generator upper-snake-cases a value's name (else the value): a duplicate fails the module's import.
    const constant = (name: string) =>
      name
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .replace(/[^A-Za-z0-9]+/g, "_")
        .toUpperCase();
    for (const [token, type] of Object.entries(types)) {
      if (!type.enum) continue;
      const names = type.enum.map((e) => constant(e.name ?? String(e.value)));
      expect({ token, names: [...new Set(names)] }).toEqual({ token, names });
    }
    // statementType is open (DataRobot's SDK knows four values; others are sent with a warning): a plain string.
    const output = typeOf(definition.inputProperties.outputSettings?.$ref).properties!;
    expect(output.statementType).toMatchObject({ type: "string" });
    expect(output.statementType).not.toHaveProperty("$ref");
  });

  it("uses `const` only for a union's discriminator: Pulumi fills a const in as if the program had set it", () => {
    expect(definition.inputProperties.passthroughColumnsSet).not.toHaveProperty("const");
    expect(typeOf(definition.inputProperties.passthroughColumnsSet?.$ref).enum).toEqual([{ value: "all" }]);
    const consts = [...Object.values(types), { properties: definition.inputProperties }].flatMap((type) =>
      Object.entries(type.properties ?? {}).filter(([, spec]) => "const" in spec),
    );
    expect(consts.length).toBeGreaterThan(0);
    for (const [key] of consts) expect(key).toBe("type");
  });

  it("has the run resource and the config variables", () => {
    expect(schema.resources[PLUGIN_JOB_RUN_TYPE_TOKEN]?.requiredInputs).toEqual(["jobDefinitionId"]);
    expect(Object.keys(schema.config.variables).sort()).toEqual([
      "allowInsecureHttp",
      "apiToken",
      "connections",
      "endpoint",
    ]);
  });
});
