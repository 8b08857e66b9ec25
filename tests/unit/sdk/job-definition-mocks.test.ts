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
  /** The inputs as serialized for the engine: secrets are `{<secret signature>: ..., value}` wrappers here. */
  wireInputs: Record<string, unknown>;
  additionalSecretOutputs: string[];
  /** The stack Pulumi records where the program declared the resource (the engine stores it with the resource). */
  stackUris: string[];
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
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getStacktrace(): { getFramesList(): Array<{ getPc(): { getUri(): string } | undefined }> } | undefined;
  };
  registrations.push({
    stackUris: (request.getStacktrace()?.getFramesList() ?? []).flatMap((frame) => frame.getPc()?.getUri() ?? []),
    type: request.getType(),
    name: request.getName(),
    inputs: {},
    wireInputs: request.getObject()?.toJavaScript() ?? {},
    additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
  });
  return originalRegister.call(this, req, callback);
};
// `get` reads instead of registering: capture its options too.
const originalRead = MockMonitor.prototype.readResource;
MockMonitor.prototype.readResource = function (this: MockMonitor, req: never, callback: never) {
  const request = req as { getType(): string; getName(): string; getAdditionalsecretoutputsList(): string[] };
  registrations.push({
    type: request.getType(),
    name: request.getName(),
    inputs: {},
    wireInputs: {},
    stackUris: [],
    additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
  });
  return originalRead.call(this, req, callback);
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

  it("registers unmodelledFields as top-level fields of the body, and refuses a modelled name there", async () => {
    const definition = new sdk.BatchPredictionJobDefinition("unmodelled", {
      ...baseArgs,
      unmodelledFields: { explanationsMode: "fast", nested: { a: [1] } },
    });
    await output(definition.urn);
    const registration = registrations.find((r) => r.name === "unmodelled")!;
    expect(registration.inputs).toMatchObject({ ...baseArgs, explanationsMode: "fast", nested: { a: [1] } });
    expect(registration.inputs).not.toHaveProperty("unmodelledFields");
    expect(
      () =>
        new sdk.BatchPredictionJobDefinition("clash", {
          ...baseArgs,
          unmodelledFields: { numConcurrent: 4, endpoint: "x" },
        }),
    ).toThrow(
      "unmodelledFields: numConcurrent, endpoint are fields this package models — set them as a typed argument instead",
    );
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

  it("registers exactly the secret leaves of the one list as Pulumi secrets, plain or Output, nothing else", async () => {
    new sdk.BatchPredictionJobDefinition("with-secrets", {
      deploymentId: baseArgs.deploymentId,
      intakeSettings: {
        type: "azure",
        url: "https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&sig=SAS-SIG-MARKER",
      },
      outputSettings: {
        type: "http",
        method: "PUT",
        url: pulumi.output("https://bob:URL-PASS-MARKER@hooks.example.com/scores"),
        headers: { Authorization: "Bearer AUTH-MARKER", "X-Api-Key": pulumi.output("XAPI-MARKER"), "X-Team": "ml" },
      },
      predictionInstance: { hostName: "scoring.example.com", apiKey: "PIKEY-MARKER", datarobotKey: "DRKEY-MARKER" },
      csvSettings: { delimiter: ",", quotechar: '"', encoding: "utf-8" },
    });
    // A second definition: customerKey inside serverSideEncryption, and a URL without credentials.
    new sdk.BatchPredictionJobDefinition("with-sse", {
      deploymentId: baseArgs.deploymentId,
      intakeSettings: { type: "s3", url: "s3://bucket/in.csv" },
      outputSettings: {
        type: "s3",
        url: "s3://bucket/out.csv",
        serverSideEncryption: { algorithm: "AES256", customerKey: "SSEC-MARKER" },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sig = "4dabf18193072939515e22adb298388d";
    const secretPaths = (value: unknown, path: string[] = []): string[] => {
      if (value === null || typeof value !== "object") return [];
      if (sig in (value as object)) return [path.join(".")];
      return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
        secretPaths(inner, [...path, key]),
      );
    };
    const first = registrations.find((r) => r.name === "with-secrets")!;
    expect(secretPaths(first.wireInputs).sort()).toEqual([
      "intakeSettings.url",
      "outputSettings.headers.Authorization",
      "outputSettings.headers.X-Api-Key",
      "outputSettings.headers.X-Team", // every header value: which header carries a credential is not knowable
      "outputSettings.url",
      "predictionInstance.apiKey",
      "predictionInstance.datarobotKey",
    ]);
    // What is not secret stays readable: a reviewer still sees the host, the header names and the adapter type.
    expect(first.wireInputs).toMatchObject({
      predictionInstance: { hostName: "scoring.example.com" },
      outputSettings: { type: "http" },
      csvSettings: { delimiter: "," },
    });
    expect(Object.keys((first.wireInputs.outputSettings as { headers: object }).headers).sort()).toEqual([
      "Authorization",
      "X-Api-Key",
      "X-Team",
    ]);
    const second = registrations.find((r) => r.name === "with-sse")!;
    expect(secretPaths(second.wireInputs)).toEqual(["outputSettings.serverSideEncryption.customerKey"]);
    // Top-level outputs stay readable: the engine keeps each leaf secret at its own path (e2e tests check the state).
    expect(first.additionalSecretOutputs).toEqual([]);
  });

  it("keeps a caller's own additionalSecretOutputs", async () => {
    const definition = new sdk.BatchPredictionJobDefinition("more-secrets", baseArgs, {
      additionalSecretOutputs: ["intakeSettings"],
    });
    await output(definition.urn);
    const registration = registrations.find((r) => r.name === "more-secrets")!;
    expect(registration.additionalSecretOutputs).toEqual(["intakeSettings"]);
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

  it("reads an existing definition by id with get(), every field that may hold a secret stored encrypted", async () => {
    const existing = sdk.BatchPredictionJobDefinition.get("existing", "66aa00000000000000000def");
    expect(await output(existing.id)).toBe("66aa00000000000000000def");
    // Read by id, there are no inputs whose secrets the engine could follow.
    const registration = registrations.find((r) => r.name === "existing")!;
    expect(registration.additionalSecretOutputs.sort()).toEqual([
      "intakeSettings",
      "outputSettings",
      "predictionInstance",
    ]);
  });

  describe("warnings the program shows (the provider's check cannot warn)", () => {
    const http = { type: "http" as const, url: "https://e.com/x.csv", credentialId: "66aa0000000000000000c001" };
    let warn: jest.SpyInstance;
    beforeEach(() => {
      warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
    });
    afterEach(() => warn.mockRestore());

    it("validates known arguments at once, in the constructor (no apply over the arguments)", async () => {
      const spy = jest.spyOn(pulumi, "output");
      let definition: InstanceType<typeof sdk.BatchPredictionJobDefinition>;
      try {
        definition = new sdk.BatchPredictionJobDefinition("warn-plain", { ...baseArgs, intakeSettings: http });
        // Synchronous: the warning is there before the constructor returned.
        expect(warn.mock.calls.map((call) => call[0])).toEqual([
          expect.stringMatching(/^intakeSettings\.credentialId: .*not a field for /),
        ]);
        // Neither warnAboutInputs nor logAdoption (no adoptExisting) wrapped the arguments in an Output.
        expect(spy).not.toHaveBeenCalled();
      } finally {
        spy.mockRestore();
      }
      await output(definition.urn);
    });

    it("validates arguments that hold Outputs once they are resolved", async () => {
      const definition = new sdk.BatchPredictionJobDefinition("warn-output", {
        ...baseArgs,
        intakeSettings: pulumi.output(http),
      });
      await output(definition.urn);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warn.mock.calls.map((call) => call[0])).toEqual([
        expect.stringMatching(/^intakeSettings\.credentialId: .*not a field for /),
      ]);
    });
  });

  it("skips the runtime's debug stacks while registering, yet keeps the source position and the stack limit", async () => {
    const before = Error.stackTraceLimit;
    const definition = new sdk.BatchPredictionJobDefinition("positioned", baseArgs);
    expect(Error.stackTraceLimit).toBe(before);
    await output(definition.urn);
    const registration = registrations.find((r) => r.name === "positioned")!;
    expect(registration.stackUris).toContainEqual(expect.stringMatching(/job-definition-mocks\.test\.ts$/));
  });

  it("restores the stack limit when the Pulumi constructor throws", () => {
    const before = Error.stackTraceLimit;
    expect(
      () => new sdk.BatchPredictionJobDefinition("bad-parent", baseArgs, { parent: {} as unknown as pulumi.Resource }),
    ).toThrow(/parent/);
    expect(Error.stackTraceLimit).toBe(before);
  });
});
