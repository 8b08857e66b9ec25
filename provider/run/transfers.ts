/**
 * The local-file steps of a run, with their errors: uploading the intake CSV to the started job (a failed upload
 * disposes of the job, which would otherwise wait for its data), and fetching a COMPLETED job's results.
 * The transfers themselves are in local-file.ts.
 */
import { JobCancelledError, JobTimeoutError, LocalFileTransferError } from "./errors";
import { formatDuration } from "./format";
import { downloadResults, uploadIntakeFile, type LocalFileOptions, type LocalFilePlan } from "./local-file";
import type { RunResult } from "./options";
import type { RunSession } from "./session";
import { dispose, isCancellation } from "./stop";

export interface TransferOptions {
  onTransfer?: LocalFileOptions["onTransfer"];
  signal?: AbortSignal;
  leaveRunning?: boolean;
  /** The most bytes a download may write (default DEFAULT_MAX_DOWNLOAD_BYTES). */
  maxDownloadBytes?: number;
  /** The run's deadline, for its transfers: what is left of it, and the whole (for the message). */
  deadline?: { remainingMs: number; timeoutMs: number };
}

function transferOptions(options: TransferOptions) {
  return {
    ...(options.onTransfer ? { onTransfer: options.onTransfer } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The signal of a transfer: the caller's, and the run's deadline (what is left of it) when there is one. `expired`
 * tells a deadline from the caller's cancellation afterwards; `done` clears the timer.
 */
function transferSignal(options: TransferOptions): { signal?: AbortSignal; expired: () => boolean; done: () => void } {
  const remaining = options.deadline?.remainingMs;
  if (remaining === undefined || !Number.isFinite(remaining)) {
    return { ...(options.signal ? { signal: options.signal } : {}), expired: () => false, done: () => undefined };
  }
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error("timed out")), Math.max(0, remaining));
  return {
    signal: options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal,
    expired: () => deadline.signal.aborted && !options.signal?.aborted,
    done: () => clearTimeout(timer),
  };
}

/**
 * Uploads the intake file to the session's job. Resolves "cancelled" when the caller's signal stopped it (the caller ends the
 * run as cancelled); any other failure disposes of the job and rejects with LocalFileTransferError.
 */
export async function uploadIntake(
  session: RunSession,
  upload: NonNullable<LocalFilePlan["upload"]>,
  options: TransferOptions,
): Promise<"uploaded" | "cancelled" | "timeout"> {
  const limits = transferSignal(options);
  try {
    await uploadIntakeFile(session.client, session.job, upload, {
      ...transferOptions(options),
      ...(limits.signal ? { signal: limits.signal } : {}),
    });
    return "uploaded";
  } catch (error) {
    if (isCancellation(error, options.signal)) return "cancelled";
    if (limits.expired()) return "timeout";
    const { disposition, sentence } = await dispose(session, options.leaveRunning);
    throw new LocalFileTransferError(
      `Uploading ${upload.file} to batch prediction job ${session.job.id} of definition ${session.definition.label} ` +
        `failed: ${reasonOf(error)}; ${sentence}.`,
      { ...session.details(), direction: "upload", disposition },
    );
  } finally {
    limits.done();
  }
}

/** A localFile output of a COMPLETED job: the download link, and the predictions file when one was asked for. */
export async function withResults(
  session: RunSession,
  plan: LocalFilePlan,
  done: RunResult,
  options: TransferOptions,
): Promise<RunResult> {
  const { job } = session;
  const label = session.definition.label;
  const url = typeof job.links?.download === "string" ? job.links.download : undefined;
  if (url) done.downloadUrl = url;
  if (!plan.outputFile) return done;
  if (!url) {
    throw new LocalFileTransferError(
      `Batch prediction job ${job.id} of definition ${label} completed but offers no links.download; ` +
        `no predictions file was written.`,
      { ...session.details(), direction: "download" },
    );
  }
  // The run's timeout covers the download too: a server that trickles (or streams without end) must not keep the
  // run past it. Nothing is left to abort (the job COMPLETED); the error says where the results still are.
  const limits = transferSignal(options);
  try {
    const { bytes } = await downloadResults(session.client, url, plan.outputFile, {
      ...transferOptions(options),
      ...(limits.signal ? { signal: limits.signal } : {}),
      ...(options.maxDownloadBytes !== undefined ? { maxBytes: options.maxDownloadBytes } : {}),
    });
    done.outputFile = plan.outputFile;
    done.outputBytes = bytes;
    return done;
  } catch (error) {
    const fetchLater = `no file was written. The results can be downloaded from ${url}`;
    if (options.signal?.aborted) {
      throw new JobCancelledError(
        `Batch prediction job ${job.id} of definition ${label} completed, but downloading its results to ` +
          `${plan.outputFile} was cancelled; ${fetchLater}`,
        { ...session.details(), disposition: "already-finished" },
      );
    }
    if (limits.expired() && options.deadline) {
      const { timeoutMs } = options.deadline;
      throw new JobTimeoutError(
        `Batch prediction job ${job.id} of definition ${label} completed, but downloading its results to ` +
          `${plan.outputFile} did not finish within the run's timeout of ${formatDuration(timeoutMs)}; ` +
          `${fetchLater} (or raise the timeout)`,
        { ...session.details(), disposition: "already-finished", timeoutMs },
      );
    }
    throw new LocalFileTransferError(
      `Batch prediction job ${job.id} of definition ${label} completed, but downloading its results to ` +
        `${plan.outputFile} failed: ${reasonOf(error)}; no file was written. The results can be downloaded from ${url}`,
      { ...session.details(), direction: "download", downloadUrl: url },
    );
  } finally {
    limits.done();
  }
}
