/**
 * What a run takes and what it gives back: the options of `runJobDefinition` and its result. Apart from the runner
 * so that the steps of a run (session, wait, outcome) can name them without importing the runner.
 */
import type { DataRobotClient } from "../client/client";
import type { ApiBatchJob } from "../client/types";
import type { PollSchedule } from "./backoff";
import type { RunClock } from "./clock";
import type { LocalFileOptions } from "./local-file";
import type { RunProgress } from "./progress";

export const DEFAULT_TIMEOUT_MS = 60 * 60 * 1000;
export const DEFAULT_MAX_CONSECUTIVE_POLL_ERRORS = 5;

export interface RunJobDefinitionOptions extends LocalFileOptions {
  /** The client to use. Without one, a client is built from `endpoint`/`token`, then DATAROBOT_ENDPOINT/_API_TOKEN. */
  client?: DataRobotClient;
  endpoint?: string;
  token?: string;
  /** Wait for the job to end (default true). With false, resolves right after the job is started. */
  wait?: boolean;
  /**
   * Give up after this long (default 1 hour), counted from the job's start: uploading `intakeFile`, waiting for the
   * job and downloading its results (`outputFile`) all end by then. 0 or Infinity waits forever.
   */
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
  /**
   * The most bytes the download of a `localFile` output's results may write (`outputFile`); default 10 GiB
   * (DEFAULT_MAX_DOWNLOAD_BYTES). Beyond it the run fails, and no file is left.
   */
  maxDownloadBytes?: number;
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
