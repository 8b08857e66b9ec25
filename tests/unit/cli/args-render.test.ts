/* eslint-disable no-control-regex -- the TTY output under test is made of terminal escape sequences */
import { parseCommandLine, parseDuration, UsageError } from "../../../sdk/cli/args";
import { plainRenderer, ttyRenderer } from "../../../sdk/cli/render";
import { exitCodeOf, EXIT } from "../../../sdk/cli/exit-codes";
import type { RunProgress } from "../../../provider/run/progress";

describe("command line", () => {
  it("parses run with its options", () => {
    expect(
      parseCommandLine(["run", "nightly", "--no-wait", "--timeout", "15m", "--json", "--concurrency", "3"]),
    ).toEqual({
      command: "run",
      references: ["nightly"],
      wait: false,
      timeoutMs: 900_000,
      leaveRunning: false,
      json: true,
      concurrency: 3,
      ifIdle: false,
    });
    expect(parseCommandLine(["run", "a", "--if-idle"])).toMatchObject({ ifIdle: true });
    expect(() => parseCommandLine(["preview", "--stack", "s", "--if-idle"])).toThrow("--if-idle is only used with run");
    expect(parseCommandLine(["run", "--stack", "prod", "--cwd", "/p", "--leave-running"])).toMatchObject({
      references: [],
      stack: "prod",
      cwd: "/p",
      leaveRunning: true,
      wait: true,
      timeoutMs: 3_600_000,
    });
    expect(parseCommandLine(["--help"])).toEqual({ command: "help" });
    expect(parseCommandLine([])).toEqual({ command: "help" });
  });

  it("--max-download-size: bytes or binary units, with --output-file only", () => {
    const withSize = (size: string) =>
      parseCommandLine(["run", "lf", "--output-file", "o.csv", "--max-download-size", size]);
    expect(withSize("20GB")).toMatchObject({ maxDownloadBytes: 20 * 1024 ** 3 });
    expect(withSize("500MiB")).toMatchObject({ maxDownloadBytes: 500 * 1024 ** 2 });
    expect(withSize("1048576")).toMatchObject({ maxDownloadBytes: 1_048_576 });
    expect(() => withSize("lots")).toThrow(
      '--max-download-size: expected a positive size such as 500MB or 20GB (got "lots")',
    );
    expect(() => parseCommandLine(["run", "lf", "--max-download-size", "1GB"])).toThrow(
      "--max-download-size limits the --output-file download: give --output-file too",
    );
  });

  it.each([
    [["run"], "run: give a job definition id or name, or --stack <stack>"],
    [["go", "x"], 'Unknown command "go"'],
    [["run", "x", "--stack", "s"], "either definition ids/names or --stack"],
    [["run", "x", "--cwd", "d"], "--cwd is only used with --stack"],
    [
      ["run", "x", "--timeout", "soon"],
      '--timeout: expected a positive duration such as 90, 90s, 15m or 2h (got "soon")',
    ],
    [["run", "x", "--concurrency", "0"], "--concurrency: expected a positive integer"],
    [["run", "x", "--bogus"], "Unknown option '--bogus'"],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it("parses durations", () => {
    expect(["90", "90s", "500ms", "2m", "1h", "1.5s"].map(parseDuration)).toEqual([
      90_000, 90_000, 500, 120_000, 3_600_000, 1500,
    ]);
  });
});

const progress = (overrides: Partial<RunProgress>): RunProgress => ({
  definitionId: "64b000000000000000000001",
  definitionName: "nightly",
  jobId: "64b0000000000000000000aa",
  status: "RUNNING",
  percent: 50,
  scoredRows: 500,
  failedRows: 0,
  skippedRows: 0,
  queuePosition: null,
  elapsedMs: 12_000,
  polls: 3,
  ...overrides,
});

describe("progress renderers", () => {
  it("plain: one timestamped line per change, none for repeats", () => {
    const out: string[] = [];
    const renderer = plainRenderer({ write: (t) => out.push(t) }, () => new Date("2026-01-02T03:04:05.000Z"));
    renderer.update(progress({ status: "INITIALIZING", percent: 0, scoredRows: 0, queuePosition: 2, elapsedMs: 0 }));
    renderer.update(progress({}));
    renderer.update(progress({ elapsedMs: 15_000 }));
    renderer.finish();
    expect(out).toEqual([
      "2026-01-02T03:04:05.000Z nightly job 64b0000000000000000000aa INITIALIZING 0.0% scored=0 failed=0 queue=2 elapsed=0 ms\n",
      "2026-01-02T03:04:05.000Z nightly job 64b0000000000000000000aa RUNNING 50.0% scored=500 failed=0 elapsed=12.0 s\n",
    ]);
  });

  it("tty: redraws one line in place with a bar fitted to the columns, newline at the end", () => {
    const out: string[] = [];
    const renderer = ttyRenderer({ write: (t) => out.push(t), isTTY: true, columns: 60 });
    renderer.update(progress({}));
    renderer.update(progress({ status: "COMPLETED", percent: 100, scoredRows: 1000, elapsedMs: 60_000 }));
    expect(out[0]).toMatch(/^\r\x1b\[2Knightly \[#+-+\] {2}50% RUNNING 500 rows 12\.0 s$/);
    expect(out[0].length - 5).toBeLessThan(60);
    const bar = /\[([#-]+)\]/.exec(out[0])?.[1] as string;
    expect(bar.replace(/-/g, "").length).toBe(bar.length / 2);
    expect(out[1]).toMatch(/^\r\x1b\[2Knightly \[#+\] 100% COMPLETED 1000 rows 1 min 00 s$/);
    expect(out[2]).toBe("\n");
  });
});

describe("exit codes", () => {
  const summary = (...outcomes: string[]) => ({
    ok: false,
    runs: outcomes.map((outcome) => ({ reference: "x", outcome, durationMs: 0 })),
  });
  it("maps the most serious outcome", () => {
    expect(exitCodeOf(summary("COMPLETED", "STARTED") as never)).toBe(EXIT.OK);
    expect(exitCodeOf(summary("COMPLETED", "FAILED", "ABORTED") as never)).toBe(1);
    expect(exitCodeOf(summary("ABORTED", "TIMED_OUT") as never)).toBe(3);
    expect(exitCodeOf(summary("TIMED_OUT", "ERROR") as never)).toBe(4);
    expect(exitCodeOf(summary("NOT_FOUND") as never)).toBe(5);
    expect(exitCodeOf(summary("FAILED", "CANCELLED") as never)).toBe(130);
  });
});
