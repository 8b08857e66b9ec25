/**
 * `pulumi-datarobot-batch`: what Pulumi programs import.
 */
export {
  BatchPredictionJobDefinition,
  generatedName,
  JOB_DEFINITION_TYPE,
  PULUMI_MODULE,
  type BatchPredictionJobDefinitionArgs,
  type BatchPredictionJobDefinitionComputed,
  type BatchPredictionJobDefinitionSettings,
} from "./job-definition";
export type { JobDefinitionInputs, CanonicalJobDefinition } from "../provider/model";
