/**
 * With `datarobot:allowInsecureHttp`, a definition on a plain-http endpoint that is not loopback is announced in
 * `pulumi preview`/`up` by the program (the provider's stderr is not shown by the engine): once per endpoint.
 */
import * as pulumi from "@pulumi/pulumi";
import { insecureHttpWarning } from "../../../provider/client/endpoint";

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: "66aa00000000000000000abc", state: args.inputs }),
      call: () => ({}),
    },
    "scoring-project",
    "dev",
  );
});

const sdk: typeof import("../../../sdk") = require("../../../sdk");

const args = {
  deploymentId: "66aa0000000000000000d001",
  intakeSettings: { type: "dataset" as const, datasetId: "66aa0000000000000000da01" },
};

const settle = (resource: pulumi.Resource) =>
  new Promise<void>((resolve) => resource.urn.apply(() => setTimeout(resolve, 20)));

function captureWarnings(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const spy = jest.spyOn(pulumi.log, "warn").mockImplementation(async (message) => {
    lines.push(message);
  });
  return { lines, restore: () => spy.mockRestore() };
}

afterEach(() => pulumi.runtime.setAllConfig({}));

it("warns once for a resource's own plain-http endpoint when the stack allows it", async () => {
  pulumi.runtime.setAllConfig({
    "datarobot:allowInsecureHttp": "true",
    "datarobot:endpoint": "https://app.datarobot.com",
  });
  const { lines, restore } = captureWarnings();
  const endpoint = "http://10.9.8.7:8080/api/v2";
  const first = new sdk.BatchPredictionJobDefinition("lab-a", { ...args, endpoint });
  const second = new sdk.BatchPredictionJobDefinition("lab-b", { ...args, endpoint });
  await Promise.all([settle(first), settle(second)]);
  restore();
  expect(lines.filter((line) => line.includes("plain http"))).toEqual([insecureHttpWarning(endpoint)]);
});

it("warns for the stack's endpoint too (the resource names none)", async () => {
  pulumi.runtime.setAllConfig({
    "datarobot:allowInsecureHttp": "true",
    "datarobot:endpoint": "http://dr.internal.example/api/v2",
  });
  const { lines, restore } = captureWarnings();
  await settle(new sdk.BatchPredictionJobDefinition("stack-endpoint", args));
  restore();
  expect(lines.filter((line) => line.includes("plain http"))).toEqual([
    insecureHttpWarning("http://dr.internal.example/api/v2"),
  ]);
});

it("says nothing without the option (the provider refuses the endpoint instead) or for https", async () => {
  pulumi.runtime.setAllConfig({ "datarobot:endpoint": "http://other.internal.example/api/v2" });
  const { lines, restore } = captureWarnings();
  await settle(new sdk.BatchPredictionJobDefinition("strict", args));
  pulumi.runtime.setAllConfig({ "datarobot:allowInsecureHttp": "true", "datarobot:endpoint": "https://x.example" });
  await settle(new sdk.BatchPredictionJobDefinition("secure", args));
  restore();
  expect(lines.filter((line) => line.includes("plain http"))).toEqual([]);
});
