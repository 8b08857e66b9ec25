/**
 * The provider objects Pulumi serializes into every resource's state (`__provider`).
 *
 * Pulumi serializes these functions to JavaScript text and loads that text in its dynamic-provider process.
 * Whatever a function captures is copied into state, so they capture nothing but one small loader: each call loads
 * the implementation by package path at call time (resolved from the program's directory, where this package is
 * installed), and credentials come from stack config (`configure`) or the environment. The result: well under 16 KB
 * of state per resource, no secret, and state that keeps working across package upgrades (delete and refresh run the
 * stored text, which only forwards to whatever implementation is installed).
 */
import type * as pulumi from "@pulumi/pulumi";

type Impl = Required<pulumi.dynamic.ResourceProvider>;

function loadJobDefinitionProvider(): Impl {
  try {
    return require("pulumi-datarobot-batch/provider").jobDefinitionProvider;
  } catch (error) {
    const cause = error as { code?: string; message?: string };
    if (cause && cause.code === "MODULE_NOT_FOUND") {
      throw new Error(
        `pulumi-datarobot-batch is not installed where this Pulumi program runs (${process.cwd()}). ` +
          `Install it there with "npm install pulumi-datarobot-batch". Cause: ${cause.message}`,
      );
    }
    throw error;
  }
}

/** Serialized into the state of every BatchPredictionJobDefinition. */
export const jobDefinitionProviderShim: pulumi.dynamic.ResourceProvider = {
  configure: (req) => loadJobDefinitionProvider().configure(req),
  check: (olds, news) => loadJobDefinitionProvider().check(olds, news),
  diff: (id, olds, news) => loadJobDefinitionProvider().diff(id, olds, news),
  create: (inputs) => loadJobDefinitionProvider().create(inputs),
  read: (id, props) => loadJobDefinitionProvider().read(id, props),
  update: (id, olds, news) => loadJobDefinitionProvider().update(id, olds, news),
  delete: (id, props) => loadJobDefinitionProvider().delete(id, props),
};
