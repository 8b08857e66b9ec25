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
/**
 * The per-process implementations exported by `pulumi-datarobot-batch/provider`, by their short export names (`jd`:
 * jobDefinitionProvider, `jr`: jobRunProvider). State written by earlier versions names the long exports, which stay.
 */
type ImplementationKey = "jd" | "jr";

// Short identifiers on purpose: this text is stored twice (inputs and outputs) in the state of every resource, the
// engine's work grows with state size, and each identifier is repeated in every method (bench/README.md, "Bytes of
// state"). l = load, k = the implementation's export name, r = request, i = id, o = olds, n = news, p = props.
function l(k: ImplementationKey): Impl {
  try {
    return require("pulumi-datarobot-batch/provider")[k];
  } catch (e) {
    if ((e as { code?: string }).code === "MODULE_NOT_FOUND") {
      throw new Error(
        `pulumi-datarobot-batch is not installed where this Pulumi program runs (${process.cwd()}): ` +
          `npm install it there. ${(e as Error).message}`,
      );
    }
    throw e;
  }
}

function shimFor(k: ImplementationKey): pulumi.dynamic.ResourceProvider {
  return {
    configure: (r) => l(k).configure(r),
    check: (o, n) => l(k).check(o, n),
    diff: (i, o, n) => l(k).diff(i, o, n),
    create: (n) => l(k).create(n),
    read: (i, p) => l(k).read(i, p),
    update: (i, o, n) => l(k).update(i, o, n),
    delete: (i, p) => l(k).delete(i, p),
  };
}

/** Serialized into the state of every BatchPredictionJobDefinition. */
export const jobDefinitionProviderShim = shimFor("jd");

/** Serialized into the state of every BatchPredictionJobRun. */
export const jobRunProviderShim = shimFor("jr");
