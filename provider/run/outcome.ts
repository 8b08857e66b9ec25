/**
 * The end of a run whose job reached a terminal status: COMPLETED gives the result (with a localFile output's
 * results fetched); FAILED and ABORTED reject with JobFailedError / JobAbortedError carrying statusDetails and the
 * job's logs, scrubbed of the token and the definition's secrets (RunSession.safeJob).
 */
import { JobAbortedError, JobFailedError } from "./errors";
import { formatDuration } from "./format";
import type { LocalFilePlan } from "./local-file";
import type { RunResult } from "./options";
import type { RunSession } from "./session";
import { withResults, type TransferOptions } from "./transfers";

export async function outcome(session: RunSession, plan: LocalFilePlan, options: TransferOptions): Promise<RunResult> {
  const { job } = session;
  const status = job.status.toUpperCase();
  if (status === "COMPLETED") {
    const done = session.result(true);
    return plan.localOutput ? withResults(session, plan, done, options) : done;
  }
  throw failure(session, status);
}

/** The error of a job that ended without completing: what DataRobot said (statusDetails) and its logs. */
function failure(session: RunSession, status: string): JobFailedError | JobAbortedError {
  // Server text, scrubbed: statusDetails and logs may quote the token or the definition's secrets.
  const job = session.safeJob();
  const why = job.statusDetails ? `: ${job.statusDetails}` : "";
  const logs = Array.isArray(job.logs) && job.logs.length > 0 ? `\nJob logs:\n  ${job.logs.join("\n  ")}` : "";
  const message =
    `Batch prediction job ${job.id} of definition ${session.definition.label} ended with status ${status} after ` +
    `${formatDuration(session.elapsed())} (scored ${job.scoredRows ?? 0} rows, failed ${job.failedRows ?? 0})${why}${logs}`;
  if (status === "FAILED") return new JobFailedError(message, session.details());
  return new JobAbortedError(message, session.details());
}
