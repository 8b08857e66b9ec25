/**
 * Runs of definitions that read or write local files. A `localFile` intake job does not start by itself: it waits
 * until the client PUTs the CSV to the job's `links.csvUpload` (or, with `intakeSettings.multipart`, PUTs parts to
 * `csvUpload/part/{n}/` and POSTs `csvUpload/finalizeMultipart/`). A `localFile` output is fetched from
 * `links.download` once the job has COMPLETED.
 *
 * - `planLocalFiles` checks the definition against the files given, before any job is started (fail fast).
 * - `uploadIntakeFile` streams the file (never read whole), reporting bytes and rate.
 * - `downloadResults` writes a temp file in the target's directory and renames it when complete, so a failed or
 *   interrupted download never leaves half a predictions file.
 */
import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomBytes } from "node:crypto";
import type { DataRobotClient } from "../client/client";
import { formatBytes } from "../client/http";
import type { ApiBatchJob, ApiJobDefinition } from "../client/types";

export interface LocalFileOptions {
  /** The CSV to score, for a definition whose intake is `localFile` (required for those, refused for others). */
  intakeFile?: string;
  /** Where to write the predictions of a `localFile` output (written atomically once the job COMPLETED). */
  outputFile?: string;
  /** Called while a file is uploaded or downloaded (at most every 250 ms, and once when done). */
  onTransfer?: (progress: TransferProgress) => void;
}

export interface TransferProgress {
  direction: "upload" | "download";
  file: string;
  bytes: number;
  /** Known for uploads (the file's size); unknown for downloads. */
  totalBytes?: number;
  /** Average since the transfer started. */
  bytesPerSecond: number;
  done: boolean;
}

/** The files of a run do not fit its definition (thrown before any job is started). */
export class LocalFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LocalFileError";
  }
}

export interface LocalFilePlan {
  upload?: { file: string; size: number; multipart: boolean; quote: string };
  /** The definition writes a local file (so the results are at links.download when it completes). */
  localOutput: boolean;
  outputFile?: string;
}

/** Multipart part size: DataRobot's Python SDK sends 5 MB parts. */
export const PART_BYTES = 5 * 1024 * 1024;

function adapter(definition: ApiJobDefinition, key: "intakeSettings" | "outputSettings"): Record<string, unknown> {
  const settings = definition.batchPredictionJob?.[key];
  return settings !== null && typeof settings === "object" ? (settings as Record<string, unknown>) : {};
}

/** Checks the files against the definition's intake and output types; throws LocalFileError with the fix. */
export async function planLocalFiles(
  definition: ApiJobDefinition,
  options: LocalFileOptions,
  label: string,
): Promise<LocalFilePlan> {
  const intake = adapter(definition, "intakeSettings");
  const output = adapter(definition, "outputSettings");
  const plan: LocalFilePlan = { localOutput: output.type === "localFile" };
  if (intake.type === "localFile" && !options.intakeFile) {
    throw new LocalFileError(
      `Definition ${label} reads a local file (intakeSettings.type "localFile"): give the CSV to score with ` +
        `intakeFile (CLI: --intake-file data.csv). Without it the job would wait for an upload that never comes.`,
    );
  }
  if (options.intakeFile) {
    if (intake.type !== "localFile") {
      throw new LocalFileError(
        `intakeFile was given, but definition ${label} reads its data from "${String(intake.type)}" ` +
          `(intakeSettings.type); only a "localFile" intake takes a file. Leave intakeFile out.`,
      );
    }
    const file = resolve(options.intakeFile);
    let size: number;
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) throw new Error("not a regular file");
      size = stat.size;
    } catch (error) {
      throw new LocalFileError(`intakeFile: cannot read "${options.intakeFile}" (${(error as Error).message})`);
    }
    if (size === 0) throw new LocalFileError(`intakeFile: "${options.intakeFile}" is empty; nothing to score`);
    const csv = definition.batchPredictionJob?.csvSettings as Record<string, unknown> | undefined;
    const quote = typeof csv?.quotechar === "string" ? csv.quotechar : '"';
    plan.upload = { file, size, multipart: intake.multipart === true, quote };
  }
  if (options.outputFile) {
    if (!plan.localOutput) {
      throw new LocalFileError(
        `outputFile was given, but definition ${label} writes its results to "${String(output.type)}" ` +
          `(outputSettings.type); only a "localFile" output can be downloaded. Leave outputFile out.`,
      );
    }
    const file = resolve(options.outputFile);
    try {
      if (!(await fs.stat(dirname(file))).isDirectory()) throw new Error("not a directory");
    } catch (error) {
      throw new LocalFileError(
        `outputFile: the directory of "${options.outputFile}" does not exist (${(error as Error).message})`,
      );
    }
    plan.outputFile = file;
  }
  return plan;
}

/** Counts the bytes that pass and reports them (throttled). */
class Meter extends Transform {
  private bytes = 0;
  private lastReport = 0;
  private readonly started = Date.now();

