/**
 * The `fleet` example's arguments (examples/fleet/program.ts) for its definition `index`, field by field, as plain
 * values: what the plugin door's program (bench/programs.ts) and the provider bench (bench/provider-ops.ts) register.
 * The bench's input and output buckets stand for the example's prefixes; `variant` in the input prefix is the field a
 * "one-field up" changes.
 */
export const OUTPUT_PREFIX = "s3://bench-output";

export const inputPrefix = (variant: string): string => `s3://bench-input/${variant}`;

export function fleetArgs(label: string, index: number, deploymentId: string, variant: string, credentialId: string) {
  return {
    name: `scoring-${label}`,
    deploymentId,
    intakeSettings: { type: "s3", url: `${inputPrefix(variant)}/${label}.csv`, credentialId },
    outputSettings: { type: "s3", url: `${OUTPUT_PREFIX}/${label}.csv`, credentialId },
    passthroughColumnsSet: "all",
    schedule: {
      minute: [(index * 7) % 60],
      hour: [1 + (index % 4)],
      dayOfMonth: ["*"],
      month: ["*"],
      dayOfWeek: ["*"],
    },
    enabled: false,
  };
}
