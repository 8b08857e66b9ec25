/**
 * The infrastructure the pipeline deploys: a nightly and a weekly job definition for one deployment. Both are
 * exported in `batchPredictionJobDefinitions`, the output the run helper reads.
 */
import { BatchPredictionJobDefinition } from "pulumi-datarobot-batch";

export interface ScoringSettings {
  deploymentId: string;
  credentialId: string;
  /** Bumped by a release to show a changed definition in the pipeline's summary. */
  outputPrefix: string;
}

export function scoringStack(settings: ScoringSettings) {
  const common = {
    deploymentId: settings.deploymentId,
    intakeSettings: {
      type: "s3" as const,
      url: "s3://scoring/input/customers.csv",
      credentialId: settings.credentialId,
    },
    passthroughColumnsSet: "all" as const,
  };
  const nightly = new BatchPredictionJobDefinition("nightly", {
    ...common,
    name: "pipeline-nightly",
    outputSettings: { type: "s3", url: `${settings.outputPrefix}/nightly.csv`, credentialId: settings.credentialId },
    schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
  });
  const weekly = new BatchPredictionJobDefinition("weekly", {
    ...common,
    name: "pipeline-weekly",
    outputSettings: { type: "s3", url: `${settings.outputPrefix}/weekly.csv`, credentialId: settings.credentialId },
    schedule: { minute: [0], hour: [3], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["sun"] },
  });
  return { batchPredictionJobDefinitions: [nightly.id, weekly.id] };
}
