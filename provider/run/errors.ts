/**
 * Errors of a run. Every one carries the job as last seen (when there is one), so a pipeline can print
 * `statusDetails` and the job's logs; timeouts and cancellations also say what happened to the job on DataRobot.
 */
import type { ApiBatchJob } from "../client/types";

/** What was done with a job that was still running when the wait ended (timeout or cancellation). */
export type JobDisposition =
  /** DELETE /batchPredictions/{id}/ was accepted: the job is aborted. */
  | "aborted"
  /** The caller asked to leave it running. */
  | "left-running"
  /** The abort request failed; the job may still be running (see `abortError`). */
  | "abort-failed"
  /** It had already finished when the abort was sent (409). */
  | "already-finished";

export interface RunErrorDetails {
  definitionId: string;
  definitionName?: string;
  job?: ApiBatchJob;
  elapsedMs: number;
  polls: number;
}

/**
 * The base of every error a run raises itself (not the client's API errors): catch it to catch them all. The
 * subclasses say what went wrong: the job (JobRunError and its kinds), a local file (LocalFileError), or the
 * definition's reference (DefinitionNotFoundError).
 */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Base class: a run whose job did not end in COMPLETED. */
export class JobRunError extends RunError {
  readonly definitionId: string;
  readonly definitionName?: string;
  readonly job?: ApiBatchJob;
  readonly jobId?: string;
  readonly status?: string;
  readonly statusDetails?: string;
  readonly logs: string[];
  readonly elapsedMs: number;
  readonly polls: number;

  constructor(message: string, details: RunErrorDetails) {
    super(message);
    this.definitionId = details.definitionId;
    if (details.definitionName !== undefined) this.definitionName = details.definitionName;
    if (details.job) {
      this.job = details.job;
      this.jobId = details.job.id;
      this.status = details.job.status;
      if (typeof details.job.statusDetails === "string") this.statusDetails = details.job.statusDetails;
    }
    this.logs = Array.isArray(details.job?.logs) ? details.job.logs.map(String) : [];
    this.elapsedMs = details.elapsedMs;
    this.polls = details.polls;
  }
}

/** The job ended with status FAILED. */
export class JobFailedError extends JobRunError {}

/** The definition already had an active job and the caller asked to start only when idle (`--if-idle`). */
export class DefinitionBusyError extends JobRunError {
  readonly activeJobIds: string[];
  constructor(message: string, details: RunErrorDetails & { activeJobIds: string[] }) {
    super(message, details);
    this.activeJobIds = details.activeJobIds;
  }
}

/** The job ended with status ABORTED (by DataRobot, a user, or too many failed rows). */
export class JobAbortedError extends JobRunError {}

/** The wait exceeded `timeoutMs`; `disposition` says whether the job was aborted or left running. */
export class JobTimeoutError extends JobRunError {
  readonly disposition: JobDisposition;
  readonly timeoutMs: number;
  constructor(message: string, details: RunErrorDetails & { disposition: JobDisposition; timeoutMs: number }) {
    super(message, details);
    this.disposition = details.disposition;
    this.timeoutMs = details.timeoutMs;
  }
}

/** The caller's AbortSignal fired; `disposition` says whether the job was aborted or left running. */
export class JobCancelledError extends JobRunError {
  readonly disposition: JobDisposition;
  constructor(message: string, details: RunErrorDetails & { disposition: JobDisposition }) {
    super(message, details);
    this.disposition = details.disposition;
  }
}

/**
 * Moving a local file failed: the intake upload (the job was then aborted, or left waiting with `leaveRunning`),
 * or the download of a COMPLETED job's results (no file was written; `downloadUrl` still serves them).
 */
export class LocalFileTransferError extends JobRunError {
  readonly direction: "upload" | "download";
  readonly downloadUrl?: string;
  /** After a failed upload: what was done with the job that waits for its data. */
  readonly disposition?: JobDisposition;
  constructor(
    message: string,
    details: RunErrorDetails & {
      direction: "upload" | "download";
      downloadUrl?: string;
      disposition?: JobDisposition;
    },
  ) {
    super(message, details);
    this.direction = details.direction;
    if (details.disposition !== undefined) this.disposition = details.disposition;
    if (details.downloadUrl !== undefined) this.downloadUrl = details.downloadUrl;
  }
}

/**
 * A local file cannot be used: a localFile intake without `intakeFile`, a file given for a remote adapter, a file
 * that cannot be read or written, or a CSV record that cannot be cut into multipart parts. Raised before any job is
 * started, except the last (raised during the upload, before the offending data is sent).
 */
export class LocalFileError extends RunError {}

/** No definition with this id or exact name is visible to the token's user. */
export class DefinitionNotFoundError extends RunError {
  readonly reference: string;
  constructor(reference: string, how: "id" | "name" | "id or name") {
    super(
      `No batch prediction job definition with ${how} "${reference}" is visible to this DataRobot user ` +
        "(check the id/name, the endpoint and the token).",
    );
    this.reference = reference;
  }
}
