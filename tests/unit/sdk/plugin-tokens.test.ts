/**
 * The tools that read a stack from outside (the review, `run --stack`, runAfterDeploy) recognise job definitions of
 * either distribution: the dynamic provider's type token and the native plugin's, and read the connection from
 * either config namespace.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { eitherNamespace, readConnectionSettings } from "../../../provider/config";
import { collectSteps } from "../../../sdk/review/events";
import { recordDeployEvents } from "../../../sdk/run/after-deploy";
import {
  JOB_DEFINITION_TYPE_TOKEN,
  PLUGIN_JOB_DEFINITION_TYPE_TOKEN,
  PLUGIN_JOB_RUN_TYPE_TOKEN,
  PLUGIN_PACKAGE,
  isJobDefinitionType,
} from "../../../sdk/type-tokens";

const pre = (type: string, name: string) =>
  ({
    resourcePreEvent: { metadata: { op: "create", urn: `urn:pulumi:dev::p::${type}::${name}`, type, provider: "p" } },
  }) as unknown as EngineEvent;

describe("type tokens of both distributions", () => {
  it("names the native plugin's tokens", () => {
    expect(PLUGIN_JOB_DEFINITION_TYPE_TOKEN).toBe("datarobot-batch:index:BatchPredictionJobDefinition");
    expect(PLUGIN_JOB_RUN_TYPE_TOKEN).toBe("datarobot-batch:index:BatchPredictionJobRun");
    expect(isJobDefinitionType(JOB_DEFINITION_TYPE_TOKEN)).toBe(true);
    expect(isJobDefinitionType(PLUGIN_JOB_DEFINITION_TYPE_TOKEN)).toBe(true);
    expect(isJobDefinitionType(PLUGIN_JOB_RUN_TYPE_TOKEN)).toBe(false);
  });

  it("the review collects definitions of either token", () => {
    const steps = collectSteps([
      pre(JOB_DEFINITION_TYPE_TOKEN, "dynamic"),
      pre(PLUGIN_JOB_DEFINITION_TYPE_TOKEN, "native"),
      pre(PLUGIN_JOB_RUN_TYPE_TOKEN, "run"),
    ]);
    expect(steps.map((step) => step.resource).sort()).toEqual(["dynamic", "native"]);
  });

  it("runAfterDeploy records changed definitions of the native token", () => {
    const events = recordDeployEvents();
    events.onEvent({
      resOutputsEvent: {
        metadata: { op: "create", type: PLUGIN_JOB_DEFINITION_TYPE_TOKEN, new: { id: "abc", outputs: { name: "n" } } },
      },
    });
    expect([...events.changed.keys()]).toEqual(["abc"]);
  });

  it("run --stack and runAfterDeploy read the plugin's config namespace when datarobot:* is not set", () => {
    const stackConfig: Record<string, string> = {
      "datarobot-batch:endpoint": "https://plugin.example.com/api/v2",
      "datarobot-batch:apiToken": "t",
    };
    const settings = readConnectionSettings(eitherNamespace({ get: (k) => stackConfig[k] }, PLUGIN_PACKAGE), {});
    expect(settings).toMatchObject({ endpoint: "https://plugin.example.com/api/v2", token: "t" });
  });
});
