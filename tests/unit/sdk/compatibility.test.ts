/**
 * The names and values other people's state, programs and pipelines depend on, pinned: changing one of them is a
 * breaking change (docs/versioning.md), so it must fail a test and be made on purpose, in a major version, with a
 * migration. Each block names what depends on the value.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EXPORT_NAME, JOB_DEFINITION_TYPE, JOB_RUN_TYPE, PULUMI_MODULE } from "../../../sdk";
import { EXIT } from "../../../sdk/cli/main";
import { dynamicTypeToken, JOB_DEFINITION_TYPE_TOKEN } from "../../../sdk/type-tokens";
import { JOB_DEFINITION_PROVIDER_TEXT, JOB_RUN_PROVIDER_TEXT } from "../../../sdk/serialized-provider";
import * as provider from "../../../provider";
import { DEFAULT_CONFIG, SEED, startEmulator } from "../../../emulator";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
const PROVIDER_METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];

describe("stored state", () => {
  it("resource type tokens: URNs in every stack's state contain them", () => {
    // pulumi-nodejs:dynamic/<module>:<type>; the engine-side registration is pinned in job-definition-mocks.test.ts
    // and read back from old state in tests/e2e/upgrade.test.ts.
    expect(`pulumi-nodejs:dynamic/${PULUMI_MODULE}:${JOB_DEFINITION_TYPE}`).toBe(
      "pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobDefinition",
    );
    expect(`pulumi-nodejs:dynamic/${PULUMI_MODULE}:${JOB_RUN_TYPE}`).toBe(
      "pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobRun",
    );
    // The derived tokens the review and runAfterDeploy match engine events by.
    expect(JOB_DEFINITION_TYPE_TOKEN).toBe("pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobDefinition");
    expect(dynamicTypeToken(JOB_RUN_TYPE)).toBe("pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobRun");
  });

  it("the implementations the serialized provider in state loads by name are exported, with every method", () => {
    // `__provider` in state runs require("pulumi-datarobot-batch/provider")[name]: these names and this subpath are
    // loaded by state written by every earlier release.
    expect(pkg.exports["./provider"]).toEqual({
      types: "./dist/provider/index.d.ts",
      default: "./dist/provider/index.js",
    });
    const exported = provider as unknown as Record<string, Record<string, unknown>>;
    for (const name of ["jobDefinitionProvider", "jobRunProvider"]) {
      for (const method of PROVIDER_METHODS)
        expect({ name, method, type: typeof exported[name]?.[method] }).toEqual({ name, method, type: "function" });
    }
  });

  it("`/provider` exports the implementations, the HTTP client and the configuration names, nothing internal", () => {
    // What `/provider` offers, pinned so that a new export is a decision (each is a promise, docs/versioning.md).
    expect(Object.keys(provider).sort()).toEqual([
      "CONFIG_CONNECTIONS",
      "CONFIG_ENDPOINT",
      "CONFIG_TOKEN",
      "ConfigurationError",
      "ConflictError",
      "DEFAULT_MAX_RESPONSE_BYTES",
      "DEFAULT_RETRY_POLICY",
      "DataRobotApiError",
      "DataRobotClient",
      "DeadlineExceededError",
      "ENV_ENDPOINT",
      "ENV_TOKEN",
      "ForbiddenError",
      "InvalidEndpointError",
      "JobDefinitionProvider",
      "JobRunProvider",
      "NetworkError",
      "NotFoundError",
      "RETRYABLE_STATUSES",
      "RateLimitedError",
      "ResponseMismatchError",
      "ResponseTooLargeError",
      "ServerError",
      "UnauthorizedError",
      "ValidationError",
      "jobDefinitionProvider",
      "jobRunProvider",
      "normaliseEndpoint",
      "parseRetryAfter",
    ]);
  });

  it("every implementation the checked-in state of an earlier release loads is still exported", () => {
    const fixture = fs.readFileSync(path.join(repoRoot, "tests", "e2e", "fixtures", "v0-deployment.json"), "utf8");
    const loaded = [...fixture.matchAll(/require\(\\"([^\\"]+)\\"\)\.(\w+)/g)].map((m) => `${m[1]}#${m[2]}`);
    expect(new Set(loaded)).toEqual(new Set(["pulumi-datarobot-batch/provider#jobDefinitionProvider"]));
    expect(typeof (provider as unknown as Record<string, unknown>).jobDefinitionProvider).toBe("object");
  });

  it("every implementation the state written by release 0.1.0 loads is still exported", () => {
    const fixture = fs.readFileSync(
      path.join(repoRoot, "tests", "e2e", "fixtures", "release-0.1.0", "deployment.json"),
      "utf8",
    );
    // 0.1.0's shim: `require("pulumi-datarobot-batch/provider")[impl]`, with `impl: "<export name>"` in its scope.
    expect(new Set([...fixture.matchAll(/require\(\\"([^\\"]+)\\"\)\[impl\]/g)].map((m) => m[1]))).toEqual(
      new Set(["pulumi-datarobot-batch/provider"]),
    );
    const names = new Set([...fixture.matchAll(/impl: \\"(\w+)\\"/g)].map((m) => m[1]));
    expect(names).toEqual(new Set(["jobDefinitionProvider", "jobRunProvider"]));
    for (const name of names) {
      expect(typeof (provider as unknown as Record<string, unknown>)[name]).toBe("object");
    }
  });
});

describe("programs and pipelines", () => {
  it("entry points and commands", () => {
    expect(Object.keys(pkg.exports)).toEqual([".", "./provider", "./emulator", "./package.json"]);
    expect(Object.keys(pkg.bin)).toEqual(["datarobot-batch", "datarobot-batch-emulator"]);
  });

  it("configuration keys and environment variables", () => {
    expect([provider.CONFIG_ENDPOINT, provider.CONFIG_TOKEN]).toEqual(["datarobot:endpoint", "datarobot:apiToken"]);
    expect([provider.ENV_ENDPOINT, provider.ENV_TOKEN]).toEqual(["DATAROBOT_ENDPOINT", "DATAROBOT_API_TOKEN"]);
  });

  it("the stack output runAfterDeploy and `datarobot-batch run --stack` read", () => {
    expect(EXPORT_NAME).toBe("batchPredictionJobDefinitions");
  });

  it("CLI exit codes: pipelines branch on them", () => {
    expect(EXIT).toEqual({ OK: 0, FAILED: 1, USAGE: 2, ABORTED: 3, TIMED_OUT: 4, ERROR: 5, INTERRUPTED: 130 });
  });
});

describe("the emulator's defaults: test suites and CI set up against them", () => {
  it("seeded fixture ids", () => {
    expect(SEED).toEqual({
      deploymentId: "64b000000000000000000d01",
      secondDeploymentId: "64b000000000000000000d02",
      datasetId: "64b000000000000000000da1",
      credentialId: "64b000000000000000000c01",
      dataStoreId: "64b000000000000000000e01",
      ownerUserId: "64b000000000000000000a01",
      otherUserId: "64b000000000000000000a02",
      organizationId: "64b000000000000000000f01",
    });
  });

  it("behaviour defaults", () => {
    expect(DEFAULT_CONFIG).toMatchObject({
      timeScale: 1,
      jobDurationMs: 6000,
      duplicateNameStatus: 409,
      deleteWhileRunning: "conflict",
      unknownDeploymentStatus: 422,
      checkReferences: false,
      defaultRows: 1000,
      defaultNumConcurrent: 4,
      maxLimit: 1000,
    });
  });

  it("tokens, host and URL layout of startEmulator()", async () => {
    const emu = await startEmulator();
    try {
      expect({ token: emu.token, otherToken: emu.otherToken }).toEqual({
        token: "emulator-owner-token",
        otherToken: "emulator-other-token",
      });
      expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
      expect(emu.adminUrl).toBe(emu.url.replace(/\/api\/v2$/, "/__admin"));
    } finally {
      await emu.close();
    }
  });

  it("the provider text this version stores loads the implementations by their long export names", () => {
    expect(JOB_DEFINITION_PROVIDER_TEXT).toContain('require("pulumi-datarobot-batch/provider").jobDefinitionProvider}');
    expect(JOB_RUN_PROVIDER_TEXT).toContain('require("pulumi-datarobot-batch/provider").jobRunProvider}');
  });
});
