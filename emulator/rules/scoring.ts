/**
 * The emulated model: scores CSV rows as a binary classifier of a target named `target` (classes "1" and "0").
 * A row's probability is a hash of its fields, so the same input always gets the same prediction. The output has
 * the passthrough columns the job spec asks for, the probability columns (when `includeProbabilities`, filtered by
 * `includeProbabilitiesClasses`), `target_PREDICTION`, `THRESHOLD`, `POSITIVE_CLASS` and, with
 * `includePredictionStatus`, `prediction_status` ("OK"). Column layout and names are a documented guess
 * (emulator/README.md).
 */
import { Transform, type TransformCallback } from "node:stream";
import { TextDecoder } from "node:util";
import { CsvRecordReader, CsvSyntaxError, csvLine, type CsvLimits } from "../http/csv";

export const TARGET = "target";
const CLASSES = ["1", "0"];
const POSITIVE = "1";

export interface CsvDialect {
  delimiter: string;
  quote: string;
  encoding: string;
}

export function dialectOf(spec: Record<string, unknown>): CsvDialect {
  const csv = (spec.csvSettings ?? {}) as Record<string, unknown>;
  const delimiter = csv.delimiter === "tab" ? "\t" : typeof csv.delimiter === "string" ? csv.delimiter : ",";
  const quote = typeof csv.quotechar === "string" ? csv.quotechar : '"';
  const encoding = typeof csv.encoding === "string" ? csv.encoding : "utf-8";
  return { delimiter, quote, encoding };
}

/** FNV-1a over the row's text: a stable pseudo-probability in [0, 1). */
function probability(fields: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const field of fields) {
    for (let i = 0; i < field.length; i++) {
      hash ^= field.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    hash ^= 0x1f;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % 100_000) / 100_000;
}

/** The spec's prediction columns, in output order. */
function predictionColumns(spec: Record<string, unknown>): { header: string[]; values: (p: number) => string[] } {
  const threshold = typeof spec.predictionThreshold === "number" ? spec.predictionThreshold : 0.5;
  const wanted = Array.isArray(spec.includeProbabilitiesClasses) ? spec.includeProbabilitiesClasses.map(String) : [];
  const classes =
    spec.includeProbabilities === false ? [] : CLASSES.filter((c) => wanted.length === 0 || wanted.includes(c));
  const status = spec.includePredictionStatus === true;
  const header = [
    ...classes.map((c) => `${TARGET}_${c}_PREDICTION`),
    `${TARGET}_PREDICTION`,
    "THRESHOLD",
    "POSITIVE_CLASS",
    ...(status ? ["prediction_status"] : []),
  ];
  const values = (p: number) => [
    ...classes.map((c) => (c === POSITIVE ? p : 1 - p).toFixed(5)),
    p >= threshold ? POSITIVE : "0",
    String(threshold),
    POSITIVE,
    ...(status ? ["OK"] : []),
  ];
  return { header, values };
}

/** Which input columns pass through: "all", a list (each must exist), or none. */
function passthroughIndexes(spec: Record<string, unknown>, header: readonly string[]): number[] {
  if (spec.passthroughColumnsSet === "all") return header.map((_, index) => index);
  if (!Array.isArray(spec.passthroughColumns)) return [];
  return spec.passthroughColumns.map((name) => {
    const index = header.indexOf(String(name));
    if (index < 0) throw new CsvSyntaxError(`passthrough column "${String(name)}" is not in the uploaded data`);
    return index;
  });
}

export interface ScoreCounts {
  rows: number;
  bytesIn: number;
  bytesOut: number;
}

/**
 * A stream stage: uploaded CSV bytes in, scored CSV bytes out. Holds only the record in progress, so any upload
 * size streams through. Errors (CsvSyntaxError) name the line. `continuing` carries an earlier part's header: a
 * leading line equal to it is dropped (multipart uploads repeat the header in every part).
 */
