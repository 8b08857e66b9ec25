/**
 * One started job, as the run sees it: the job as last read, the polls made and the time since the start on the
 * run's clock. Every step of a run reads and updates the job here, so progress reports, error details and the
 * result all describe the same, latest job.
 */
import type { DataRobotClient } from "../client/client";
import { scrubStrings } from "../client/redact";
import type { ApiBatchJob, OperationLimits } from "../client/types";
import { redactSecrets } from "../model";
import type { RunClock } from "./clock";
import type { RunErrorDetails } from "./errors";
import type { RunResult } from "./options";
import { progressOf, type RunProgress } from "./progress";

export interface SessionDefinition {
  id: string;
  name?: string;
  /** `"nightly" (5f0c...)`, for messages. */
  label: string;
  /** The definition as read (its secrets are scrubbed from what the server says about its jobs). */
  read?: unknown;
}

export class RunSession {
  /** On the clock's time line, taken when the job was started. */
  readonly startedAt: number;
  polls = 0;

  constructor(
    readonly client: DataRobotClient,
    readonly clock: RunClock,
    readonly definition: SessionDefinition,
    /** The job as last read. */
    public job: ApiBatchJob,
    private readonly onProgress?: (progress: RunProgress) => void,
  ) {
    this.startedAt = clock.now();
  }

  elapsed(): number {
    return this.clock.now() - this.startedAt;
  }

  /**
   * A text of the server about this job, fit to print or store: the token, the job's and the definition's secrets
   * cut out wherever quoted, control characters escaped. statusDetails and logs are free text a server may fill
   * with the request it failed on (the intake URL with its signature, a header, the token).
   */
  scrub(text: string): string {
    return this.client.scrub(text, this.job.jobSpec, this.definition.read);
  }

  /**
   * The job as last read, fit to attach to an error or a result that a caller may log whole (`JSON.stringify(err)`):
   * the secret values of its `jobSpec` replaced by "[secret]" (URLs keep all but their credentials) and every text
   * scrubbed.
   */
  safeJob(): ApiBatchJob {
    const { jobSpec, ...rest } = this.job;
    const scrub = this.client.scrubber(this.job.jobSpec, this.definition.read);
    const safe = scrubStrings(rest, scrub) as ApiBatchJob;
    if (jobSpec !== undefined) safe.jobSpec = scrubStrings(redactSecrets(jobSpec), scrub);
    return safe;
  }

  progress(): RunProgress {
    // Only numbers and the status are reported: the status is the one server text to scrub.
    return progressOf(
      { ...this.job, status: this.scrub(String(this.job.status)) },
      {
        definitionId: this.definition.id,
        definitionName: this.definition.name,
        elapsedMs: this.elapsed(),
        polls: this.polls,
      },
    );
  }

  /** Tells `onProgress` where the job stands. */
  report(): void {
    if (!this.onProgress) return;
    try {
      this.onProgress(this.progress());
    } catch {
      // A broken progress sink must not break the run.
    }
  }

  details(): RunErrorDetails {
    return {
      definitionId: this.definition.id,
      definitionName: this.definition.name,
      job: this.safeJob(),
      elapsedMs: this.elapsed(),
      polls: this.polls,
    };
  }

  result(waited: boolean): RunResult {
    return {
      definitionId: this.definition.id,
      ...(this.definition.name !== undefined ? { definitionName: this.definition.name } : {}),
      jobId: this.job.id,
      status: this.job.status,
      job: this.safeJob(),
      waited,
      polls: this.polls,
      elapsedMs: this.elapsed(),
    };
  }

  /** Best-effort re-read (after an abort), so an error carries the job's final logs. */
  async refresh(limits: OperationLimits = {}): Promise<void> {
    try {
      this.job = await this.client.getJob(this.job.id, limits);
    } catch {
      // keep the last job we saw
    }
  }
}
