/**
 * A minimal dynamic resource used only by the engine smoke test: it proves that the engine, the dynamic-provider
 * shim and the Automation API work together, independently of DataRobot.
 */
import * as pulumi from "@pulumi/pulumi";

const counterProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `counter-${inputs.label}`, outs: { label: inputs.label, value: inputs.value } };
  },
  async diff(_id, olds, news) {
    const changed = olds.value !== news.value || olds.label !== news.label;
    return { changes: changed, replaces: olds.label !== news.label ? ["label"] : [] };
  },
  async update(_id, _olds, news) {
    return { outs: { label: news.label, value: news.value } };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {
    // nothing to clean up
  },
};

export interface CounterArgs {
  label: pulumi.Input<string>;
  value: pulumi.Input<number>;
}

export class Counter extends pulumi.dynamic.Resource {
  declare readonly label: pulumi.Output<string>;
  declare readonly value: pulumi.Output<number>;

  constructor(name: string, args: CounterArgs, opts?: pulumi.CustomResourceOptions) {
    super(counterProvider, name, { ...args }, opts, "smoke", "Counter");
  }
}
