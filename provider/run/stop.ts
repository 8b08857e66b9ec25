/**
 * Ending a run whose wait did not see the job finish (a timeout, the caller's cancellation, a failed upload): abort
 * the job unless told to leave it running, then say in the error what was done with it.
 */
import { ConflictError, DataRobotApiError } from "../client/errors";
import { JobCancelledError, JobTimeoutError, type JobDisposition } from "./errors";
import { formatDuration } from "./format";
import type { RunSession } from "./session";

export interface Disposal {
  disposition: JobDisposition;
  /** Ends the error message: "the job was aborted (DELETE /batchPredictions/{id}/ accepted)". */
  sentence: string;
}

/** True when `error` comes from the caller's signal, not from DataRobot. */
export function isCancellation(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && (error === signal.reason || !(error instanceof DataRobotApiError));
}

/** Aborts the session's job (or leaves it running), then describes what was done. Never throws. */
export async function dispose(session: RunSession, leaveRunning: boolean | undefined): Promise<Disposal> {
  const id = session.job.id;
  if (leaveRunning) return { disposition: "left-running", sentence: `the job was left running (job id ${id})` };
  try {
    await session.client.abortJob(id);
  } catch (error) {
    if (error instanceof ConflictError) {
      await session.refresh();
      return { disposition: "already-finished", sentence: `the job had already finished (${session.job.status})` };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return { disposition: "abort-failed", sentence: `aborting job ${id} failed, it may still be running: ${reason}` };
  }
  await session.refresh();
  return { disposition: "aborted", sentence: `the job was aborted (DELETE /batchPredictions/${id}/ accepted)` };
}

/** The deadline passed: dispose of the job, then reject with JobTimeoutError. */
export async function timedOut(
  session: RunSession,
  timeoutMs: number,
  leaveRunning: boolean | undefined,
): Promise<never> {
  const { disposition, sentence } = await dispose(session, leaveRunning);
  const { job } = session;
  throw new JobTimeoutError(
    `Batch prediction job ${job.id} of definition ${session.definition.label} did not finish within ` +
      `${formatDuration(timeoutMs)} (last status ${job.status}, ${session.progress().percent}%); ${sentence}.`,
    { ...session.details(), disposition, timeoutMs },
  );
}

/** The caller's signal fired: dispose of the job, then reject with JobCancelledError. */
export async function cancelled(session: RunSession, leaveRunning: boolean | undefined): Promise<never> {
  const { disposition, sentence } = await dispose(session, leaveRunning);
  const { job } = session;
  throw new JobCancelledError(
    `Waiting for batch prediction job ${job.id} of definition ${session.definition.label} was cancelled after ` +
      `${formatDuration(session.elapsed())} (last status ${job.status}); ${sentence}.`,
    { ...session.details(), disposition },
  );
}
