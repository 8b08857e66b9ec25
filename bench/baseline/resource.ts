/**
 * The baseline resource: what the engine sees is shaped like a job definition (a name, a deployment id, a schedule and
 * two small settings objects), served by a minimal dynamic provider.
 *
 * Fairness: it is what a minimal dynamic provider looks like: a `pulumi.dynamic.Resource` whose provider is a plain
 * object of functions that load the implementation from a module on disk at call time, so both providers pay the
 * same per-call `require`. Pulumi's closure serializer stores it (about 2.35 KB, twice per resource); this package
 * stores a hand-written one-line loader instead (sdk/serialized-provider.ts), and bench/README.md says how much of
 * the state difference that is. The baseline cannot load by package name (it is not a package), so it captures the
 * module's absolute path, computed once when this file is loaded: a short string, serialized by value.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

type Impl = Required<pulumi.dynamic.ResourceProvider>;

const implementationPath = path.join(__dirname, "provider.js");

function load(): Impl {
  return require(implementationPath) as Impl;
}

/** One module-level instance: Pulumi caches the serialization per provider object. */
const baselineProviderShim: pulumi.dynamic.ResourceProvider = {
  configure: (req) => load().configure(req),
  check: (olds, news) => load().check(olds, news),
  diff: (id, olds, news) => load().diff(id, olds, news),
  create: (inputs) => load().create(inputs),
  read: (id, props) => load().read(id, props),
  update: (id, olds, news) => load().update(id, olds, news),
  delete: (id, props) => load().delete(id, props),
};

export interface BaselineItemArgs {
  name: pulumi.Input<string>;
  deploymentId: pulumi.Input<string>;
  enabled: pulumi.Input<boolean>;
  schedule: pulumi.Input<Record<string, unknown>>;
  intakeSettings: pulumi.Input<Record<string, unknown>>;
  outputSettings: pulumi.Input<Record<string, unknown>>;
}

export class BaselineItem extends pulumi.dynamic.Resource {
  constructor(name: string, args: BaselineItemArgs, opts?: pulumi.CustomResourceOptions) {
    super(baselineProviderShim, name, { ...args, created: undefined }, opts, "bench", "BaselineItem");
  }
}
