/**
 * The provider objects Pulumi serializes into every resource's state (`__provider`).
 *
 * Pulumi serializes these functions to JavaScript text and loads that text in its dynamic-provider process.
 * Whatever a function captures is copied into state, so they capture nothing but the name of the implementation and
 * one small loader: each call loads the implementation by package path at call time (resolved from the program's
 * directory, where this package is installed), and credentials come from stack config (`configure`) or the
 * environment. The result: a few KB of state per resource, no secret, and state that keeps working across package
 * upgrades (delete and refresh run the stored text, which only forwards to whatever implementation is installed).
 */
import type * as pulumi from "@pulumi/pulumi";

type Impl = Required<pulumi.dynamic.ResourceProvider>;
/** The per-process implementations exported by `pulumi-datarobot-batch/provider`. */
type ImplementationName = "jobDefinitionProvider" | "jobRunProvider";

// Short identifiers on purpose: this text is stored twice in the state of every resource, and the engine's work
// grows with state size (see bench/README.md).
function load(impl: ImplementationName): Impl {
  try {
    return require("pulumi-datarobot-batch/provider")[impl];
  } catch (e) {
    const error = e as { code?: string; message?: string };
    if (error && error.code === "MODULE_NOT_FOUND") {
      throw new Error(
        `pulumi-datarobot-batch is not installed where this Pulumi program runs (${process.cwd()}): ` +
          `npm install it there. ${error.message}`,
      );
    }
    throw e;
  }
}

function shimFor(impl: ImplementationName): pulumi.dynamic.ResourceProvider {
  return {
    configure: (req) => load(impl).configure(req),
    check: (olds, news) => load(impl).check(olds, news),
    diff: (id, olds, news) => load(impl).diff(id, olds, news),
    create: (inputs) => load(impl).create(inputs),
    read: (id, props) => load(impl).read(id, props),
    update: (id, olds, news) => load(impl).update(id, olds, news),
    delete: (id, props) => load(impl).delete(id, props),
  };
}

/** Serialized into the state of every BatchPredictionJobDefinition. */
export const jobDefinitionProviderShim = shimFor("jobDefinitionProvider");

/** Serialized into the state of every BatchPredictionJobRun. */
export const jobRunProviderShim = shimFor("jobRunProvider");
