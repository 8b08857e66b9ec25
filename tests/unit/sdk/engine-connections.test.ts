/**
 * sdk/engine-connections.ts: constructing a resource class gives the Pulumi runtime's later gRPC clients connections
 * of their own (what that prevents, with the real runtime and a stand-in engine:
 * tests/integration/sdk/engine-connections.test.ts).
 */
import type * as pulumiType from "@pulumi/pulumi";

const args = {
  deploymentId: "66aa0000000000000000d001",
  intakeSettings: { type: "dataset" as const, datasetId: "66aa0000000000000000da01" },
};

type Modules = {
  clientOptions: Record<string, unknown>;
  sdk: typeof import("../../../sdk");
  connections: typeof import("../../../sdk/engine-connections");
};

/** Runs `test` with a fresh runtime and SDK (a module registry of their own, so nothing is set yet), under mocks. */
function withFreshModules(test: (modules: Modules) => void): void {
  jest.isolateModules(() => {
    const pulumi = require("@pulumi/pulumi") as typeof pulumiType;
    void pulumi.runtime.setMocks(
      { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) },
      "project",
      "dev",
    );
    const settings = require("@pulumi/pulumi/runtime/settings") as { grpcClientOptions: Record<string, unknown> };
    test({
      clientOptions: settings.grpcClientOptions,
      sdk: require("../../../sdk"),
      connections: require("../../../sdk/engine-connections"),
    });
  });
}

describe("the runtime's gRPC clients after a resource class is constructed", () => {
  it("use a subchannel pool of their own once a BatchPredictionJobDefinition is constructed", () =>
    withFreshModules(({ sdk, clientOptions, connections }) => {
      expect(clientOptions[connections.LOCAL_SUBCHANNEL_POOL]).toBeUndefined();
      new sdk.BatchPredictionJobDefinition("scoring", args);
      expect(clientOptions[connections.LOCAL_SUBCHANNEL_POOL]).toBe(1);
    }));

  it("use a subchannel pool of their own once a BatchPredictionJobRun is constructed", () =>
    withFreshModules(({ sdk, clientOptions, connections }) => {
      expect(clientOptions[connections.LOCAL_SUBCHANNEL_POOL]).toBeUndefined();
      new sdk.BatchPredictionJobRun("smoke", { jobDefinitionId: "66aa00000000000000000abc" });
      expect(clientOptions[connections.LOCAL_SUBCHANNEL_POOL]).toBe(1);
    }));

  it("keep the runtime's other options", () =>
    withFreshModules(({ clientOptions, connections }) => {
      const before = { ...clientOptions };
      connections.isolateEngineConnections();
      connections.isolateEngineConnections();
      expect(clientOptions).toEqual({ ...before, [connections.LOCAL_SUBCHANNEL_POOL]: 1 });
    }));
});
