/**
 * `pulumi-datarobot-batch/provider`: the implementation side, loaded at call time by the serialized provider shims
 * in Pulumi's dynamic-provider process. Also usable directly: the HTTP client, its errors, and the configuration
 * names. Everything else under provider/ is internal: import it from its module inside this package, never from
 * here (each name exported here is a semver promise, see docs/versioning.md).
 */
import { JobDefinitionProvider } from "./job-definition/provider";
import { JobRunProvider } from "./job-run/provider";

export { JobDefinitionProvider, type JobDefinitionProviderOptions } from "./job-definition/provider";
export { JobRunProvider, type JobRunProviderOptions } from "./job-run/provider";
export {
  CONFIG_ENDPOINT,
  CONFIG_TOKEN,
  CONFIG_CONNECTIONS,
  ENV_ENDPOINT,
  ENV_TOKEN,
  ConfigurationError,
  type ConfigSource,
} from "./config";
export * from "./client";

// One instance per provider process of each implementation. The provider text stored in every resource's state
// (sdk/serialized-provider.ts) loads them by these names, and the engine configures each once (`configure`): never
// rename them (docs/versioning.md).
export const jobDefinitionProvider = new JobDefinitionProvider();
export const jobRunProvider = new JobRunProvider();
