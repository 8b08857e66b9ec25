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

/** The native plugin's package name: its config namespace and the first part of its type tokens. */
export const PLUGIN_PACKAGE = "datarobot-batch";

/** How the native plugin names a type: `datarobot-batch:index:<type>` (Pulumi's `<package>:<module>:<type>`). */
export function pluginTypeToken(type: string): string {
  return `${PLUGIN_PACKAGE}:index:${type}`;
}

/** `datarobot-batch:index:BatchPredictionJobDefinition`. */
export const PLUGIN_JOB_DEFINITION_TYPE_TOKEN = pluginTypeToken(JOB_DEFINITION_TYPE);

/** `datarobot-batch:index:BatchPredictionJobRun`. */
export const PLUGIN_JOB_RUN_TYPE_TOKEN = pluginTypeToken(JOB_RUN_TYPE);

/** The type tokens of a job definition in either distribution (the review, `run --stack` and runAfterDeploy take both). */
export const JOB_DEFINITION_TYPE_TOKENS: readonly string[] = [
  JOB_DEFINITION_TYPE_TOKEN,
  PLUGIN_JOB_DEFINITION_TYPE_TOKEN,
];

/** Whether `type` is a job definition's type token, dynamic or native. */
export function isJobDefinitionType(type: string | undefined): boolean {
  return type !== undefined && JOB_DEFINITION_TYPE_TOKENS.includes(type);
}
