/** The review tells a reviewer when a definition's own endpoint is plain http to another machine (allowInsecureHttp). */
import { buildReview } from "../../../sdk/review";
import type { ResourceStep } from "../../../sdk/review/events";

const inputs = (endpoint: string) => ({
  name: "lab-scoring",
  deploymentId: "66aa0000000000000000d001",
  intakeSettings: { type: "s3", url: "s3://bucket/in.csv" },
  endpoint,
});

function warningsOf(endpoint: string) {
  const step: ResourceStep = {
    urn: "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobDefinition::lab",
    resource: "lab",
    op: "create",
    newInputs: inputs(endpoint),
    replaceKeys: [],
  };
  return buildReview([step], { now: new Date("2026-03-10T12:00:00Z") }).resources[0].warnings;
}

describe("insecure endpoint warning", () => {
  it("is shown for a plain-http endpoint on another machine, naming the option and the risk", () => {
    expect(warningsOf("http://10.1.2.3:8080").filter((w) => w.kind === "insecure-endpoint")).toEqual([
      {
        kind: "insecure-endpoint",
        message:
          "Uses plain http to http://10.1.2.3:8080/api/v2 (allowed by datarobot:allowInsecureHttp): the API token and " +
          "the data travel in clear text on the network.",
      },
    ]);
  });

  it.each(["https://dr.example.com/api/v2", "http://localhost:8080/api/v2", "http://127.0.0.1:9/api/v2"])(
    "is not shown for %s",
    (endpoint) => {
      expect(warningsOf(endpoint).map((w) => w.kind)).not.toContain("insecure-endpoint");
    },
  );
});
