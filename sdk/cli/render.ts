/**
 * Progress output: a live bar redrawn in place on a terminal, plain timestamped lines elsewhere (CI logs keep
 * every line, and `\r` redraws would make them unreadable).
 */
import type { RunProgress } from "../run/progress";
import { formatDuration } from "../run/format";

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressRenderer {
  update(progress: RunProgress): void;
  /** Ends the live line (if any) before other output. */
  finish(): void;
}

function label(progress: RunProgress): string {
  return progress.definitionName ?? progress.definitionId;
}

function details(progress: RunProgress): string {
  const queue = progress.queuePosition !== null ? ` queue=${progress.queuePosition}` : "";
  return (
    `${progress.status} ${progress.percent.toFixed(1)}% scored=${progress.scoredRows} failed=${progress.failedRows}` +
    `${queue} elapsed=${formatDuration(progress.elapsedMs)}`
  );
}

/** One line per change: `2026-01-01T00:00:00.000Z nightly job 5f.. RUNNING 45.0% scored=450 failed=0 elapsed=12.0 s`. */
export function plainRenderer(stream: OutputStream, now: () => Date = () => new Date()): ProgressRenderer {
  const last = new Map<string, string>();
  return {
    update(progress) {
      const text = `${label(progress)} job ${progress.jobId} ${details(progress)}`;
      const key = `${progress.status}|${progress.percent}|${progress.scoredRows}|${progress.failedRows}|${progress.queuePosition}`;
      if (last.get(progress.jobId) === key) return;
      last.set(progress.jobId, key);
      stream.write(`${now().toISOString()} ${text}\n`);
    },
    finish() {},
  };
}

/** A bar per job, redrawn in place (one line, the latest job's, when several run at once). */
export function ttyRenderer(stream: OutputStream): ProgressRenderer {
  let drawn = false;
  return {
    update(progress) {
      const columns = stream.columns && stream.columns > 20 ? stream.columns : 80;
      const suffix = ` ${progress.percent.toFixed(0).padStart(3)}% ${progress.status} ${progress.scoredRows} rows ${formatDuration(progress.elapsedMs)}`;
      const prefix = `${label(progress)} `;
      const barWidth = Math.max(10, Math.min(40, columns - prefix.length - suffix.length - 3));
      const filled = Math.round((Math.min(100, Math.max(0, progress.percent)) / 100) * barWidth);
      const bar = `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]`;
      const line = `${prefix}${bar}${suffix}`.slice(0, columns - 1);
      stream.write(`\r\x1b[2K${line}`);
      drawn = true;
      if (["COMPLETED", "FAILED", "ABORTED"].includes(progress.status)) {
        stream.write("\n");
        drawn = false;
      }
    },
    finish() {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}

export function rendererFor(stream: OutputStream): ProgressRenderer {
  return stream.isTTY ? ttyRenderer(stream) : plainRenderer(stream);
}
