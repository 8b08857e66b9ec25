/**
 * The active jobs of a definition: listing them (`whenActive` of a run) and aborting them, then waiting until none
 * is left (a definition with `abortRunningJobsOnDelete` is deleted only after its jobs stopped: DataRobot answers
 * 409 to deleting a definition whose job is queued or running). Aborting is asynchronous on the server, so the wait
 * polls on the runner's clock and schedule: tests with a scaled clock see the polls of real time.
 */
import type { DataRobotClient } from "../client/client";
import { ConflictError, NotFoundError } from "../client/errors";
import { isActiveStatus } from "../client/job-status";
import type { ApiBatchJob } from "../client/types";
import { nextPollDelay, type PollSchedule } from "./backoff";
import { realClock, type RunClock } from "./clock";

/** The definition's jobs that are INITIALIZING or RUNNING. */
export async function activeJobs(client: DataRobotClient, definitionId: string): Promise<ApiBatchJob[]> {
  return (await client.listJobs({ jobDefinitionId: definitionId })).filter((job) => isActiveStatus(job.status));
}

export interface AbortActiveJobsOptions {
  clock?: RunClock;
  poll?: PollSchedule;
  /** How long to wait for the aborted jobs to stop; default 60000 (on `clock`'s time line). */
  waitMs?: number;
  /** Ends the wait early (the jobs are aborted already); the result is then the jobs last seen active. */
  signal?: AbortSignal;
}

export const DEFAULT_ABORT_WAIT_MS = 60_000;

/**
 * Aborts every active job of the definition and waits until none is active, `waitMs` has passed or `signal` fires.
 * Resolves with the jobs still active at the end (empty when all stopped); the caller decides whether that is an
 * error.
 */
export async function abortActiveJobs(
  client: DataRobotClient,
  definitionId: string,
  options: AbortActiveJobsOptions = {},
): Promise<ApiBatchJob[]> {
  const clock = options.clock ?? realClock;
  let active = await activeJobs(client, definitionId);
  for (const job of active) {
    await client.abortJob(job.id).catch((error: unknown) => {
      if (!(error instanceof NotFoundError || error instanceof ConflictError)) throw error; // finished meanwhile
    });
  }
  const deadline = clock.now() + (options.waitMs ?? DEFAULT_ABORT_WAIT_MS);
  for (let poll = 1; active.length > 0; poll++) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) break;
    const delay = nextPollDelay(poll, options.poll ?? {});
    try {
      await clock.sleep(Math.min(delay, remaining), options.signal);
    } catch (error) {
      if (options.signal?.aborted) break;
      throw error;
    }
    active = await activeJobs(client, definitionId);
    // The poll at the deadline is the last, even when the timer fired a millisecond early.
    if (delay >= remaining) break;
  }
  return active;
}
