/**
 * Progress output: a live bar redrawn in place on a terminal, plain timestamped lines elsewhere (CI logs keep
 * every line, and `\r` redraws would make them unreadable).
 */
import type { RunProgress } from "../../provider/run/progress";
import type { TransferProgress } from "../../provider/run/local-file";
import { formatDuration } from "../../provider/run/format";

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressRenderer {
  update(progress: RunProgress): void;
  /** An intake upload or a results download moved on. */
  transfer(progress: TransferProgress): void;
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

const MB = 1024 * 1024;

/** "512 B", "3.4 KB", "12.0 MB". */
function size(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** "Uploading data.csv: 12.0 MB of 100.0 MB (12%), 45.6 MB/s". */
export function transferText(progress: TransferProgress): string {
  const verb = progress.direction === "upload" ? "Uploading" : "Downloading";
  const done = progress.done ? (progress.direction === "upload" ? "Uploaded" : "Downloaded") : verb;
  const of =
    progress.totalBytes !== undefined
      ? ` of ${size(progress.totalBytes)} (${Math.floor((100 * progress.bytes) / Math.max(1, progress.totalBytes))}%)`
      : "";
  return `${done} ${progress.file}: ${size(progress.bytes)}${of}, ${size(progress.bytesPerSecond)}/s`;
}

/** One line per change: `2026-01-01T00:00:00.000Z nightly job 5f.. RUNNING 45.0% scored=450 failed=0 elapsed=12.0 s`. */
export function plainRenderer(stream: OutputStream, now: () => Date = () => new Date()): ProgressRenderer {
  const last = new Map<string, string>();
  const lastTransfer = new Map<string, string>();
  return {
    update(progress) {
      const text = `${label(progress)} job ${progress.jobId} ${details(progress)}`;
      const key = `${progress.status}|${progress.percent}|${progress.scoredRows}|${progress.failedRows}|${progress.queuePosition}`;
      if (last.get(progress.jobId) === key) return;
      last.set(progress.jobId, key);
      stream.write(`${now().toISOString()} ${text}\n`);
    },
    // CI logs: a line every 10 % of an upload (or 5 s of a download), and when done.
    transfer(progress) {
      const key = `${progress.direction}|${progress.file}`;
      const step =
        progress.totalBytes !== undefined
          ? String(Math.floor((10 * progress.bytes) / Math.max(1, progress.totalBytes)))
          : String(Math.floor(now().getTime() / 5000));
      const mark = progress.done ? "done" : step;
      if (lastTransfer.get(key) === mark) return;
      lastTransfer.set(key, mark);
      stream.write(`${now().toISOString()} ${transferText(progress)}\n`);
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
    transfer(progress) {
      const columns = stream.columns && stream.columns > 20 ? stream.columns : 80;
      stream.write(`\r\x1b[2K${transferText(progress).slice(0, columns - 1)}`);
      drawn = true;
      if (progress.done) {
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
