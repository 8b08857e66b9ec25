/**
 * The three programs the bench compares: N job definitions of this package through its dynamic-provider door (the
 * `fleet` example: one definition per deployment, S3 in and out, a nightly schedule), the same N definitions through
 * the plugin door (plain resources of the plugin's type token, as a generated Python or YAML SDK registers them),
 * and N baseline items with the same payload shape.
 *
 * `variant` is read each time the engine runs the program: changing it changes one field (the intake URL) of every
 * resource, which is the bench's "one-field up".
 */
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { PLUGIN_JOB_DEFINITION_TYPE_TOKEN } from "../sdk/type-tokens";
import { fleet } from "../examples/fleet/program";
import { BaselineItem } from "./baseline/resource";
import { fleetArgs, inputPrefix, OUTPUT_PREFIX } from "./fleet-args";

export interface ProgramState {
  variant: string;
}

export interface FleetShape {
  deploymentIds: string[];
  credentialId: string;
}

export function oursProgram(shape: FleetShape, state: ProgramState): PulumiFn {
  return async () => {
    fleet({
      deployments: shape.deploymentIds.map((deploymentId, index) => ({ label: `d${index}`, deploymentId })),
      s3CredentialId: shape.credentialId,
      inputPrefix: inputPrefix(state.variant),
      outputPrefix: OUTPUT_PREFIX,
    });
    return {};
  };
}

/** What a generated SDK of another language registers: a resource of the plugin's type token with plain values. */
class PluginDefinition extends pulumi.CustomResource {
  constructor(name: string, props: Record<string, unknown>) {
    super(PLUGIN_JOB_DEFINITION_TYPE_TOKEN, name, props);
  }
}

/**
 * `fleet`'s payload field by field, registered for the plugin. The labels are `p<i>` (`d<i>` for the dynamic door):
 * both doors create their definitions on the same emulator, where names are unique.
 */
export function pluginProgram(shape: FleetShape, state: ProgramState): PulumiFn {
  return async () => {
    shape.deploymentIds.forEach((deploymentId, index) => {
      const label = `p${index}`;
      new PluginDefinition(
        `scoring-${label}`,
        fleetArgs(label, index, deploymentId, state.variant, shape.credentialId),
      );
    });
    return {};
  };
}

/** Mirrors `fleet`'s payload field by field (bar passthroughColumnsSet) with the baseline resource. */
export function baselineProgram(shape: FleetShape, state: ProgramState): PulumiFn {
  return async () => {
    shape.deploymentIds.forEach((deploymentId, index) => {
      const label = `d${index}`;
      const { passthroughColumnsSet: _notInBaseline, ...payload } = fleetArgs(
        label,
        index,
        deploymentId,
        state.variant,
        shape.credentialId,
      );
      new BaselineItem(`scoring-${label}`, payload);
    });
    return {};
  };
}
