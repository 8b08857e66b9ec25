/**
 * The Pulumi module and type names of this package's resources, and the type tokens derived from them. A type token
 * is part of every resource's URN in state: changing one is a breaking change (docs/versioning.md).
 */

export const PULUMI_MODULE = "datarobot-batch";
export const JOB_DEFINITION_TYPE = "BatchPredictionJobDefinition";
export const JOB_RUN_TYPE = "BatchPredictionJobRun";

/** How Pulumi names the type of a dynamic resource: `pulumi-nodejs:dynamic/<module>:<type>`. */
export function dynamicTypeToken(type: string): string {
  return `pulumi-nodejs:dynamic/${PULUMI_MODULE}:${type}`;
}

/** `pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobDefinition`. */
export const JOB_DEFINITION_TYPE_TOKEN = dynamicTypeToken(JOB_DEFINITION_TYPE);

/** `pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobRun`. */
export const JOB_RUN_TYPE_TOKEN = dynamicTypeToken(JOB_RUN_TYPE);