export class CsvScorer extends Transform {
  readonly counts: ScoreCounts = { rows: 0, bytesIn: 0, bytesOut: 0 };
  header: string[] | null;
  private readonly dialect: CsvDialect;
  private readonly reader: CsvRecordReader;
  /** The decoder of csvSettings.encoding, or why there is none (the upload then fails the job, as malformed data). */
  private readonly decoder: TextDecoder | CsvSyntaxError;
  private out: string[] = [];
  private pass: number[] = [];
  private readonly predictions: ReturnType<typeof predictionColumns>;
  private firstRecord = true;

  constructor(
    private readonly spec: Record<string, unknown>,
    continuing: { header: string[] } | null = null,
    limits: Partial<CsvLimits> = {},
  ) {
    super();
    const dialect = (this.dialect = dialectOf(spec));
    this.predictions = predictionColumns(spec);
    this.header = continuing?.header ?? null;
    if (this.header) this.pass = passthroughIndexes(spec, this.header);
    this.decoder = decoderFor(dialect.encoding);
    this.reader = new CsvRecordReader(
      dialect.delimiter,
      dialect.quote,
      (fields, line) => this.record(fields, line),
      limits,
    );
  }

  private record(fields: string[], line: number): void {
    const { delimiter, quote } = this.dialect;
    const first = this.firstRecord;
    this.firstRecord = false;
    if (!this.header) {
      if (fields.every((f) => f.trim() === "")) throw new CsvSyntaxError(`line ${line}: the header row is empty`);
      this.header = fields;
      this.pass = passthroughIndexes(this.spec, fields);
      const names = [...this.pass.map((i) => fields[i]), ...this.predictions.header];
      this.out.push(csvLine(names, delimiter, quote));
      return;
    }
    if (first && fields.join("\u0000") === this.header.join("\u0000")) return; // a later part's repeated header
    if (fields.length !== this.header.length) {
      throw new CsvSyntaxError(
        `line ${line}: ${fields.length} fields, but the header has ${this.header.length} columns`,
      );
    }
    this.counts.rows++;
    const values = [...this.pass.map((i) => fields[i]), ...this.predictions.values(probability(fields))];
    this.out.push(csvLine(values, delimiter, quote));
  }

  private flushOut(): void {
    if (this.out.length === 0) return;
    const text = this.out.join("");
    this.out = [];
    const bytes = Buffer.from(text, "utf8");
    this.counts.bytesOut += bytes.length;
    this.push(bytes);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.counts.bytesIn += chunk.length;
      if (this.decoder instanceof CsvSyntaxError) throw this.decoder;
      this.reader.push(this.decoder.decode(chunk, { stream: true }));
      this.flushOut();
      callback();
    } catch (error) {
      callback(asCsvError(error));
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (this.decoder instanceof CsvSyntaxError) throw this.decoder;
      this.reader.push(this.decoder.decode());
      this.reader.end();
      this.flushOut();
      callback();
    } catch (error) {
      callback(asCsvError(error));
    }
  }
}

/**
 * A strict decoder for the job's encoding. An encoding Node cannot decode ("x-bogus", a name with a NUL) is the
 * job's data problem, not the emulator's: it fails the job like malformed data instead of answering 500.
 */
function decoderFor(encoding: string): TextDecoder | CsvSyntaxError {
  try {
    return new TextDecoder(encoding.toLowerCase() === "utf-8" ? "utf-8" : encoding, { fatal: true });
  } catch {
    return new CsvSyntaxError(
      `csvSettings.encoding ${JSON.stringify(encoding.slice(0, 100))} is not an encoding the emulator can decode`,
    );
  }
}

function asCsvError(error: unknown): Error {
  if (error instanceof CsvSyntaxError) return error;
  if (error instanceof TypeError)
    return new CsvSyntaxError(`the data is not valid text in the job's csvSettings.encoding`);
  return error as Error;
}

/** A scored CSV for a job that had no upload (remote intake, or `localFileUpload: "not-required"`). */
export function* syntheticOutput(spec: Record<string, unknown>, rows: number): Generator<string> {
  const { delimiter, quote } = dialectOf(spec);
  const predictions = predictionColumns(spec);
  yield csvLine(["row_id", ...predictions.header], delimiter, quote);
  for (let row = 0; row < rows; row++) {
    yield csvLine([String(row), ...predictions.values(probability([String(row)]))], delimiter, quote);
  }
}
