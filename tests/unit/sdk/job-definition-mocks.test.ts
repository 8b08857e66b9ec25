/**
 * The SDK class under Pulumi's mocks: the registration the engine would receive (type token, inputs, secret
 * options, the serialized provider) and the outputs a program can use. Nothing here talks to DataRobot.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  additionalSecretOutputs: string[];
  id?: string;
}

const registrations: Registration[] = [];

// Capture what the SDK sends, including the resource options that MockResourceArgs does not show.
const originalRegister = MockMonitor.prototype.registerResource;
MockMonitor.prototype.registerResource = function (this: MockMonitor, req: never, callback: never) {
  const request = req as {
    getType(): string;
    getName(): string;
    getAdditionalsecretoutputsList(): string[];
  };
  registrations.push({
    type: request.getType(),
    name: request.getName(),
    inputs: {},
    additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
  });
  return originalRegister.call(this, req, callback);
};

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const registration = registrations.find((r) => r.name === args.name && r.type === args.type);
        if (registration) {
          registration.inputs = args.inputs;
          registration.id = args.id;
        }
        // Echo the inputs as outputs, plus what DataRobot computes.
        return {
          id: args.id || "66aa00000000000000000abc",
          state: { ...args.inputs, created: "2026-11-28T10:00:00.000000Z", lastStartedJobStatus: null },
        };
      },
      call: () => ({}),
    },
    "scoring-project",
    "dev",
  );
});

// Imported after setMocks so the module's resources register against the mock monitor.
const sdk: typeof import("../../../sdk") = require("../../../sdk");

function output<T>(value: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => value.apply(resolve));
}

const baseArgs = {
  deploymentId: "66aa0000000000000000d001",
  intakeSettings: { type: "dataset" as const, datasetId: "66aa0000000000000000da01" },
};

describe("BatchPredictionJobDefinition under mocks", () => {
  it("registers the documented type token with the payload as inputs", async () => {
    const definition = new sdk.BatchPredictionJobDefinition("scoring", { ...baseArgs, name: "nightly" });
    await output(definition.urn);
    const registration = registrations.find((r) => r.name === "scoring")!;
    expect(registration.type).toBe("pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobDefinition");
    expect(registration.inputs).toMatchObject({ ...baseArgs, name: "nightly" });
    expect(registration.inputs).not.toHaveProperty("autoName");
    expect(await output(definition.id)).toBe("66aa00000000000000000abc");
  });

  it("passes a stable generated name when none is given", async () => {
    const definition = new sdk.BatchPredictionJobDefinition("unnamed", baseArgs);
    await output(definition.urn);
    const registration = registrations.find((r) => r.name === "unnamed")!;
    expect(registration.inputs.autoName).toBe(sdk.generatedName("unnamed", "scoring-project", "dev"));
    expect(registration.inputs.autoName).toMatch(/^unnamed-[0-9a-f]{7}$/);
    // Same project, stack and resource name: the same name in every preview and update.
    expect(sdk.generatedName("unnamed", "scoring-project", "dev")).toBe(registration.inputs.autoName);
    expect(sdk.generatedName("unnamed", "scoring-project", "prod")).not.toBe(registration.inputs.autoName);
  });

  it("serializes a small provider without credentials", async () => {
    process.env.DATAROBOT_API_TOKEN = "token-from-the-environment";
    try {
      const definition = new sdk.BatchPredictionJobDefinition("serialized", baseArgs);
      await output(definition.urn);
      const text = registrations.find((r) => r.name === "serialized")!.inputs.__provider as string;
      expect(typeof text).toBe("string");
      expect(Buffer.byteLength(text)).toBeLessThan(16 * 1024);
      expect(text).not.toContain("token-from-the-environment");
      expect(text).toContain("pulumi-datarobot-batch/provider");
    } finally {
      delete process.env.DATAROBOT_API_TOKEN;
    }
  });

  it("stores predictionInstance as a secret, input and output", async () => {
    const definition = new sdk.BatchPredictionJobDefinition("with-key", {
      ...baseArgs,
      predictionInstance: { hostName: "scoring.example.com", sslEnabled: true, apiKey: "instance-api-key" },
    });
    await output(definition.urn);
    const registration = registrations.find((r) => r.name === "with-key")!;
    expect(registration.additionalSecretOutputs).toEqual(["predictionInstance"]);
    expect(await pulumi.isSecret(definition.predictionInstance)).toBe(true);
  });

  it("keeps a caller's own additionalSecretOutputs", async () => {
    const definition = new sdk.BatchPredictionJobDefinition("more-secrets", baseArgs, {
      additionalSecretOutputs: ["intakeSettings"],
    });
    await output(definition.urn);
    const registration = registrations.find((r) => r.name === "more-secrets")!;
    expect(registration.additionalSecretOutputs.sort()).toEqual(["intakeSettings", "predictionInstance"]);
  });

  it("exposes every payload field and DataRobot's computed fields as outputs", async () => {
    const definition = new sdk.BatchPredictionJobDefinition("outputs", { ...baseArgs, name: "with-outputs" });
    expect(await output(definition.name)).toBe("with-outputs");
    expect(await output(definition.deploymentId)).toBe(baseArgs.deploymentId);
    expect(await output(definition.intakeSettings)).toEqual(baseArgs.intakeSettings);
    expect(await output(definition.created)).toBe("2026-11-28T10:00:00.000000Z");
    expect(await output(definition.lastStartedJobStatus)).toBeNull();
    for (const field of [
      "schedule",
      "outputSettings",
      "csvSettings",
      "nextScheduledRunTime",
      "lastSuccessfulRunTime",
    ]) {
      expect(definition).toHaveProperty(field);
    }
  });

  it("reads an existing definition by id with get()", async () => {
    const existing = sdk.BatchPredictionJobDefinition.get("existing", "66aa00000000000000000def");
    expect(await output(existing.id)).toBe("66aa00000000000000000def");
  });
});
