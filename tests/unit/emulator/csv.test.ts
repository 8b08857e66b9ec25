/**
 * The emulator's streaming CSV reader: the same records whatever the chunking, and bounded memory whatever the
 * quoting (a field or record past the limits fails with the line, an unclosed quote names the line it opened on).
 */
import { CsvRecordReader, CsvSyntaxError, DEFAULT_CSV_LIMITS, type CsvLimits } from "../../../emulator/http/csv";
import { CsvScorer } from "../../../emulator/rules/scoring";
import { Faults, MAX_LATENCY_MS } from "../../../emulator/http/faults";
import { HttpError } from "../../../emulator/http/router";

function read(text: string, chunk = text.length || 1, limits: Partial<CsvLimits> = {}): Array<[number, string[]]> {
  const records: Array<[number, string[]]> = [];
  const reader = new CsvRecordReader(",", '"', (fields, line) => records.push([line, fields]), limits);
  for (let i = 0; i < text.length; i += chunk) reader.push(text.slice(i, i + chunk));
  reader.end();
  return records;
}

const failure = (action: () => unknown): string => {
  try {
    action();
  } catch (error) {
    if (error instanceof CsvSyntaxError) return error.message;
    throw error;
  }
  throw new Error("no CsvSyntaxError");
};

describe("CsvRecordReader", () => {
  const TEXT = 'id,notes\r\n1,plain\n\n2,"with, comma"\r\n3,"two\nlines and ""quotes"""\n4,""\n5,\n"x"y,z';

  it("reads the same records whatever the chunk boundaries", () => {
    const expected: Array<[number, string[]]> = [
      [1, ["id", "notes"]],
      [2, ["1", "plain"]],
      [4, ["2", "with, comma"]],
      [5, ["3", 'two\nlines and "quotes"']],
      [7, ["4", ""]],
      [8, ["5", ""]],
      [9, ["xy", "z"]],
    ];
    for (const chunk of [1, 2, 3, 5, 7, 64]) expect(read(TEXT, chunk)).toEqual(expected);
  });

  it("names the line of the opening quote of a quoted field that is never closed", () => {
    expect(failure(() => read('a\n1\n"open\nmore\nlines\n', 3))).toBe("line 3: a quoted field is never closed");
    expect(failure(() => read('a\nx"y\n'))).toBe("line 2: a quote character inside an unquoted field");
  });

  it("fails a field longer than maxFieldChars, naming its line, however it is chunked", () => {
    const limits = { maxFieldChars: 10, maxRecordChars: 100 };
    expect(read(`a,b\n${"x".repeat(10)},1\n`, 3, limits)).toEqual([
      [1, ["a", "b"]],
      [2, ["x".repeat(10), "1"]],
    ]);
    expect(failure(() => read(`a,b\n1,2\n${"x".repeat(11)},1\n`, 3, limits))).toBe(
      "line 3: a field is longer than 10 characters",
    );
  });

  it("fails a record longer than maxRecordChars (fields and delimiters), naming its line", () => {
    const limits = { maxFieldChars: 10, maxRecordChars: 20 };
    expect(read(`${Array(4).fill("x".repeat(4)).join(",")}\n`, 4, limits)).toHaveLength(1); // 19 characters
    expect(failure(() => read(`a\n${Array(6).fill("x".repeat(4)).join(",")}\n`, 4, limits))).toBe(
      "line 2: a record is longer than 20 characters",
    );
  });

  it("an unclosed quote stops at the limit (never reading the rest of the file into memory) and names where it opened", () => {
    const limits = { maxFieldChars: 1000, maxRecordChars: 4000 };
    const reader = new CsvRecordReader(",", '"', () => undefined, limits);
    reader.push('id,notes\n1,"opened here\n');
    const line = `${"y".repeat(99)}\n`;
    let pushed = 0;
    const message = failure(() => {
      for (; pushed < 1000; pushed++) reader.push(line);
    });
    expect(message).toBe(
      "line 2: a field is longer than 1000 characters; it is in a quoted field opened on line 2: is its closing quote missing?",
    );
    expect(pushed).toBeLessThanOrEqual(10); // stopped after ~1000 characters, not at the end of the input
  });

  it("defaults to limits real data never reaches: 8 MiB a field, 32 MiB a record", () => {
    expect(DEFAULT_CSV_LIMITS).toEqual({ maxFieldChars: 8 * 1024 * 1024, maxRecordChars: 32 * 1024 * 1024 });
    const field = "z".repeat(DEFAULT_CSV_LIMITS.maxFieldChars);
    expect(read(`a\n${field}\n`, 65_536)[1][1][0]).toHaveLength(field.length);
    expect(failure(() => read(`a\n${field}z\n`, 65_536))).toBe("line 2: a field is longer than 8 MiB");
  });
});

describe("CsvScorer", () => {
  async function score(spec: Record<string, unknown>, text: string): Promise<string> {
    const scorer = new CsvScorer(spec);
    const out: Buffer[] = [];
    scorer.on("data", (chunk: Buffer) => out.push(chunk));
    const done = new Promise<void>((resolve, reject) => scorer.on("end", resolve).on("error", reject));
    scorer.end(Buffer.from(text));
    await done;
    return Buffer.concat(out).toString();
  }

  it.each(["x-bogus-enc", "utf-8\u0000"])(
    "an encoding Node cannot decode (%j) is a data error (fails the job), not an exception",
    async (encoding) => {
      const error = await score({ csvSettings: { encoding } }, "a\n1\n").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CsvSyntaxError);
      expect((error as Error).message).toBe(
        `csvSettings.encoding ${JSON.stringify(encoding)} is not an encoding the emulator can decode`,
      );
    },
  );

  it("decodes a supported non-UTF-8 encoding", async () => {
    const text = await score({ csvSettings: { encoding: "latin1" }, passthroughColumnsSet: "all" }, "a\n1\n");
    expect(text.split("\r\n")[1]).toMatch(/^1,/);
  });
});

describe("fault latencyMs", () => {
  const status = (spec: Record<string, unknown>) => {
    try {
      new Faults().add({ path: "/version", ...spec });
      return 201;
    } catch (error) {
      return error instanceof HttpError ? `${error.status} ${error.message}` : "thrown";
    }
  };

  it("takes 0 to 1 hour; a larger value (a Node timer would overflow) or a non-finite one gets 400", () => {
    expect(status({ latencyMs: 0 })).toBe(201);
    expect(status({ latencyMs: MAX_LATENCY_MS })).toBe(201);
    expect(status({ latencyMs: 99999999999999 })).toBe(
      "400 Fault latencyMs must be a number of milliseconds from 0 to 3600000 (1 hour); got 99999999999999",
    );
    expect(status({ latencyMs: -1 })).toMatch(/^400 /);
    expect(status({ latencyMs: Infinity })).toMatch(/^400 /);
  });
});
