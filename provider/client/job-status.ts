/**
 * The statuses of a batch prediction job (one run), and which of them mean "still going" and "ended". The one list:
 * the runner, the job-definition provider's abort on delete and the SDK's output types read it. The model's response
 * schema keeps `status` a plain string on purpose, so that a status DataRobot adds later reaches the caller.
 */

export const BATCH_JOB_STATUSES = ["INITIALIZING", "RUNNING", "COMPLETED", "ABORTED", "FAILED"] as const;
export type BatchJobStatus = (typeof BATCH_JOB_STATUSES)[number];

/** Queued or scoring: the job holds the definition (a delete answers 409) and can still be aborted. */
export const ACTIVE_JOB_STATUSES: readonly BatchJobStatus[] = ["INITIALIZING", "RUNNING"];
/** Terminal statuses. FAILED is terminal even though DataRobot's Python waiter keeps polling on it (docs/datarobot-api.md §8.4). */
export const TERMINAL_JOB_STATUSES: readonly BatchJobStatus[] = ["COMPLETED", "ABORTED", "FAILED"];

// Compared upper-cased: a status in another case is still the same status (never seen from DataRobot; cheap).
const has = (statuses: readonly string[], status: string) => statuses.includes(String(status).toUpperCase());

/** COMPLETED, ABORTED or FAILED (any case). */
export function isTerminalStatus(status: string): boolean {
  return has(TERMINAL_JOB_STATUSES, status);
}

/** INITIALIZING or RUNNING (any case). */
export function isActiveStatus(status: string): boolean {
  return has(ACTIVE_JOB_STATUSES, status);
}
