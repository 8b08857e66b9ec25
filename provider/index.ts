/**
 * `pulumi-datarobot-batch/provider`: the implementation side, loaded at call time by the serialized provider shims
 * in Pulumi's dynamic-provider process. Also usable directly (the model, the HTTP client).
 */
import { JobDefinitionProvider } from "./job-definition/provider";

export { JobDefinitionProvider, buildOutputs } from "./job-definition/provider";
export * from "./config";
export * from "./model";
export * from "./client";

/** The single per-process instance the serialized shim forwards to (configured once by the engine). */
export const jobDefinitionProvider = new JobDefinitionProvider();
export { JobRunProvider, RERUN_KEYS, DEFAULT_RUN_TIMEOUT_SECONDS } from "./job-run/provider";
import { JobRunProvider as JobRunProviderImpl } from "./job-run/provider";
/** The single per-process instance the serialized `BatchPredictionJobRun` shim forwards to. */
export const jobRunProvider = new JobRunProviderImpl();
