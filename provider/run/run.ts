/**
 * runJobDefinition: start a run of a batch prediction job definition (POST /batchPredictions/fromJobDefinition/)
 * and, unless told not to wait, poll the job (GET /batchPredictions/{id}/) on a backoff schedule until it ends.
 *
 * - COMPLETED resolves with the final job.
 * - FAILED and ABORTED reject with JobFailedError / JobAbortedError carrying statusDetails and the job's logs
 *   (DataRobot's own SDK keeps polling a FAILED job until its timeout).
 * - A timeout or the caller's AbortSignal aborts the job (DELETE /batchPredictions/{id}/) unless `leaveRunning`,
 *   and the error says which was done.
 * - A poll that fails transiently (429, 5xx, network; after the client's own retries) is skipped, waiting at least
 *   the server's Retry-After; only several failures in a row end the wait.
 */
import { DataRobotClient } from "../client/client";
import { ConflictError, DataRobotApiError, NotFoundError } from "../client/errors";
import type { ApiBatchJob } from "../client/types";
import { connect } from "../connections";
import { isTerminalStatus } from "../client/job-status";
import { activeJobs } from "./active-jobs";
import { nextPollDelay, type PollSchedule } from "./backoff";
import { realClock, type RunClock } from "./clock";
import {
  DefinitionBusyError,
  JobAbortedError,
  JobCancelledError,
  JobFailedError,
  JobTimeoutError,
  LocalFileTransferError,
  type JobDisposition,
  type RunErrorDetails,
} from "./errors";
import { definitionLabel, formatDuration } from "./format";
import { progressOf, type RunProgress } from "./progress";
import { resolveDefinition, type DefinitionReference } from "./resolve";
import { downloadResults, planLocalFiles, uploadIntakeFile, type LocalFileOptions } from "./local-file";

export const DEFAULT_TIMEOUT_MS = 60 * 60 * 1000;
export const DEFAULT_MAX_CONSECUTIVE_POLL_ERRORS = 5;

export interface RunJobDefinitionOptions extends LocalFileOptions {
  /** The client to use. Without one, a client is built from `endpoint`/`token`, then DATAROBOT_ENDPOINT/_API_TOKEN. */
  client?: DataRobotClient;
  endpoint?: string;
  token?: string;
  /** Wait for the job to end (default true). With false, resolves right after the job is started. */
  wait?: boolean;
  /** Give up waiting after this long (default 1 hour); 0 or Infinity waits forever. */
  timeoutMs?: number;
  /** On timeout or cancellation, leave the job running on DataRobot instead of aborting it (default false). */
  leaveRunning?: boolean;
  /** Cancels the wait (then the job is aborted unless `leaveRunning`). */
  signal?: AbortSignal;
  /** Called once when the job is started and after every poll. Exceptions thrown here are ignored. */
  onProgress?: (progress: RunProgress) => void;
  /** The polling schedule (default 1 s, ×2, capped at 15 s). */
  poll?: PollSchedule;
  /** Time source and sleep; tests use `scaledClock(timeScale)` to match the emulator's time scale. */
  clock?: RunClock;
  /** Failed polls in a row (after the client's own retries) before giving up; default 5. */
  maxConsecutivePollErrors?: number;
  /**
   * What to do when the definition already has an active (INITIALIZING or RUNNING) job, e.g. a second pipeline run:
   * "start" (default: no check), "warn" (start anyway, after telling `onWarning`), or "skip" (start nothing and
   * reject with DefinitionBusyError). "warn" and "skip" cost one list request.
   */
  whenActive?: "start" | "warn" | "skip";
  /** Receives warnings (see `whenActive`). */
  onWarning?: (message: string) => void;
}

export interface RunResult {
  definitionId: string;
  definitionName?: string;
  jobId: string;
  /** The final status ("COMPLETED"), or the status right after starting when `wait` was false. */
  status: string;
  /** The job as last read. */
  job: ApiBatchJob;
  waited: boolean;
  /** GET polls made. */
  polls: number;
  elapsedMs: number;
  /** A localFile output: where DataRobot serves the results (links.download), when the job COMPLETED. */
  downloadUrl?: string;
  /** The predictions file written (`outputFile`), and its size. */
  outputFile?: string;
  outputBytes?: number;
}

