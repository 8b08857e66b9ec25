/**
 * Runs several definitions with bounded concurrency and summarises the outcome: one line per run (name, job id,
 * status, rows, duration). Failures are collected, not thrown, so one failed run does not hide the others.
 */
import { DataRobotClient } from "../../provider/client/client";
import { connect } from "../../provider/connections";
import {
  DefinitionBusyError,
  DefinitionNotFoundError,
  JobAbortedError,
  JobCancelledError,
  JobFailedError,
  JobRunError,
  JobTimeoutError,
} from "../../provider/run/errors";
import { formatDuration } from "../../provider/run/format";
import { runJobDefinition, type RunJobDefinitionOptions } from "../../provider/run/run";
import type { DefinitionReference } from "../../provider/run/resolve";

/** Outcome of one run in a summary. */
export type RunOutcome =
  | "COMPLETED"
  | "STARTED" // wait: false
  | "FAILED"
  | "ABORTED"
  | "TIMED_OUT"
  | "CANCELLED"
  | "NOT_FOUND"
  | "SKIPPED_DELETED" // deleted in the update that was just applied: never run
  | "SKIPPED_BUSY" // already had an active job, and only idle definitions were to be started (--if-idle)
  | "ERROR"; // API or configuration error

export interface RunSummaryLine {
  /** What was asked for (id or name). */
  reference: string;
  definitionId?: string;
  name?: string;
  jobId?: string;
  outcome: RunOutcome;
  scoredRows?: number;
  failedRows?: number;
  durationMs: number;
  /** The error message for anything but COMPLETED/STARTED/SKIPPED_DELETED. */
  error?: string;
  /** A localFile output: where the results can be downloaded, and the predictions file written (if asked). */
  downloadUrl?: string;
  outputFile?: string;
}

export interface RunSummary {
  runs: RunSummaryLine[];
  /** True when every run COMPLETED (or STARTED with wait: false, or was skipped as deleted or busy). */
  ok: boolean;
}

export interface RunManyOptions extends Omit<RunJobDefinitionOptions, "client"> {
  client?: DataRobotClient;
  /** Runs at the same time; default 2. */
  concurrency?: number;
}

export const DEFAULT_CONCURRENCY = 2;

const OK_OUTCOMES: ReadonlySet<RunOutcome> = new Set(["COMPLETED", "STARTED", "SKIPPED_DELETED", "SKIPPED_BUSY"]);

function outcomeOf(error: unknown): RunOutcome {
  if (error instanceof JobFailedError) return "FAILED";
  if (error instanceof JobAbortedError) return "ABORTED";
  if (error instanceof JobTimeoutError) return "TIMED_OUT";
  if (error instanceof JobCancelledError) return "CANCELLED";
  if (error instanceof DefinitionNotFoundError) return "NOT_FOUND";
  if (error instanceof DefinitionBusyError) return "SKIPPED_BUSY";
  return "ERROR";
}

async function runOne(reference: string, options: RunJobDefinitionOptions): Promise<RunSummaryLine> {
  const started = Date.now();
  try {
    const result = await runJobDefinition(reference as DefinitionReference, options);
    return {
      reference,
      definitionId: result.definitionId,
      ...(result.definitionName !== undefined ? { name: result.definitionName } : {}),
      jobId: result.jobId,
      outcome: result.waited ? "COMPLETED" : "STARTED",
      scoredRows: result.job.scoredRows ?? 0,
      failedRows: result.job.failedRows ?? 0,
      durationMs: result.waited ? result.elapsedMs : Date.now() - started,
      ...(result.downloadUrl !== undefined ? { downloadUrl: result.downloadUrl } : {}),
      ...(result.outputFile !== undefined ? { outputFile: result.outputFile } : {}),
    };
  } catch (error) {
    const line: RunSummaryLine = {
      reference,
      outcome: outcomeOf(error),
      durationMs: Date.now() - started,
      error: error instanceof Error ? error.message : String(error),
    };
    if (error instanceof JobRunError) {
      line.definitionId = error.definitionId;
      if (error.definitionName !== undefined) line.name = error.definitionName;
      if (error.jobId !== undefined) line.jobId = error.jobId;
      line.scoredRows = error.job?.scoredRows ?? 0;
      line.failedRows = error.job?.failedRows ?? 0;
      line.durationMs = error.elapsedMs;
    }
    return line;
  }
}

/** Runs every reference, at most `concurrency` at a time, in order of the list. */
export async function runMany(references: string[], options: RunManyOptions = {}): Promise<RunSummary> {
  const client = options.client ?? connect({ endpoint: options.endpoint, token: options.token });
  const limit = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const runs: RunSummaryLine[] = new Array(references.length);
  let next = 0;
  const worker = async () => {
    while (next < references.length) {
      const index = next++;
      runs[index] = await runOne(references[index], { ...options, client });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, references.length) }, worker));
  return { runs, ok: runs.every((run) => OK_OUTCOMES.has(run.outcome)) };
}

/** The summary as aligned text: one line per run, then the error messages of the runs that did not succeed. */
export function formatSummary(summary: RunSummary): string {
  const rows = summary.runs.map((run) => [
    run.name ?? run.reference,
    run.jobId ?? "-",
    run.outcome,
    run.scoredRows === undefined ? "-" : `${run.scoredRows} rows${run.failedRows ? ` (${run.failedRows} failed)` : ""}`,
    formatDuration(run.durationMs),
  ]);
  const header = ["DEFINITION", "JOB", "STATUS", "ROWS", "DURATION"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join("  ")
      .trimEnd();
  const errors = summary.runs
    .filter((run) => run.error !== undefined)
    .map((run) => `${run.name ?? run.reference}: ${run.error}`);
  // Results of a localFile output: the file written, or else where to fetch them (the link needs the API token).
  const results = summary.runs
    .filter((run) => run.outputFile !== undefined || run.downloadUrl !== undefined)
    .map((run) =>
      run.outputFile !== undefined
        ? `${run.name ?? run.reference}: predictions written to ${run.outputFile}`
        : `${run.name ?? run.reference}: predictions can be downloaded (GET with the API token) from ${run.downloadUrl}`,
    );
  return [
    line(header),
    ...rows.map(line),
    ...(results.length ? ["", ...results] : []),
    ...(errors.length ? ["", ...errors] : []),
  ].join("\n");
}