  constructor(
    private readonly base: Omit<TransferProgress, "bytes" | "bytesPerSecond" | "done">,
    private readonly report?: (progress: TransferProgress) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    const now = Date.now();
    if (now - this.lastReport >= 250) {
      this.lastReport = now;
      this.emit_(false);
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.emit_(true);
    callback();
  }

  private emit_(done: boolean): void {
    if (!this.report) return;
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    try {
      this.report({ ...this.base, bytes: this.bytes, bytesPerSecond: this.bytes / seconds, done });
    } catch {
      // A broken progress sink must not break the transfer.
    }
  }
}

/**
 * Splits a CSV byte stream into parts of about `partBytes` at record boundaries (a newline outside quotes), each
 * starting with the header line, as DataRobot's multipart intake expects. Holds at most one part in memory.
 */
export async function* csvParts(source: AsyncIterable<Buffer>, partBytes: number, quote = '"'): AsyncGenerator<Buffer> {
  const QUOTE = quote.charCodeAt(0);
  const NEWLINE = 0x0a;
  let inQuotes = false;
  let header: Buffer | null = null;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Bytes of `pending` up to the end of its last complete record (0: none yet). */
  let boundary = 0;
  let yielded = false;

  for await (const chunk of source) {
    let base = pendingBytes; // position of chunk[0] within pending
    pending.push(chunk);
    pendingBytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === QUOTE) inQuotes = !inQuotes;
      else if (byte === NEWLINE && !inQuotes) {
        if (header === null) {
          const all = Buffer.concat(pending);
          header = all.subarray(0, base + i + 1);
          pending = [all.subarray(base + i + 1)];
          pendingBytes = pending[0].length;
          base = -(i + 1); // chunk[i + 1] is now at position 0
          continue;
        }
        boundary = base + i + 1;
      }
    }
    if (header && pendingBytes >= partBytes && boundary > 0) {
      const all = Buffer.concat(pending);
      const body = all.subarray(0, boundary);
      pending = [all.subarray(boundary)];
      pendingBytes = pending[0].length;
      // The cut is at a record end (outside quotes): find the last record end in what is left.
      boundary = 0;
      let quoted = false;
      for (let i = 0; i < pending[0].length; i++) {
        if (pending[0][i] === QUOTE) quoted = !quoted;
        else if (pending[0][i] === NEWLINE && !quoted) boundary = i + 1;
      }
      yielded = true;
      yield Buffer.concat([header, body]);
    }
  }
  const tail = Buffer.concat(pending);
  if (header === null) {
    if (tail.length > 0) yield tail; // a header without a final newline, and nothing else
    return;
  }
  if (tail.toString("utf8").trim() !== "") yield Buffer.concat([header, tail]);
  else if (!yielded) yield header;
}

/** Streams the intake file to the job (single PUT, or parts + finalize for a multipart intake). */
export async function uploadIntakeFile(
  client: DataRobotClient,
  job: ApiBatchJob,
  upload: NonNullable<LocalFilePlan["upload"]>,
  options: { onTransfer?: LocalFileOptions["onTransfer"]; signal?: AbortSignal; partBytes?: number } = {},
): Promise<void> {
  const url = job.links?.csvUpload;
  if (typeof url !== "string" || url === "") {
    throw new LocalFileError(`Job ${job.id} has no links.csvUpload: DataRobot did not offer an upload for it`);
  }
  const meter = new Meter({ direction: "upload", file: upload.file, totalBytes: upload.size }, options.onTransfer);
  const signal = options.signal;
  if (!upload.multipart) {
    const body = createReadStream(upload.file).pipe(meter);
    await client.uploadCsv(url, body, { contentLength: upload.size, ...(signal ? { signal } : {}) });
    return;
  }
  let part = 0;
  const metered = createReadStream(upload.file).pipe(meter);
  const partUrl = (n: number) => `${url.endsWith("/") ? url : `${url}/`}part/${n}/`;
  for await (const body of csvParts(metered, options.partBytes ?? PART_BYTES, upload.quote)) {
    await client.uploadCsv(partUrl(part), Readable.from([body]), {
      contentLength: body.length,
      ...(signal ? { signal } : {}),
    });
    part++;
  }
  await client.finalizeMultipartUpload(url, signal);
}

/**
 * The default of `maxDownloadBytes`: a server that streams without end must not fill the disk, and 10 GiB is well
 * above the predictions of a file DataRobot's local-file intake accepts.
 */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 10 * 1024 ** 3;

/** Fails the download once more than `maxBytes` arrived (the temp file is then removed by the caller). */
class ByteLimit extends Transform {
  private bytes = 0;
  constructor(private readonly maxBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(
        new Error(
          `the results are larger than the download limit of ${formatBytes(this.maxBytes)} (maxDownloadBytes, ` +
            `CLI --max-download-size); raise it if such results are expected`,
        ),
      );
      return;
    }
    callback(null, chunk);
  }
}

/**
 * Downloads the job's results to `file` atomically: into a temp file next to it, renamed when complete. On any
 * failure the temp file is removed and `file` is untouched. At most `maxBytes` (default DEFAULT_MAX_DOWNLOAD_BYTES)
 * are written; `signal` ends it (the run's deadline and the caller's cancellation).
 */
export async function downloadResults(
  client: DataRobotClient,
  url: string,
  file: string,
  options: { onTransfer?: LocalFileOptions["onTransfer"]; signal?: AbortSignal; maxBytes?: number } = {},
): Promise<{ bytes: number }> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString("hex")}.partial`);
  let bytes = 0;
  try {
    const body = await client.downloadResults(url, options.signal);
    const meter = new Meter({ direction: "download", file }, (progress) => {
      bytes = progress.bytes;
      options.onTransfer?.(progress);
    });
    await pipeline(
      body,
      new ByteLimit(options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES),
      meter,
      createWriteStream(temp, { flags: "wx" }),
      options.signal ? { signal: options.signal } : {},
    );
    await fs.rename(temp, file);
    return { bytes };
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
