/**
 * A nightly, enabled schedule: score new files from S3 and upsert the predictions into Snowflake through an external
 * stage. Credential and data-store ids come from stack config, so the same program serves every environment.
 */
import * as datarobot from "pulumi-datarobot-batch";

export interface S3ToSnowflakeSettings {
  deploymentId: string;
  /** DataRobot credential for the S3 bucket. */
  s3CredentialId: string;
  inputUrl: string;
  /** DataRobot data store of the Snowflake connection, and the credential to log in with. */
  snowflakeDataStoreId: string;
  snowflakeCredentialId: string;
  externalStage: string;
  table: string;
  /** Hour (UTC) of the nightly run. */
  hour: number;
}

export function scheduledS3ToSnowflake(settings: S3ToSnowflakeSettings) {
  const definition = new datarobot.BatchPredictionJobDefinition("nightly-s3-to-snowflake", {
    name: "nightly-s3-to-snowflake",
    deploymentId: settings.deploymentId,
    intakeSettings: { type: "s3", url: settings.inputUrl, credentialId: settings.s3CredentialId, format: "csv" },
    outputSettings: {
      type: "snowflake",
      dataStoreId: settings.snowflakeDataStoreId,
      credentialId: settings.snowflakeCredentialId,
      cloudStorageCredentialId: settings.s3CredentialId,
      cloudStorageType: "s3",
      externalStage: settings.externalStage,
      schema: "SCORING",
      table: settings.table,
      statementType: "insert",
      createTableIfNotExists: true,
    },
    passthroughColumns: ["customer_id"],
    includeProbabilities: true,
    numConcurrent: 4,
    enabled: true,
    schedule: { minute: [0], hour: [settings.hour], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
  });
  return { definitionId: definition.id, nextScheduledRunTime: definition.nextScheduledRunTime };
}
