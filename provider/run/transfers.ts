/**
 * The local-file steps of a run, with their errors: uploading the intake CSV to the started job (a failed upload
 * disposes of the job, which would otherwise wait for its data), and fetching a COMPLETED job's results.
 * The transfers themselves are in local-file.ts.
 */
import { LocalFileTransferError } from "./errors";
import { downloadResults, uploadIntakeFile, type LocalFileOptions, type LocalFilePlan } from "./local-file";
import type { RunResult } from "./options";
import type { RunSession } from "./session";
import { dispose, isCancellation } from "./stop";

export interface TransferOptions {
  onTransfer?: LocalFileOptions["onTransfer"];
  signal?: AbortSignal;
  leaveRunning?: boolean;
}

function transferOptions(options: TransferOptions) {
  return {
    ...(options.onTransfer ? { onTransfer: options.onTransfer } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Uploads the intake file to the session's job. Resolves "cancelled" when the caller's signal stopped it (the caller ends the
 * run as cancelled); any other failure disposes of the job and rejects with LocalFileTransferError.
 */
export async function uploadIntake(
  session: RunSession,
  upload: NonNullable<LocalFilePlan["upload"]>,
  options: TransferOptions,
): Promise<"uploaded" | "cancelled"> {
  try {
    await uploadIntakeFile(session.client, session.job, upload, transferOptions(options));
    return "uploaded";
  } catch (error) {
    if (isCancellation(error, options.signal)) return "cancelled";
    const { disposition, sentence } = await dispose(session, options.leaveRunning);
    throw new LocalFileTransferError(
      `Uploading ${upload.file} to batch prediction job ${session.job.id} of definition ${session.definition.label} ` +
        `failed: ${reasonOf(error)}; ${sentence}.`,
      { ...session.details(), direction: "upload", disposition },
    );
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
  try {
    const { bytes } = await downloadResults(session.client, url, plan.outputFile, transferOptions(options));
    done.outputFile = plan.outputFile;
    done.outputBytes = bytes;
    return done;
  } catch (error) {
    throw new LocalFileTransferError(
      `Batch prediction job ${job.id} of definition ${label} completed, but downloading its results to ` +
        `${plan.outputFile} failed: ${reasonOf(error)}; no file was written. The results can be downloaded from ${url}`,
      { ...session.details(), direction: "download", downloadUrl: url },
    );
  }
}
