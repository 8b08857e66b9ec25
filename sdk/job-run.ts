/**
 * `BatchPredictionJobRun`: "run this job definition as part of the deploy" (like Databricks' `job_runs`).
 *
 * Creating it runs the definition and waits; a failed run fails the deploy with the job's details. It runs again
 * when `triggers` change, or when the definition's payload does (pass `definition`, or `definitionVersion` =
 * the definition's `updated` timestamp), or when the content of its `intakeFile` does. Deleting it deletes nothing
 * on DataRobot.
 *
 *   const nightly = new BatchPredictionJobDefinition("nightly", {...});
 *   const smoke = new BatchPredictionJobRun("nightly-smoke", { definition: nightly, triggers: { release: "1.4.0" } });
 */
import * as pulumi from "@pulumi/pulumi";
import { warnAboutInsecureEndpoint } from "./insecure-endpoint";
import { logTarget } from "./log-target";
import { isolateEngineConnections } from "./engine-connections";
import { JOB_RUN_TYPE_TOKEN } from "./type-tokens";
import { JOB_RUN_PROVIDER_TEXT } from "./serialized-provider";
import { PROVIDER_KEY } from "../provider/job-definition/fields";
import { RUN_OUTPUT_KEYS, type RunOutputKey } from "../provider/job-run/provider";

export { JOB_RUN_TYPE } from "./type-tokens";

export interface BatchPredictionJobRunArgs {
  /**
   * The definition to run, as a resource: its `id` is run and its `updated` timestamp is used as
   * `definitionVersion` (so editing the definition runs it again). Alternative to `jobDefinitionId`.
   */
  definition?: { id: pulumi.Input<string>; updated?: pulumi.Input<string | null> };
  /** The id of the definition to run (when not passing `definition`). */
  jobDefinitionId?: pulumi.Input<string>;
  /** Anything identifying the definition's payload (its `updated` timestamp, a hash): a change runs it again. */
  definitionVersion?: pulumi.Input<string | null>;
  /** Arbitrary values; any change runs the definition again (e.g. `{ release: "1.4.0" }`, or a timestamp to run on every deploy). */
  triggers?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /** How long the deploy waits for the run; default 3600. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Abort the job when the wait times out (default true); false leaves it running on DataRobot. */
  abortOnTimeout?: pulumi.Input<boolean>;
  /**
   * For a definition whose intake is `localFile`: the CSV to score (a path; relative to the program's working
   * directory). It is uploaded to the job; a change of its content (sha256) runs the definition again.
   */
  intakeFile?: pulumi.Input<string>;
  /** For a `localFile` output: where to write the predictions (atomically) once the run completed. */
  outputFile?: pulumi.Input<string>;
  /** A DataRobot endpoint for this resource only; defaults to `datarobot:endpoint` / DATAROBOT_ENDPOINT. */
  endpoint?: pulumi.Input<string>;
}

/** What a run reports, and the intake file's hash: the outputs that are not arguments. */
interface BatchPredictionJobRunReported {
  definitionName: string | null;
  jobId: string;
  status: string;
  scoredRows: number;
  failedRows: number;
  finishedAt: string;
  elapsedSeconds: number;
  intakeFileHash: string | undefined;
  downloadUrl: string | null;
}

// Compile-time check: the type above lists exactly the outputs provider/job-run/provider.ts reports (else this type
// is `never`, which no class can implement), and the resource class declares each as an output.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type ReportedOutputs =
  SameKeys<keyof BatchPredictionJobRunReported, RunOutputKey> extends true
    ? { readonly [K in keyof BatchPredictionJobRunReported]: pulumi.Output<BatchPredictionJobRunReported[K]> }
    : never;

/** A dynamic resource, registered like BatchPredictionJobDefinition (see sdk/serialized-provider.ts). */
export class BatchPredictionJobRun extends pulumi.CustomResource implements ReportedOutputs {
  declare readonly jobDefinitionId: pulumi.Output<string>;
  declare readonly definitionName: pulumi.Output<string | null>;
  /** The id of the batch prediction job (also the resource's id). */
  declare readonly jobId: pulumi.Output<string>;
  /** "COMPLETED" (a run that ends otherwise fails the deploy). */
  declare readonly status: pulumi.Output<string>;
  declare readonly scoredRows: pulumi.Output<number>;
  declare readonly failedRows: pulumi.Output<number>;
  /** When the deploy saw the job finish (ISO 8601). */
  declare readonly finishedAt: pulumi.Output<string>;
  declare readonly elapsedSeconds: pulumi.Output<number>;
  /** The sha256 of `intakeFile`'s content ("sha256:<hex>"), the re-run trigger. */
  declare readonly intakeFileHash: pulumi.Output<string | undefined>;
  /** A localFile output: where DataRobot serves the results (GET with the API token); null otherwise. */
  declare readonly downloadUrl: pulumi.Output<string | null>;

  constructor(name: string, args: BatchPredictionJobRunArgs, opts?: pulumi.CustomResourceOptions) {
    // So that a failed program of this process cannot make a later one pass without running (engine-connections.ts).
    isolateEngineConnections();
    const { definition, ...rest } = args;
    const jobDefinitionId = rest.jobDefinitionId ?? definition?.id;
    if (jobDefinitionId === undefined) {
      throw new Error(
        `BatchPredictionJobRun "${name}": pass \`definition\` (a BatchPredictionJobDefinition) or \`jobDefinitionId\``,
      );
    }
    const props: Record<string, unknown> = {
      ...rest,
      jobDefinitionId,
      definitionVersion: rest.definitionVersion ?? definition?.updated,
    };
    // Outputs only: listed unset, so that each becomes an output property.
    for (const key of RUN_OUTPUT_KEYS) props[key] = undefined;
    props[PROVIDER_KEY] = JOB_RUN_PROVIDER_TEXT;
    super(JOB_RUN_TYPE_TOKEN, name, props, opts);
    // A stand-in with the same URN: a warning against a resource the engine refuses would block the process's later
    // log messages and programs (log-target.ts).
    warnAboutInsecureEndpoint(rest.endpoint, logTarget(JOB_RUN_TYPE_TOKEN, name, opts));
  }
}
