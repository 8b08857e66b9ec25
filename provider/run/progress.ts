/** What a run reports after every poll (and once when the job is started). */
import type { ApiBatchJob } from "../client/types";

export interface RunProgress {
  definitionId: string;
  definitionName?: string;
  jobId: string;
  status: string;
  /** 0..100, as DataRobot reports it (0 while queued). */
  percent: number;
  scoredRows: number;
  failedRows: number;
  skippedRows: number;
  /** Position in DataRobot's queue while INITIALIZING; null when running or unknown. */
  queuePosition: number | null;
  /** Milliseconds since the job was started (on the run's clock). */
  elapsedMs: number;
  /** Number of GET polls so far. */
  polls: number;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

export function progressOf(
  job: ApiBatchJob,
  context: { definitionId: string; definitionName?: string; elapsedMs: number; polls: number },
): RunProgress {
  return {
    definitionId: context.definitionId,
    ...(context.definitionName !== undefined ? { definitionName: context.definitionName } : {}),
    jobId: job.id,
    status: job.status,
    percent: count(job.percentageCompleted),
    scoredRows: count(job.scoredRows),
    failedRows: count(job.failedRows),
    skippedRows: count(job.skippedRows),
    queuePosition: typeof job.queuePosition === "number" ? job.queuePosition : null,
    elapsedMs: context.elapsedMs,
    polls: context.polls,
  };
}
