/**
 * A streaming CSV record reader and a field writer (RFC 4180 with a configurable delimiter and quote character).
 * Chunks may split a record, a quoted field or a CRLF anywhere: the reader keeps only the record in progress.
 *
 * Memory is bounded whatever the input: a field is collected as slices of the chunks it spans (joined once, when
 * it ends), and a field or record longer than the limits fails with a CsvSyntaxError naming its line. Without the
 * record limit, an unclosed quote would turn the rest of the file into one field held in memory.
 */

export class CsvSyntaxError extends Error {}

export interface CsvLimits {
  /** Longest field, in characters. */
  maxFieldChars: number;
  /** Longest record (all its fields and delimiters), in characters. */
  maxRecordChars: number;
}

/** Far above any real scoring data (a whole document in one cell), far below what endangers the process. */
export const DEFAULT_CSV_LIMITS: CsvLimits = { maxFieldChars: 8 * 1024 * 1024, maxRecordChars: 32 * 1024 * 1024 };

const MIB = 1024 * 1024;
const size = (chars: number) => (chars % MIB === 0 ? `${chars / MIB} MiB` : `${chars} characters`);

export class CsvRecordReader {
  /** Slices of the field in progress that earlier chunks ended inside of. */
  private parts: string[] = [];
  private partsChars = 0;
  private record: string[] = [];
  /** Characters of the record's completed fields and their delimiters. */
  private recordChars = 0;
  /** Something of the current line was read outside quotes, so an empty line is told apart from one empty field. */
  private started = false;
  private inQuotes = false;
  /** A quote inside a quoted field: either the closing quote or the first half of an escaped quote. */
  private quotePending = false;
  /** The previous chunk ended with CR: a following LF belongs to the same line break. */
  private afterCr = false;
  /** 1-based line of the record in progress (for error messages). */
  line = 1;
  private recordLine = 1;
  /** Line of the quote that opened the quoted field in progress. */
  private quoteLine = 1;
  private readonly limits: CsvLimits;

  constructor(
    private readonly delimiter: string,
    private readonly quote: string,
    private readonly onRecord: (fields: string[], line: number) => void,
    limits: Partial<CsvLimits> = {},
  ) {
    this.limits = { ...DEFAULT_CSV_LIMITS, ...limits };
  }

  push(text: string): void {
    const { delimiter, quote } = this;
    /** Start of the run of `text` that belongs to the current field (characters before it are stored or skipped). */
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (this.afterCr) {
        this.afterCr = false;
        if (char === "\n") {
          from = i + 1;
          continue;
        }
      }
      if (this.quotePending) {
        this.quotePending = false;
        if (char === quote) {
          from = i; // an escaped quote: the second one is kept as data
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        if (char === quote) {
          this.keep(text, from, i);
          this.quotePending = true;
          from = i + 1;
        } else if (char === "\n") this.line++;
        continue;
      }
      if (char === "\r" || char === "\n") {
        this.keep(text, from, i);
        this.afterCr = char === "\r";
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
        from = i + 1;
        continue;
      }
      this.started = true;
      if (char === delimiter) {
        this.keep(text, from, i);
        this.endField();
        from = i + 1;
      } else if (char === quote) {
        if (this.partsChars > 0 || i > from)
          throw new CsvSyntaxError(`line ${this.line}: a quote character inside an unquoted field`);
        this.inQuotes = true;
        this.quoteLine = this.line;
        from = i + 1;
      }
    }
    this.keep(text, from, text.length);
  }

  /** The input ended: emits the last record (a file need not end with a line break). */
  end(): void {
    if (this.inQuotes && !this.quotePending)
      throw new CsvSyntaxError(`line ${this.quoteLine}: a quoted field is never closed`);
    this.quotePending = false;
    this.inQuotes = false;
    this.endRecord();
  }

  /** Adds text[from, to) to the field in progress, within the limits. */
  private keep(text: string, from: number, to: number): void {
    if (to <= from) return;
    this.parts.push(text.slice(from, to));
    this.partsChars += to - from;
    const { maxFieldChars, maxRecordChars } = this.limits;
    const unclosed = this.inQuotes
      ? `; it is in a quoted field opened on line ${this.quoteLine}: is its closing quote missing?`
      : "";
    if (this.partsChars > maxFieldChars)
      throw new CsvSyntaxError(
        `line ${this.inQuotes ? this.quoteLine : this.line}: a field is longer than ${size(maxFieldChars)}${unclosed}`,
      );
    if (this.recordChars + this.partsChars > maxRecordChars)
      throw new CsvSyntaxError(`line ${this.recordLine}: a record is longer than ${size(maxRecordChars)}${unclosed}`);
  }

  private takeField(): string {
    const field = this.parts.length === 1 ? this.parts[0] : this.parts.join("");
    this.parts = [];
    this.partsChars = 0;
    return field;
  }

  private endField(): void {
    this.recordChars += this.partsChars + 1;
    this.record.push(this.takeField());
  }

  private endRecord(): void {
    if (!this.started && this.record.length === 0 && this.partsChars === 0) return; // blank line
    this.record.push(this.takeField());
    const fields = this.record;
    this.record = [];
    this.recordChars = 0;
    this.started = false;
    this.onRecord(fields, this.recordLine);
  }
}

/** One CSV line (with CRLF, as DataRobot's outputs), quoting fields that need it. */
export function csvLine(fields: readonly string[], delimiter: string, quote: string): string {
  const needs = (value: string) =>
    value.includes(delimiter) || value.includes(quote) || value.includes("\n") || value.includes("\r");
  return (
    fields
      .map((value) => (needs(value) ? `${quote}${value.split(quote).join(quote + quote)}${quote}` : value))
      .join(delimiter) + "\r\n"
  );
}
