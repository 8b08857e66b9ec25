/**
 * The `BatchPredictionJobDefinition` dynamic provider: the dynamic-provider door to the operations in
 * `./operations.ts`.
 *
 * It runs in Pulumi's dynamic-provider process, loaded at call time by the small serialized shim in `sdk/` (so the
 * state never carries this code or any credential). One instance per process holds the connection settings that
 * `configure` receives (the `datarobot:*` stack config) and one HTTP client per endpoint.
 *
 * What this door adds is the dynamic protocol's shape: failures carry `property: ""` and the path in the reason (the
 * dynamic host shows the reason only), and warnings are left to the SDK's resource class, which logs them from the
 * program (a dynamic provider cannot log to the engine).
 */
import type * as pulumi from "@pulumi/pulumi";
import { ConnectedProvider } from "../connections";
import { JobDefinitionOperations, type JobDefinitionProviderOptions, type OperationFailure } from "./operations";
import type { Props } from "./fields";

export { buildOutputs, isNameConflict, type JobDefinitionProviderOptions } from "./operations";

export class JobDefinitionProvider extends ConnectedProvider implements pulumi.dynamic.ResourceProvider {
  private readonly operations: JobDefinitionOperations;

  constructor(options: JobDefinitionProviderOptions = {}) {
    super(options);
    this.operations = new JobDefinitionOperations(this.connections, options);
  }

  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const outcome = await this.operations.check(olds, news);
    if (outcome.failures.length > 0) return { failures: outcome.failures.map(dynamicFailure) };
    return { inputs: outcome.inputs };
  }

  async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const result = await this.operations.diff(id, olds, news);
    // `changes` left undefined: the engine diffs old and new inputs itself and reports nested property paths.
    return result.changes === false ? { changes: false } : { replaces: result.replaces };
  }

  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const { id, outs } = await this.operations.create(inputs);
    return { id, outs };
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const result = await this.operations.read(id, props);
    // Deleted out of band: no id tells the engine to drop the resource from state.
    if (result.id === undefined) return {};
    return { id: result.id, props: result.outs, inputs: result.inputs };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const { outs } = await this.operations.update(id, olds, news);
    return { outs };
  }

  async delete(id: string, props: Props): Promise<void> {
    await this.operations.delete(id, props);
  }
}

/** The dynamic host shows only the reason: the property path leads it. */
function dynamicFailure(failure: OperationFailure): pulumi.dynamic.CheckFailure {
  return { property: "", reason: failure.path ? `${failure.path}: ${failure.message}` : failure.message };
}
