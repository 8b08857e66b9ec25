/**
 * The provider text Pulumi stores in every resource's state (`__provider`) and runs in its dynamic-provider process.
 *
 * The dynamic-provider process loads that text as a module (require-from-string) and calls its `handler()`, which
 * must return the provider: an object with `configure`, `check`, `diff`, `create`, `read`, `update` and `delete`.
 * `pulumi.dynamic.Resource` produces the text with Pulumi's closure serializer, which copies every function the
 * provider reaches; for a shim of seven forwarding methods that is about 2.4 KB, stored twice (inputs and outputs)
 * in each resource's entry, and the engine rewrites the whole checkpoint as resources change, so its work grows with
 * N × those bytes (bench/README.md, "Bytes of state"). So the resource classes register as the plain custom
 * resources `pulumi.dynamic.Resource` makes (same type token, same `pulumi-nodejs` provider), with this text, written
 * out: the handler loads the implementation by package path at call time, resolved from the program's directory,
 * where this package is installed. It captures nothing: no credential (those come from stack config through
 * `configure`, or the environment), no machine path, and state keeps working across package upgrades (refresh and
 * delete run the stored text, which only names an export of `pulumi-datarobot-batch/provider`).
 */

/**
 * The implementations `pulumi-datarobot-batch/provider` exports, one instance per provider process. Stored state
 * names them: never rename them (docs/versioning.md).
 */
export type ImplementationName = "jobDefinitionProvider" | "jobRunProvider";

/**
 * The module text for one implementation. On one line, because the engine stores it as a JSON string (a newline
 * costs two bytes there). If the package is missing where the program runs, the error says so and what to do.
 */
export function providerText(implementation: ImplementationName): string {
  const notInstalled =
    '"pulumi-datarobot-batch is not installed where this Pulumi program runs ("+process.cwd()+"): npm install it there. "';
  return (
    // `pulumi-datarobot-batch/provider`: a subpath every version of this package exports.
    `exports.handler=()=>{try{return require("pulumi-datarobot-batch/provider").${implementation}}` +
    `catch(e){throw e&&e.code==="MODULE_NOT_FOUND"?new Error(${notInstalled}+e.message):e}};`
  );
}

/** Stored in the state of every BatchPredictionJobDefinition. */
export const JOB_DEFINITION_PROVIDER_TEXT = providerText("jobDefinitionProvider");

/** Stored in the state of every BatchPredictionJobRun. */
export const JOB_RUN_PROVIDER_TEXT = providerText("jobRunProvider");
