/**
 * Inline Pulumi programs for the end-to-end tests: a list of job definitions, changed between operations by the test
 * (the list is read each time the engine runs the program). The resource class comes from the built package, exactly
 * as a user's program imports it, so the provider process runs `dist/`.
 */
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type * as sdk from "../../../sdk";
import { TYPE_TOKEN } from "./constants";

export { TYPE_TOKEN };

export interface DeclaredDefinition {
  /** The Pulumi resource name (last URN segment). */
  resource: string;
  args: Record<string, unknown>;
}

/** A program declaring `declared()` and exporting each definition's id and name as `<resource>Id`/`<resource>Name`. */
export function definitionsProgram(declared: () => DeclaredDefinition[]): PulumiFn {
  return async () => {
    // Loaded lazily: the SDK module must be loaded after the Automation API has set up the inline program's runtime.
    const { BatchPredictionJobDefinition } = require("pulumi-datarobot-batch") as typeof sdk;
    const outputs: Record<string, unknown> = {};
    for (const { resource, args } of declared()) {
      const definition = new BatchPredictionJobDefinition(
        resource,
        args as unknown as sdk.BatchPredictionJobDefinitionArgs,
      );
      outputs[`${resource}Id`] = definition.id;
      outputs[`${resource}Name`] = definition.name;
    }
    return outputs;
  };
}
