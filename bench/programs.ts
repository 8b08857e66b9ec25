/**
 * The two programs the bench compares: N job definitions of this package (the `fleet` example: one definition per
 * deployment, S3 in and out, a nightly schedule) and N baseline items with the same payload shape.
 *
 * `variant` is read each time the engine runs the program: changing it changes one field (the intake URL) of every
 * resource, which is the bench's "one-field up".
 */
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { fleet } from "../examples/fleet/program";
import { BaselineItem } from "./baseline/resource";

export interface ProgramState {
  variant: string;
}

export interface FleetShape {
  deploymentIds: string[];
  credentialId: string;
}

const inputPrefix = (state: ProgramState) => `s3://bench-input/${state.variant}`;
const OUTPUT_PREFIX = "s3://bench-output";

export function oursProgram(shape: FleetShape, state: ProgramState): PulumiFn {
  return async () => {
    fleet({
      deployments: shape.deploymentIds.map((deploymentId, index) => ({ label: `d${index}`, deploymentId })),
      s3CredentialId: shape.credentialId,
      inputPrefix: inputPrefix(state),
      outputPrefix: OUTPUT_PREFIX,
    });
    return {};
  };
}

/** Mirrors `fleet`'s payload field by field (bar passthroughColumnsSet) with the baseline resource. */
export function baselineProgram(shape: FleetShape, state: ProgramState): PulumiFn {
  return async () => {
    shape.deploymentIds.forEach((deploymentId, index) => {
      const label = `d${index}`;
      new BaselineItem(`scoring-${label}`, {
        name: `scoring-${label}`,
        deploymentId,
        intakeSettings: { type: "s3", url: `${inputPrefix(state)}/${label}.csv`, credentialId: shape.credentialId },
        outputSettings: { type: "s3", url: `${OUTPUT_PREFIX}/${label}.csv`, credentialId: shape.credentialId },
        schedule: {
          minute: [(index * 7) % 60],
          hour: [1 + (index % 4)],
          dayOfMonth: ["*"],
          month: ["*"],
          dayOfWeek: ["*"],
        },
        enabled: false,
      });
    });
    return {};
  };
}
