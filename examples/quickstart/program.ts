/**
 * The quickstart: the job definition DataRobot's documentation walks through, as code. It scores an AI Catalog
 * dataset with a deployment and inserts the predictions, with class probabilities, a prediction-status column and
 * every input column passed through, into a database table through a JDBC data store.
 */
import * as datarobot from "pulumi-datarobot-batch";

export interface QuickstartSettings {
  deploymentId: string;
  datasetId: string;
  dataStoreId: string;
  credentialId: string;
  /** Output table; defaults to "scored_customers". */
  table?: string;
  /** Hour (UTC) of the nightly run; defaults to 2. The schedule is stored but disabled until `enabled` is true. */
  hour?: number;
  enabled?: boolean;
}

export function quickstart(settings: QuickstartSettings) {
  const definition = new datarobot.BatchPredictionJobDefinition("quickstart", {
    name: "quickstart-scoring",
    deploymentId: settings.deploymentId,
    intakeSettings: { type: "dataset", datasetId: settings.datasetId },
    outputSettings: {
      type: "jdbc",
      dataStoreId: settings.dataStoreId,
      credentialId: settings.credentialId,
      table: settings.table ?? "scored_customers",
      schema: "public",
      statementType: "insert",
      createTableIfNotExists: true,
    },
    includeProbabilities: true,
    includePredictionStatus: true,
    passthroughColumnsSet: "all",
    enabled: settings.enabled ?? false,
    schedule: { minute: [0], hour: [settings.hour ?? 2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
  });
  return {
    definitionId: definition.id,
    definitionName: definition.name,
    schedule: definition.schedule,
    nextScheduledRunTime: definition.nextScheduledRunTime,
  };
}