function isCancellation(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && (error === signal.reason || !(error instanceof DataRobotApiError));
}

/** Starts a run of the definition and (by default) waits for it to end; see the module comment. */
export async function runJobDefinition(
  definition: DefinitionReference,
  options: RunJobDefinitionOptions = {},
): Promise<RunResult> {
  const client = options.client ?? connect({ endpoint: options.endpoint, token: options.token });
  const clock = options.clock ?? realClock;
  const schedule = options.poll ?? {};
  const timeoutMs = options.timeoutMs && Number.isFinite(options.timeoutMs) ? options.timeoutMs : Infinity;
  const maxErrors = options.maxConsecutivePollErrors ?? DEFAULT_MAX_CONSECUTIVE_POLL_ERRORS;
  const signal = options.signal;

  signal?.throwIfAborted();
  const resolved = await resolveDefinition(client, definition);
  const label = definitionLabel(resolved.id, resolved.name);
  if (options.whenActive === "warn" || options.whenActive === "skip") {
    const active = await activeJobs(client, resolved.id);
    if (active.length > 0) {
      const ids = active.map((j) => `${j.id} ${j.status}`).join(", ");
      if (options.whenActive === "skip") {
        throw new DefinitionBusyError(
          `Definition ${label} already has an active job (${ids}); not started (--if-idle).`,
          {
            definitionId: resolved.id,
            ...(resolved.name !== undefined ? { definitionName: resolved.name } : {}),
            elapsedMs: 0,
            polls: 0,
            activeJobIds: active.map((j) => j.id),
          },
        );
      }
      options.onWarning?.(
        `definition ${label} already has an active job (${ids}); starting another one anyway ` +
          "(use --if-idle to skip a definition that is running).",
      );
    }
  }
  // Local files are checked before a job exists: a localFile job without its data would wait forever.
  const plan = await planLocalFiles(
    resolved.definition ?? (await client.getJobDefinition(resolved.id)),
    options,
    label,
  );
  let job = await client.startJobFromDefinition(resolved.id);
  const startedAt = clock.now();
  const deadline = startedAt + timeoutMs;
  let polls = 0;

  const elapsed = () => clock.now() - startedAt;
  const report = () => {
    if (!options.onProgress) return;
    try {
      options.onProgress(
        progressOf(job, { definitionId: resolved.id, definitionName: resolved.name, elapsedMs: elapsed(), polls }),
      );
    } catch {
      // A broken progress sink must not break the run.
    }
  };
  const details = (): RunErrorDetails => ({
    definitionId: resolved.id,
    definitionName: resolved.name,
    job,
    elapsedMs: elapsed(),
    polls,
  });
  const result = (waited: boolean): RunResult => ({
    definitionId: resolved.id,
    ...(resolved.name !== undefined ? { definitionName: resolved.name } : {}),
    jobId: job.id,
    status: job.status,
    job,
    waited,
    polls,
    elapsedMs: elapsed(),
  });

  /** Ends a wait that did not see the job finish: abort it (or not), then describe what was done. */
  const dispose = async (): Promise<{ disposition: JobDisposition; sentence: string }> => {
    if (options.leaveRunning) {
      return { disposition: "left-running", sentence: `the job was left running (job id ${job.id})` };
    }
    try {
      await client.abortJob(job.id);
    } catch (error) {
      if (error instanceof ConflictError) {
        await refresh();
        return { disposition: "already-finished", sentence: `the job had already finished (${job.status})` };
      }
      const reason = error instanceof Error ? error.message : String(error);
      return {
        disposition: "abort-failed",
        sentence: `aborting job ${job.id} failed, it may still be running: ${reason}`,
      };
    }
    await refresh();
    return { disposition: "aborted", sentence: `the job was aborted (DELETE /batchPredictions/${job.id}/ accepted)` };
  };
  /** Best-effort re-read after an abort, so the error carries the job's final logs. */
  const refresh = async () => {
    try {
      job = await client.getJob(job.id);
    } catch {
      // keep the last job we saw
    }
  };
  const timeout = async (): Promise<never> => {
    const { disposition, sentence } = await dispose();
    throw new JobTimeoutError(
      `Batch prediction job ${job.id} of definition ${label} did not finish within ${formatDuration(timeoutMs)} ` +
        `(last status ${job.status}, ${progressOf(job, details()).percent}%); ${sentence}.`,
      { ...details(), disposition, timeoutMs },
    );
  };
  const cancelled = async (): Promise<never> => {
    const { disposition, sentence } = await dispose();
    throw new JobCancelledError(
      `Waiting for batch prediction job ${job.id} of definition ${label} was cancelled after ` +
        `${formatDuration(elapsed())} (last status ${job.status}); ${sentence}.`,
      { ...details(), disposition },
    );
  };

  if (plan.upload) {
    try {
      await uploadIntakeFile(client, job, plan.upload, {
        ...(options.onTransfer ? { onTransfer: options.onTransfer } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (isCancellation(error, signal)) return cancelled();
      const { disposition, sentence } = await dispose();
      const reason = error instanceof Error ? error.message : String(error);
      throw new LocalFileTransferError(
        `Uploading ${plan.upload.file} to batch prediction job ${job.id} of definition ${label} failed: ${reason}; ` +
          `${sentence}.`,
        { ...details(), direction: "upload", disposition },
      );
    }
  }

  report();
  if (options.wait === false) return result(false);

  let retryAfterMs: number | undefined;
  let consecutiveErrors = 0;
  while (!isTerminalStatus(job.status)) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) return timeout();
    const delay = nextPollDelay(polls + 1, schedule, retryAfterMs);
    try {
      // Never sleep past the deadline: the last poll happens at the deadline, then the wait ends.
      await clock.sleep(Math.min(delay, remaining), signal);
      polls++;
      const polled = await client.getJob(job.id);
      retryAfterMs = polled.retryAfterMs;
      consecutiveErrors = 0;
      job = polled;
    } catch (error) {
      if (isCancellation(error, signal)) return cancelled();
      if (!(error instanceof DataRobotApiError) || !error.retryable || error instanceof NotFoundError) throw error;
      consecutiveErrors++;
      if (consecutiveErrors > maxErrors) throw error;
      retryAfterMs = error.retryAfterMs;
      continue;
    }
    report();
    if (signal?.aborted && !isTerminalStatus(job.status)) return cancelled();
  }

  const status = job.status.toUpperCase();
  if (status === "COMPLETED") return plan.localOutput ? withResults(result(true)) : result(true);
  /** A localFile output: the download link, and the predictions file when one was asked for. */
  async function withResults(done: RunResult): Promise<RunResult> {
    const url = typeof job.links?.download === "string" ? job.links.download : undefined;
    if (url) done.downloadUrl = url;
    if (!plan.outputFile) return done;
    if (!url) {
      throw new LocalFileTransferError(
        `Batch prediction job ${job.id} of definition ${label} completed but offers no links.download; ` +
          `no predictions file was written.`,
        { ...details(), direction: "download" },
      );
    }
    try {
      const { bytes } = await downloadResults(client, url, plan.outputFile, {
        ...(options.onTransfer ? { onTransfer: options.onTransfer } : {}),
        ...(signal ? { signal } : {}),
      });
      done.outputFile = plan.outputFile;
      done.outputBytes = bytes;
      return done;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new LocalFileTransferError(
        `Batch prediction job ${job.id} of definition ${label} completed, but downloading its results to ` +
          `${plan.outputFile} failed: ${reason}; no file was written. The results can be downloaded from ${url}`,
        { ...details(), direction: "download", downloadUrl: url },
      );
    }
  }

  const why = job.statusDetails ? `: ${job.statusDetails}` : "";
  const logs = Array.isArray(job.logs) && job.logs.length > 0 ? `\nJob logs:\n  ${job.logs.join("\n  ")}` : "";
  const message =
    `Batch prediction job ${job.id} of definition ${label} ended with status ${status} after ` +
    `${formatDuration(elapsed())} (scored ${job.scoredRows ?? 0} rows, failed ${job.failedRows ?? 0})${why}${logs}`;
  if (status === "FAILED") throw new JobFailedError(message, details());
  throw new JobAbortedError(message, details());
}
