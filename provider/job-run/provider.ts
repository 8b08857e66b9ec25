/**
 * The implementation of the `BatchPredictionJobRun` dynamic provider: "run this definition as part of the deploy".
 *
 * - create: starts a run of the definition and waits for it (backoff polling, see sdk/run); a FAILED, ABORTED or
 *   timed-out run fails the deploy with the job's status details and logs. The resource's id is the job's id.
 * - A change of `jobDefinitionId`, `definitionVersion` (e.g. the definition's `updated` timestamp: it changes when
 *   the definition's payload does) or `triggers` replaces the resource, which runs the definition again. Changing
 *   only settings (timeout, endpoint) updates the resource in place without running anything.
 * - `intakeFile` (a localFile definition's CSV) is uploaded to the job; check() adds its sha256 as
 *   `intakeFileHash`, a re-run trigger. `outputFile` receives the predictions of a localFile output.
 * - read returns the stored outputs (a finished run is history: nothing on DataRobot to reconcile).
 * - delete deletes nothing on DataRobot (jobs are not resources the stack owns).
 */
import type * as pulumi from "@pulumi/pulumi";
import { ConnectedProvider, type ConnectionOptions } from "../connections";
import type { RunResult } from "../run/run";
import type { RunClock } from "../run/clock";
import type { PollSchedule } from "../run/backoff";
import { UNKNOWN, containsUnknown } from "../job-definition/fields";
import { fileSha256 } from "./file-hash";

type Props = Record<string, unknown>;

/** Inputs whose change means "run again" (`intakeFileHash`: the sha256 of the intake file's content). */
export const RERUN_KEYS = ["jobDefinitionId", "definitionVersion", "triggers", "intakeFileHash"] as const;
/**
 * Inputs that only steer how a run is made. The intake file's path is one: moving the same data elsewhere is not
 * a reason to score it again (its hash is).
 */
export const SETTING_KEYS = ["timeoutSeconds", "abortOnTimeout", "endpoint", "intakeFile", "outputFile"] as const;

export const DEFAULT_RUN_TIMEOUT_SECONDS = 3600;

type RunKey = (typeof RERUN_KEYS)[number] | (typeof SETTING_KEYS)[number];

/**
 * The run's inputs and outputs, typed and described once for the native plugin's schema (plugin/schema.ts); the
 * compiler demands an entry for every key above. (`intakeFileHash` is computed by check: an output.)
 */
export const RUN_INPUT_DOCS: Record<Exclude<RunKey, "intakeFileHash">, { type: string; description: string }> = {
  jobDefinitionId: { type: "string", description: "The id of the definition to run." },
  definitionVersion: {
    type: "string",
    description: "Anything identifying the definition's payload (its `updated` timestamp): a change runs it again.",
  },
  triggers: { type: "map", description: "Arbitrary values; any change runs the definition again." },
  timeoutSeconds: {
    type: "number",
    description: `How long the deploy waits for the run; default ${DEFAULT_RUN_TIMEOUT_SECONDS}.`,
  },
  abortOnTimeout: {
    type: "boolean",
    description: "Abort the job when the wait times out (default true); false leaves it running on DataRobot.",
  },
  intakeFile: {
    type: "string",
    description: "For a `localFile` intake: the CSV to score; a change of its content runs the definition again.",
  },
  outputFile: { type: "string", description: "For a `localFile` output: where to write the predictions." },
  endpoint: { type: "string", description: "A DataRobot endpoint for this resource only (see the definition's)." },
};

/**
 * What a run reports (the outputs that are not inputs): the one list that `runOutputs`, the native plugin's schema
 * and the SDK's declared outputs (sdk/job-run.ts, checked at compile time) follow.
 */
export const RUN_RESULT_KEYS = [
  "jobId",
  "status",
  "scoredRows",
  "failedRows",
  "downloadUrl",
  "definitionName",
  "finishedAt",
  "elapsedSeconds",
] as const;
export type RunResultKey = (typeof RUN_RESULT_KEYS)[number];
/** The outputs only: what a run reports, and the intake file's hash that `check` computes. */
export const RUN_OUTPUT_KEYS = [...RUN_RESULT_KEYS, "intakeFileHash"] as const;
export type RunOutputKey = (typeof RUN_OUTPUT_KEYS)[number];

export const RUN_OUTPUT_DOCS: Record<RunOutputKey, { type: string; description: string }> = {
  jobId: { type: "string", description: "The id of the batch prediction job (also the resource's id)." },
  status: { type: "string", description: '"COMPLETED" (a run that ends otherwise fails the deploy).' },
  scoredRows: { type: "number", description: "Rows scored." },
  failedRows: { type: "number", description: "Rows that failed." },
  downloadUrl: { type: "string", description: "A localFile output: where DataRobot serves the results." },
  definitionName: { type: "string", description: "The name of the definition that ran." },
  finishedAt: { type: "string", description: "When the deploy saw the job finish (ISO 8601)." },
  elapsedSeconds: { type: "number", description: "How long the run took." },
  intakeFileHash: { type: "string", description: "The sha256 of `intakeFile`'s content, the re-run trigger." },
};

