/**
 * The provider settings (endpoint, adoptExisting, ...) are one table in provider/job-definition/fields.ts: `check`'s
 * type test, the typed pick the operations read, the native plugin's schema and the review's hidden keys all follow
 * it, so that a setting added there is checked, read, published and hidden (or shown) without a second list.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import {
  ADOPTED_KEY,
  ADOPTION_PREVIEW_KEY,
  PROVIDER_KEY,
  PROVIDER_SETTINGS,
  PROVIDER_SETTING_KEYS,
  pickProviderSettings,
} from "../../../provider/job-definition/fields";
import { providerSettingIssues } from "../../../provider/job-definition/provider-settings-check";
import { readConnectionSettings } from "../../../provider/config";
import { buildSchema } from "../../../plugin/schema";
import { reviewEvents } from "../../../sdk/review";
import { PLUGIN_JOB_DEFINITION_TYPE_TOKEN } from "../../../sdk/type-tokens";

const TYPE = "pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobDefinition";
const settings = readConnectionSettings({ get: () => undefined }, { DATAROBOT_ENDPOINT: "https://dr.example/api/v2" });

describe("the provider settings table", () => {
  it("names the five settings, endpoint and autoName strings, the others booleans", () => {
    expect(Object.fromEntries(PROVIDER_SETTING_KEYS.map((key) => [key, PROVIDER_SETTINGS[key].type]))).toEqual({
      endpoint: "string",
      adoptExisting: "boolean",
      deleteAdoptedOnDestroy: "boolean",
      abortRunningJobsOnDelete: "boolean",
      autoName: "string",
    });
  });

  it("check fails every setting of the wrong type, naming it and the type it needs", () => {
    const wrong = {
      endpoint: 12,
      adoptExisting: "yes",
      deleteAdoptedOnDestroy: 1,
      abortRunningJobsOnDelete: [],
      autoName: true,
    };
    expect(providerSettingIssues(wrong, settings)).toEqual([
      { property: "adoptExisting", reason: 'must be true or false, not string "yes"' },
      { property: "deleteAdoptedOnDestroy", reason: "must be true or false, not number 1" },
      { property: "abortRunningJobsOnDelete", reason: "must be true or false, not array []" },
      { property: "endpoint", reason: "must be a string, not number 12" },
      { property: "autoName", reason: "must be a string, not boolean true" },
    ]);
  });

  it("the operations read each setting of the right type, an empty string as unset, and nothing else", () => {
    const props = {
      endpoint: "",
      adoptExisting: true,
      deleteAdoptedOnDestroy: false,
      abortRunningJobsOnDelete: "yes",
      autoName: "proj-dev-nightly",
      name: "nightly",
      [PROVIDER_KEY]: "exports.handler = ...",
    };
    expect(pickProviderSettings(props)).toEqual({
      adoptExisting: true,
      deleteAdoptedOnDestroy: false,
      autoName: "proj-dev-nightly",
    });
  });

  it("the native schema publishes the settings a program writes, with the table's type and text, not autoName", () => {
    const inputs = buildSchema("0.0.0-test").resources[PLUGIN_JOB_DEFINITION_TYPE_TOKEN]!.inputProperties;
    for (const key of ["endpoint", "adoptExisting", "deleteAdoptedOnDestroy", "abortRunningJobsOnDelete"] as const) {
      expect(inputs[key]).toEqual({
        type: PROVIDER_SETTINGS[key].type,
        description: PROVIDER_SETTINGS[key].description,
      });
    }
    expect(inputs).not.toHaveProperty("autoName");
  });

  it("a review shows the settings a program writes and hides the generated one and the engine's keys", () => {
    const urn = `urn:pulumi:dev::proj::${TYPE}::nightly`;
    const inputs = {
      [PROVIDER_KEY]: "exports.handler = ...",
      autoName: "proj-dev-nightly",
      [ADOPTION_PREVIEW_KEY]: { id: "64b000000000000000000d01" },
      [ADOPTED_KEY]: { id: "64b000000000000000000d01" },
      adoptExisting: true,
      deploymentId: "64b000000000000000000d01",
    };
    const event = {
      sequence: 1,
      timestamp: 0,
      resourcePreEvent: {
        metadata: {
          op: "create",
          urn,
          type: TYPE,
          provider: "p",
          new: { type: TYPE, urn, custom: true, id: "", parent: "", provider: "", inputs, outputs: {} },
        },
      },
    } as unknown as EngineEvent;
    const [resource] = reviewEvents([event]).review.resources;
    expect(resource!.fields.map((field) => field.path)).toEqual(["adoptExisting", "deploymentId"]);
  });
});
