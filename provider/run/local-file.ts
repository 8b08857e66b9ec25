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
import { constants as fsConstants, createReadStream, createWriteStream, promises as fs } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomBytes } from "node:crypto";
import type { DataRobotClient } from "../client/client";
import { formatBytes } from "../client/http";
import type { ApiBatchJob, ApiJobDefinition } from "../client/types";
import { LocalFileError } from "./errors";

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
    await checkOutputFile(file, options.outputFile, plan.upload?.file);
    plan.outputFile = file;
  }
  return plan;
}

/**
 * Where the predictions will go, checked before any job is started: an existing directory that this process can
 * write to, and not a directory, a device or the intake file itself. An existing regular file is replaced (keeping its
 * permissions); a symbolic link is replaced by the file, its target is left untouched.
 */
async function checkOutputFile(file: string, given: string, intakeFile: string | undefined): Promise<void> {
  const dir = dirname(file);
  try {
    if (!(await fs.stat(dir)).isDirectory()) throw new Error("not a directory");
  } catch (error) {
    throw new LocalFileError(`outputFile: the directory of "${given}" does not exist (${(error as Error).message})`);
  }
  try {
    await fs.access(dir, fsConstants.W_OK | fsConstants.X_OK);
  } catch {
    throw new LocalFileError(
      `outputFile: the directory of "${given}" is not writable, so the predictions could not be written there; ` +
        `choose an outputFile in a directory you can write to.`,
    );
  }
  const existing = await fs.stat(file).catch(() => undefined);
  if (!existing) return;
  if (existing.isDirectory()) {
    throw new LocalFileError(
      `outputFile: "${given}" is a directory; give the path of the file to write, e.g. "${join(given, "predictions.csv")}".`,
    );
  }
  if (!existing.isFile())
    throw new LocalFileError(`outputFile: "${given}" exists and is not a regular file; give the path of a CSV file.`);
  const intake = intakeFile === undefined ? undefined : await fs.stat(intakeFile).catch(() => undefined);
  if (intake && intake.dev === existing.dev && intake.ino === existing.ino) {
    throw new LocalFileError(
      `outputFile: "${given}" is the intakeFile; writing the predictions there would replace the data being ` +
        `scored. Choose another outputFile.`,
    );
  }
}

/** Counts transferred bytes and reports them (throttled to one report per 250 ms, and once when done). */
class Progress {
  private bytes = 0;
  private lastReport = 0;
  private readonly started = Date.now();

  constructor(
    private readonly base: Omit<TransferProgress, "bytes" | "bytesPerSecond" | "done">,
    private readonly report?: (progress: TransferProgress) => void,
  ) {}

  add(bytes: number): void {
    this.bytes += bytes;
    const now = Date.now();
    if (now - this.lastReport >= 250) {
      this.lastReport = now;
      this.emit(false);
    }
  }

  finish(): void {
    this.emit(true);
  }

  private emit(done: boolean): void {
    if (!this.report) return;
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    try {
      this.report({ ...this.base, bytes: this.bytes, bytesPerSecond: this.bytes / seconds, done });
    } catch {
      // A broken progress sink must not break the transfer.
    }
  }
}

/** Counts the bytes that pass and reports them. */
class Meter extends Transform {
  private readonly progress: Progress;

  constructor(
    base: Omit<TransferProgress, "bytes" | "bytesPerSecond" | "done">,
    report?: (progress: TransferProgress) => void,
  ) {
    super();
    this.progress = new Progress(base, report);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.progress.add(chunk.length);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.progress.finish();
    callback();
  }
}

/**
 * The file's bytes, read only when asked for: the file is opened on the first read and closed when the reader
 * stops (at the end, on an error, or when the consumer gives up), so a refused request leaves no descriptor open.
 */
async function* fileChunks(file: string, onChunk?: (bytes: number) => void): AsyncGenerator<Buffer> {
  const stream = createReadStream(file);
  try {
    for await (const chunk of stream) {
      onChunk?.((chunk as Buffer).length);
      yield chunk as Buffer;
    }
  } finally {
    stream.destroy();
  }
}

/**
 * Splits a CSV byte stream into parts of about `partBytes` at record boundaries (a newline outside quotes), each
 * starting with the header line, as DataRobot's multipart intake expects. Memory is bounded: when no record boundary
 * comes within `2 × partBytes` (an unclosed quote, a file without line breaks), it throws LocalFileError naming the
 * line, before that data is sent; so it holds at most about two parts (the data not yet cut and the part being sent).
 */
export async function* csvParts(source: AsyncIterable<Buffer>, partBytes: number, quote = '"'): AsyncGenerator<Buffer> {
  for await (const part of sizedCsvParts(source, partBytes, quote)) yield part.data;
}

