/**
 * The infrastructure the pipeline deploys: a nightly and a weekly job definition for one deployment. Both are
 * exported in `batchPredictionJobDefinitions`, the output the run helper reads.
 *
 * `adoptExisting` is on so that a pipeline runner killed mid-deploy can be recovered by the next run: the
 * definitions it created after the engine died are taken over by name instead of failing as duplicates (see
 * docs/team-ci.md). The names carry the environment, so each stack owns its own.
 */
import { BatchPredictionJobDefinition } from "pulumi-datarobot-batch";

export interface ScoringSettings {
  deploymentId: string;
  credentialId: string;
  /** Bumped by a release to show a changed definition in the pipeline's summary. */
  outputPrefix: string;
  /** Start of every definition name; one per environment (stack) sharing a DataRobot organization. */
  namePrefix?: string;
}

export function scoringStack(settings: ScoringSettings) {
  const prefix = settings.namePrefix ?? "pipeline";
  const common = {
    deploymentId: settings.deploymentId,
    intakeSettings: {
      type: "s3" as const,
      url: "s3://scoring/input/customers.csv",
      credentialId: settings.credentialId,
    },
    passthroughColumnsSet: "all" as const,
    adoptExisting: true,
  };
  const nightly = new BatchPredictionJobDefinition("nightly", {
    ...common,
    name: `${prefix}-nightly`,
    outputSettings: { type: "s3", url: `${settings.outputPrefix}/nightly.csv`, credentialId: settings.credentialId },
    schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
  });
  const weekly = new BatchPredictionJobDefinition("weekly", {
    ...common,
    name: `${prefix}-weekly`,
    outputSettings: { type: "s3", url: `${settings.outputPrefix}/weekly.csv`, credentialId: settings.credentialId },
    schedule: { minute: [0], hour: [3], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["sun"] },
  });
  return { batchPredictionJobDefinitions: [nightly.id, weekly.id] };
}
