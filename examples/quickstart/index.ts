// `pulumi up` entry point: reads the ids from stack config (see README.md) and declares the quickstart definition.
import * as pulumi from "@pulumi/pulumi";
import { quickstart } from "./program";

const config = new pulumi.Config();
const outputs = quickstart({
  deploymentId: config.require("deploymentId"),
  datasetId: config.require("datasetId"),
  dataStoreId: config.require("dataStoreId"),
  credentialId: config.require("credentialId"),
  table: config.get("table"),
  hour: config.getNumber("hour"),
  enabled: config.getBoolean("enabled"),
});

export const definitionId = outputs.definitionId;
export const definitionName = outputs.definitionName;
export const nextScheduledRunTime = outputs.nextScheduledRunTime;
// The convention the run helper follows: ids listed here are run by `datarobot-batch run --stack` and runAfterDeploy.
export const batchPredictionJobDefinitions = [outputs.definitionId];