/** csvParts, with how many bytes of the file each part carries (its header counts only in the first part). */
async function* sizedCsvParts(
  source: AsyncIterable<Buffer>,
  partBytes: number,
  quote: string,
): AsyncGenerator<{ data: Buffer; fileBytes: number }> {
  const QUOTE = quote.charCodeAt(0);
  const NEWLINE = 0x0a;
  const limit = 2 * partBytes;
  let inQuotes = false;
  /** 1-based line of the byte being read, and of the quote that opened the quoted field in progress. */
  let line = 1;
  let quoteLine = 1;
  let header: Buffer | null = null;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Bytes of `pending` up to the end of its last complete record (0: none yet). */
  let boundary = 0;
  let yielded = false;

  /** Removes the first `bytes` of `pending` and returns them as a list of buffers (no copy). */
  const take = (bytes: number): Buffer[] => {
    const taken: Buffer[] = [];
    let left = bytes;
    while (left > 0) {
      const first = pending[0];
      if (first.length <= left) {
        taken.push(first);
        pending.shift();
        left -= first.length;
      } else {
        taken.push(first.subarray(0, left));
        pending[0] = first.subarray(left);
        left = 0;
      }
    }
    pendingBytes -= bytes;
    return taken;
  };

  for await (const chunk of source) {
    let base = pendingBytes; // position of chunk[0] within pending
    pending.push(chunk);
    pendingBytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === QUOTE) {
        inQuotes = !inQuotes;
        if (inQuotes) quoteLine = line;
      } else if (byte === NEWLINE) {
        line++;
        if (inQuotes) continue;
        if (header === null) {
          header = Buffer.concat(take(base + i + 1));
          base = -(i + 1); // chunk[i + 1] is now at position 0
          continue;
        }
        boundary = base + i + 1;
      }
    }
    if (header && pendingBytes >= partBytes && boundary > 0) {
      // The cut is at the last record end seen, so what is left holds no record end yet.
      const fileBytes = boundary + (yielded ? 0 : header.length);
      const body = take(boundary);
      boundary = 0;
      yielded = true;
      yield { data: Buffer.concat([header, ...body]), fileBytes };
    }
    if (pendingBytes > limit) throw noRecordEnd(inQuotes, header === null, quoteLine, line, limit, quote);
  }
  const tail = Buffer.concat(pending);
  pending = [];
  if (header === null) {
    if (tail.length > 0) yield { data: tail, fileBytes: tail.length }; // a header without a final newline, and nothing else
    return;
  }
  const fileBytes = tail.length + (yielded ? 0 : header.length);
  if (tail.toString("utf8").trim() !== "") yield { data: Buffer.concat([header, tail]), fileBytes };
  else if (!yielded) yield { data: header, fileBytes };
}

/** Why a multipart upload cannot be cut into parts: no record boundary within `limit` bytes. */
function noRecordEnd(
  inQuotes: boolean,
  inHeader: boolean,
  quoteLine: number,
  line: number,
  limit: number,
  quote: string,
): LocalFileError {
  const cannot = `so the file cannot be cut into multipart parts at a record boundary (intakeSettings.multipart)`;
  if (inQuotes) {
    return new LocalFileError(
      `intakeFile: line ${quoteLine} opens a quoted field (quote character ${quote}) that is not closed within ` +
        `${limit} bytes, ${cannot}. Check the quoting from that line on: a quote inside a quoted field is written ` +
        `twice (""), and csvSettings.quotechar must be the file's quote character.`,
    );
  }
  const where = inHeader ? "at the start of the file (the header line never ends)" : `from line ${line} on`;
  return new LocalFileError(
    `intakeFile: no line break in the ${limit} bytes ${where}, ${cannot}. Check that the file is CSV with one ` +
      `record per line.`,
  );
}

/**
 * Streams the intake file to the job (single PUT, or parts + finalize for a multipart intake). The file is opened
 * only when the client sends it (after it accepted the URL) and closed on every path; progress counts what was
 * sent, and says "done" only once the server accepted all of it.
 */
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
  const progress = new Progress(
    { direction: "upload", file: upload.file, totalBytes: upload.size },
    options.onTransfer,
  );
  const signal = options.signal;
  if (!upload.multipart) {
    const body = Readable.from(
      fileChunks(upload.file, (bytes) => progress.add(bytes)),
      { objectMode: false },
    );
    try {
      await client.uploadCsv(url, body, { contentLength: upload.size, ...(signal ? { signal } : {}) });
    } finally {
      body.destroy();
    }
    progress.finish();
    return;
  }
  let part = 0;
  const partUrl = (n: number) => `${url.endsWith("/") ? url : `${url}/`}part/${n}/`;
  const parts = sizedCsvParts(fileChunks(upload.file), options.partBytes ?? PART_BYTES, upload.quote);
  // Leaving the loop (a refused or failed part) returns the generators, which closes the file.
  for await (const { data, fileBytes } of parts) {
    await client.uploadCsv(partUrl(part), Readable.from([data]), {
      contentLength: data.length,
      ...(signal ? { signal } : {}),
    });
    progress.add(fileBytes);
    part++;
  }
  await client.finalizeMultipartUpload(url, signal);
  progress.finish();
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
    // The predictions are never readable by more users than the file they replace: the temp file is owner-only,
    // then gets the existing file's permissions before the rename (a new file gets the usual ones).
    const existing = await fs.stat(file).catch(() => undefined);
    await pipeline(
      body,
      new ByteLimit(options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES),
      meter,
      createWriteStream(temp, { flags: "wx", mode: existing ? 0o600 : 0o666 }),
      options.signal ? { signal: options.signal } : {},
    );
    if (existing) await fs.chmod(temp, existing.mode & 0o777);
    await fs.rename(temp, file);
    return { bytes };
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