export interface JobRunProviderOptions extends ConnectionOptions {
  clock?: RunClock;
  poll?: PollSchedule;
  /**
   * Ends a run in flight as Ctrl-C ends the CLI's (the job aborted unless `abortOnTimeout: false`, and the create
   * failing with JobCancelledError): the plugin's Cancel, which the engine sends when the user interrupts it.
   */
  signal?: AbortSignal;
}

/** Deterministic JSON (sorted keys), so that `triggers` written in another key order is not a change. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Props)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function runOutputs(inputs: Props, result: RunResult): Props {
  const outs: Props = {};
  for (const key of [...RERUN_KEYS, ...SETTING_KEYS]) if (inputs[key] !== undefined) outs[key] = inputs[key];
  const reported: Record<RunResultKey, unknown> = {
    jobId: result.jobId,
    status: result.status,
    scoredRows: typeof result.job.scoredRows === "number" ? result.job.scoredRows : 0,
    downloadUrl: result.downloadUrl ?? null,
    failedRows: typeof result.job.failedRows === "number" ? result.job.failedRows : 0,
    definitionName: result.definitionName ?? null,
    finishedAt: new Date().toISOString(),
    elapsedSeconds: Math.round(result.elapsedMs / 100) / 10,
  };
  return { ...outs, ...reported };
}

export class JobRunProvider extends ConnectedProvider implements pulumi.dynamic.ResourceProvider {
  constructor(private readonly options: JobRunProviderOptions = {}) {
    super(options);
  }

  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const id = news.jobDefinitionId;
    if (id !== UNKNOWN && (typeof id !== "string" || id.trim() === "")) {
      failures.push({ property: "jobDefinitionId", reason: "jobDefinitionId: a job definition id is required" });
    }
    const timeout = news.timeoutSeconds;
    if (timeout !== undefined && timeout !== UNKNOWN && !(typeof timeout === "number" && timeout > 0)) {
      failures.push({
        property: "timeoutSeconds",
        reason: `timeoutSeconds: must be a positive number (got ${stable(timeout)})`,
      });
    }
    for (const key of ["intakeFile", "outputFile"] as const) {
      const value = news[key];
      if (value !== undefined && value !== UNKNOWN && (typeof value !== "string" || value.trim() === "")) {
        failures.push({ property: key, reason: `${key}: must be a file path (got ${stable(value)})` });
      }
    }
    if (failures.length > 0) return { failures };
    // The content hash is what re-runs: a changed file scores again, an unchanged one (even touched) does not.
    const intakeFile = news.intakeFile;
    if (typeof intakeFile === "string") {
      try {
        return { inputs: { ...news, intakeFileHash: await fileSha256(intakeFile) } };
      } catch (error) {
        return {
          failures: [
            {
              property: "intakeFile",
              reason: `intakeFile: cannot read "${intakeFile}" (${(error as Error).message})`,
            },
          ],
        };
      }
    }
    return { inputs: news };
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const rerun = RERUN_KEYS.filter((key) => containsUnknown(news[key]) || stable(olds[key]) !== stable(news[key]));
    const settings = SETTING_KEYS.filter((key) => stable(olds[key]) !== stable(news[key]));
    if (rerun.length === 0 && settings.length === 0) return { changes: false };
    // Replacement = a new run (create) then a no-op delete of the old one; the id becomes the new job's id.
    return { changes: true, replaces: [...rerun], deleteBeforeReplace: false };
  }

  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const result = await this.run(inputs);
    return { id: result.jobId, outs: runOutputs(inputs, result) };
  }

  async update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    // Only settings changed (re-runs are replacements): keep the run's outputs, take the new settings.
    const outs: Props = { ...olds };
    for (const key of SETTING_KEYS) {
      if (news[key] === undefined) delete outs[key];
      else outs[key] = news[key];
    }
    return { outs };
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    return { id, props };
  }

  async delete(): Promise<void> {
    // A run is history: deleting the resource leaves the job (and the definition) on DataRobot untouched.
  }

  private async run(inputs: Props): Promise<RunResult> {
    const client = this.connections.clientFor(typeof inputs.endpoint === "string" ? inputs.endpoint : undefined);
    const timeoutSeconds =
      typeof inputs.timeoutSeconds === "number" ? inputs.timeoutSeconds : DEFAULT_RUN_TIMEOUT_SECONDS;
    // Loaded on the first run: the process that serves a stack's definitions (the dynamic-provider process loads this
    // module with them) never pays for loading the runner.
    const { runJobDefinition } = await import("../run/run");
    return runJobDefinition(String(inputs.jobDefinitionId), {
      client,
      ...(typeof inputs.intakeFile === "string" ? { intakeFile: inputs.intakeFile } : {}),
      ...(typeof inputs.outputFile === "string" ? { outputFile: inputs.outputFile } : {}),
      timeoutMs: timeoutSeconds * 1000,
      leaveRunning: inputs.abortOnTimeout === false,
      ...(this.options.clock ? { clock: this.options.clock } : {}),
      ...(this.options.poll ? { poll: this.options.poll } : {}),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    });
  }
}
