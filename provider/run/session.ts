/**
 * One started job, as the run sees it: the job as last read, the polls made and the time since the start on the
 * run's clock. Every step of a run reads and updates the job here, so progress reports, error details and the
 * result all describe the same, latest job.
 */
import type { DataRobotClient } from "../client/client";
import type { ApiBatchJob, OperationLimits } from "../client/types";
import type { RunClock } from "./clock";
import type { RunErrorDetails } from "./errors";
import type { RunResult } from "./options";
import { progressOf, type RunProgress } from "./progress";

export interface SessionDefinition {
  id: string;
  name?: string;
  /** `"nightly" (5f0c...)`, for messages. */
  label: string;
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

  progress(): RunProgress {
    return progressOf(this.job, {
      definitionId: this.definition.id,
      definitionName: this.definition.name,
      elapsedMs: this.elapsed(),
      polls: this.polls,
    });
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
      job: this.job,
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
      job: this.job,
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
