/**
 * A streaming CSV record reader and a field writer (RFC 4180 with a configurable delimiter and quote character).
 * Chunks may split a record, a quoted field or a CRLF anywhere: the reader keeps only the record in progress.
 */

export class CsvSyntaxError extends Error {}

export class CsvRecordReader {
  private field = "";
  private record: string[] = [];
  private inQuotes = false;
  /** A quote inside a quoted field: either the closing quote or the first half of an escaped quote. */
  private quotePending = false;
  /** The previous chunk ended with CR: a following LF belongs to the same line break. */
  private afterCr = false;
  /** Characters of the current record seen, so an empty line is told apart from a record with one empty field. */
  private recordChars = 0;
  /** 1-based line of the record in progress (for error messages). */
  line = 1;
  private recordLine = 1;

  constructor(
    private readonly delimiter: string,
    private readonly quote: string,
    private readonly onRecord: (fields: string[], line: number) => void,
  ) {}

  push(text: string): void {
    for (const char of text) {
      if (this.afterCr) {
        this.afterCr = false;
        if (char === "\n") continue;
      }
      if (this.quotePending) {
        this.quotePending = false;
        if (char === this.quote) {
          this.field += char;
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        if (char === this.quote) this.quotePending = true;
        else {
          if (char === "\n") this.line++;
          this.field += char;
        }
        continue;
      }
      if (char === "\r" || char === "\n") {
        this.afterCr = char === "\r";
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
        continue;
      }
      this.recordChars++;
      if (char === this.delimiter) {
        this.record.push(this.field);
        this.field = "";
      } else if (char === this.quote && this.field === "") {
        this.inQuotes = true;
      } else if (char === this.quote) {
        throw new CsvSyntaxError(`line ${this.line}: a quote character inside an unquoted field`);
      } else {
        this.field += char;
      }
    }
  }

  /** The input ended: emits the last record (a file need not end with a line break). */
  end(): void {
    if (this.inQuotes && !this.quotePending)
      throw new CsvSyntaxError(`line ${this.recordLine}: a quoted field is never closed`);
    this.quotePending = false;
    this.inQuotes = false;
    this.endRecord();
  }

  private endRecord(): void {
    if (this.recordChars === 0 && this.record.length === 0 && this.field === "") return; // blank line
    this.record.push(this.field);
    const fields = this.record;
    this.record = [];
    this.field = "";
    this.recordChars = 0;
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
