/**
 * Ending a run whose wait did not see the job finish (a timeout, the caller's cancellation, a failed upload): abort
 * the job unless told to leave it running, then say in the error what was done with it.
 */
import { ConflictError, DataRobotApiError } from "../client/errors";
import type { OperationLimits } from "../client/types";
import { JobCancelledError, JobTimeoutError, type JobDisposition } from "./errors";
import { formatDuration } from "./format";
import type { RunSession } from "./session";

export interface Disposal {
  disposition: JobDisposition;
  /** Ends the error message: "the job was aborted (DELETE /batchPredictions/{id}/ accepted)". */
  sentence: string;
}

/**
 * How long aborting a job (the DELETE, then one re-read of the job) may take in all. The run is ending (timeout,
 * Ctrl-C, SIGTERM, a failed upload): a 429 with a long Retry-After, or a server that does not answer, must not hold
 * the exit. Past it the error says the job may still be running, with its id.
 */
export const ABORT_TIMEOUT_MS = 10_000;

/**
 * Limits for the steps of an abort: their own budget and a signal that fires at its end (the per-request timeout of
 * the client is longer). Not the caller's signal: that one has usually fired already, which is why we abort.
 */
function abortLimits(): { limits: OperationLimits; done: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no answer within ${formatDuration(ABORT_TIMEOUT_MS)}`)),
    ABORT_TIMEOUT_MS,
  );
  timer.unref?.();
  return { limits: { timeoutMs: ABORT_TIMEOUT_MS, signal: controller.signal }, done: () => clearTimeout(timer) };
}

/** True when `error` comes from the caller's signal, not from DataRobot. */
export function isCancellation(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && (error === signal.reason || !(error instanceof DataRobotApiError));
}

/**
 * Aborts the session's job (or leaves it running), then describes what was done. Never throws; takes at most
 * ABORT_TIMEOUT_MS (plus a moment).
 */
export async function dispose(session: RunSession, leaveRunning: boolean | undefined): Promise<Disposal> {
  const id = session.job.id;
  if (leaveRunning) return { disposition: "left-running", sentence: `the job was left running (job id ${id})` };
  const { limits, done } = abortLimits();
  try {
    try {
      await session.client.abortJob(id, limits);
    } catch (error) {
      if (error instanceof ConflictError) {
        await session.refresh(limits);
        return { disposition: "already-finished", sentence: `the job had already finished (${session.job.status})` };
      }
      const reason = error instanceof Error ? error.message : String(error);
      return {
        disposition: "abort-failed",
        sentence: `aborting job ${id} failed, it may still be running: ${reason}`,
      };
    }
    await session.refresh(limits);
    return { disposition: "aborted", sentence: `the job was aborted (DELETE /batchPredictions/${id}/ accepted)` };
  } finally {
    done();
  }
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
