/**
 * `pulumi-datarobot-batch/provider`: the implementation side, loaded at call time by the serialized provider shims
 * in Pulumi's dynamic-provider process. Also usable directly (the model, the HTTP client).
 */
import { JobDefinitionProvider } from "./job-definition/provider";
import { JobRunProvider } from "./job-run/provider";

export { JobDefinitionProvider, buildOutputs } from "./job-definition/provider";
export { JobRunProvider, RERUN_KEYS, DEFAULT_RUN_TIMEOUT_SECONDS } from "./job-run/provider";
export * from "./config";
export * from "./model";
export * from "./client";

// One instance per provider process of each implementation; the serialized shims forward to these, and the engine
// configures them once (`configure`).
export const jobDefinitionProvider = new JobDefinitionProvider();
export const jobRunProvider = new JobRunProvider();
// The short names the serialized shims of this version load (sdk/serialized-provider.ts: they are stored in every
// resource's state, twice); the long names above stay for state written by earlier versions.
export { jobDefinitionProvider as jd, jobRunProvider as jr };
