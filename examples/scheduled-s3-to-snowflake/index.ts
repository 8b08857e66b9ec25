// `pulumi up` entry point: every id comes from stack config (see README.md).
import * as pulumi from "@pulumi/pulumi";
import { scheduledS3ToSnowflake } from "./program";

const config = new pulumi.Config();
const outputs = scheduledS3ToSnowflake({
  deploymentId: config.require("deploymentId"),
  s3CredentialId: config.require("s3CredentialId"),
  inputUrl: config.require("inputUrl"),
  snowflakeDataStoreId: config.require("snowflakeDataStoreId"),
  snowflakeCredentialId: config.require("snowflakeCredentialId"),
  externalStage: config.require("externalStage"),
  table: config.get("table") ?? "CUSTOMER_SCORES",
  hour: config.getNumber("hour") ?? 1,
});

export const definitionId = outputs.definitionId;
export const nextScheduledRunTime = outputs.nextScheduledRunTime;
