// `pulumi up` entry point: the deployments come from stack config as a JSON list (see README.md).
import * as pulumi from "@pulumi/pulumi";
import { fleet, type FleetDeployment } from "./program";

const config = new pulumi.Config();
const outputs = fleet({
  deployments: config.requireObject<FleetDeployment[]>("deployments"),
  s3CredentialId: config.require("s3CredentialId"),
  inputPrefix: config.get("inputPrefix") ?? "s3://scoring/input",
  outputPrefix: config.get("outputPrefix") ?? "s3://scoring/output",
});

export const batchPredictionJobDefinitions = outputs.definitionIds;
