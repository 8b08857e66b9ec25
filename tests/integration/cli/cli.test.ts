/* eslint-disable no-control-regex -- the TTY output under test is made of terminal escape sequences */
/**
 * The CLI against the emulator: main() with fake streams (TTY and not) for every exit code, and the built
 * `dist/sdk/cli/main.js` spawned as a real process (shebang, env vars, exit codes).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { main, EXIT, type CliIo } from "../../../sdk/cli/main";
import { TIME_SCALE, useRunHarness } from "../helpers";
import { scaledClock } from "../../../provider/run/clock";

jest.setTimeout(30_000);

const h = useRunHarness();

function fakeIo(options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (t: string) => out.push(t), isTTY: options.tty ?? false, columns: 72 },
    stderr: { write: (t: string) => err.push(t) },
    env: options.env ?? { DATAROBOT_ENDPOINT: h.emulator.url, DATAROBOT_API_TOKEN: h.emulator.token },
    clock: scaledClock(TIME_SCALE),
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}

const MINUTE = 60_000;

describe("datarobot-batch run (main)", () => {
  it("exit 0 on COMPLETED; plain timestamped progress lines without a TTY", async () => {
    await h.createDefinition("cli-ok", { outcome: "complete", durationMs: MINUTE, rows: 1000 });
    const t = fakeIo();
    expect(await main(["run", "cli-ok"], t.io)).toBe(EXIT.OK);
    const lines = t.stdout().split("\n");
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z cli-ok job [0-9a-f]{24} INITIALIZING 0\.0% scored=0 failed=0 queue=0 elapsed=/,
    );
    expect(t.stdout()).toMatch(
      /Z cli-ok job [0-9a-f]{24} COMPLETED 100\.0% scored=1000 failed=0 elapsed=1 min 0\d s\n/,
    );
    expect(t.stdout()).not.toContain("\r");
    expect(t.stdout()).toMatch(
      /^DEFINITION\s+JOB\s+STATUS\s+ROWS\s+DURATION\ncli-ok\s+[0-9a-f]{24}\s+COMPLETED\s+1000 rows\s+1 min 0\d s$/m,
    );
    expect(t.stderr()).toBe("");
  });

  it("TTY: draws a live bar with carriage returns", async () => {
    await h.createDefinition("cli-tty", { outcome: "complete", durationMs: 20_000, rows: 10 });
    const t = fakeIo({ tty: true });
    expect(await main(["run", "cli-tty"], t.io)).toBe(EXIT.OK);
    expect(t.stdout()).toMatch(/\r\x1b\[2Kcli-tty \[-+\] {3}0% INITIALIZING 0 rows/);
    expect(t.stdout()).toMatch(/\r\x1b\[2Kcli-tty \[#+\] 100% COMPLETED 10 rows [^\n]*\n/);
    expect(t.stdout()).not.toMatch(/^\d{4}-\d\d-\d\dT/m);
  });

  it("exit 1 on FAILED, with the job's status details", async () => {
    await h.createDefinition("cli-fail", { outcome: "fail", durationMs: 10_000 });
    const t = fakeIo();
    expect(await main(["run", "cli-fail"], t.io)).toBe(EXIT.FAILED);
    expect(t.stdout()).toMatch(/^cli-fail\s+[0-9a-f]{24}\s+FAILED/m);
    expect(t.stdout()).toMatch(/simulated failure/);
  });

  it("exit 3 on ABORTED", async () => {
    await h.createDefinition("cli-abort", { outcome: "abort", durationMs: 5_000 });
    expect(await main(["run", "cli-abort"], fakeIo().io)).toBe(EXIT.ABORTED);
  });

  it("exit 4 on timeout, aborting the job (or leaving it with --leave-running)", async () => {
    await h.createDefinition("cli-slow", { outcome: "complete", durationMs: 10 * MINUTE });
    const t = fakeIo();
    expect(await main(["run", "cli-slow", "--timeout", "10s"], t.io)).toBe(EXIT.TIMED_OUT);
    expect(t.stdout()).toMatch(/TIMED_OUT/);
    expect(t.stdout()).toMatch(/the job was aborted/);
    expect(await h.requests(/^DELETE \/batchPredictions\//)).toHaveLength(1);

    const left = fakeIo();
    expect(await main(["run", "cli-slow", "--timeout", "5s", "--leave-running"], left.io)).toBe(EXIT.TIMED_OUT);
    expect(left.stdout()).toMatch(/the job was left running/);
    expect(await h.requests(/^DELETE \/batchPredictions\//)).toHaveLength(1);
  });

  it("--json prints the run as JSON on stdout, progress on stderr; --no-wait returns at once", async () => {
    const id = await h.createDefinition("cli-json", { outcome: "complete", durationMs: MINUTE });
    const t = fakeIo();
    expect(await main(["run", id, "--json", "--no-wait"], t.io)).toBe(EXIT.OK);
    const result = JSON.parse(t.stdout());
    expect(result).toMatchObject({
      reference: id,
      definitionId: id,
      name: "cli-json",
      outcome: "STARTED",
      scoredRows: 0,
    });
    expect(t.stderr()).toMatch(/cli-json job [0-9a-f]{24} INITIALIZING/);
    expect(await h.requests(/^GET \/batchPredictions\/[0-9a-f]{24}\//)).toHaveLength(0); // no poll
  });

  it("exit 5 for an unknown definition or a missing configuration; exit 2 for usage errors", async () => {
    const unknown = fakeIo();
    expect(await main(["run", "no-such"], unknown.io)).toBe(EXIT.ERROR);
    expect(unknown.stdout()).toMatch(/no-such\s+-\s+NOT_FOUND/);

    const unconfigured = fakeIo({ env: {} });
    expect(await main(["run", "x"], unconfigured.io)).toBe(EXIT.ERROR);
    expect(unconfigured.stderr()).toMatch(/^datarobot-batch: No DataRobot endpoint configured/);

    const usage = fakeIo();
    expect(await main(["run", "--timeout", "x", "a"], usage.io)).toBe(EXIT.USAGE);
    expect(usage.stderr()).toContain('Run "datarobot-batch --help" for usage.');
  });

  it("speaks under the name it was typed as: the plugin executable's help, usage errors and messages", async () => {
    const name = "pulumi-resource-datarobot-batch";
    const help = fakeIo();
    help.io.programName = name;
    expect(await main(["--help"], help.io)).toBe(EXIT.OK);
    const lines = help.stdout().split("\n");
    const commandLines = lines.filter((line) => /^ {2}[^\s\d-]/.test(line));
    expect(commandLines.length).toBeGreaterThanOrEqual(6);
    for (const line of commandLines) expect(line.startsWith(`  ${name} `)).toBe(true);
    expect(help.stdout()).not.toMatch(/^ {2}datarobot-batch /m);
    // The line continuing `run ... --intake-file` keeps its column under the command's arguments.
    const intake = lines.findIndex((line) => line.includes("--intake-file <data.csv>"));
    expect(lines[intake + 1]!.indexOf("[--if-idle]")).toBe(lines[intake]!.indexOf("<id|name>"));

    const usage = fakeIo();
    usage.io.programName = name;
    expect(await main(["run", "--timeout", "x", "a"], usage.io)).toBe(EXIT.USAGE);
    expect(usage.stderr()).toMatch(new RegExp(`^${name}: `));
    expect(usage.stderr()).toContain(`Run "${name} --help" for usage.`);

    const unconfigured = fakeIo({ env: {} });
    unconfigured.io.programName = name;
    expect(await main(["run", "x"], unconfigured.io)).toBe(EXIT.ERROR);
    expect(unconfigured.stderr()).toMatch(new RegExp(`^${name}: No DataRobot endpoint configured`));
  });

  it("--stack runs the definitions the stack exports, with the stack's config", async () => {
    await h.createDefinition("stack-a", { outcome: "complete", durationMs: 5_000, rows: 3 });
    await h.createDefinition("stack-b", { outcome: "complete", durationMs: 5_000, rows: 4 });
    const opened: string[] = [];
    const t = fakeIo({ env: {} });
    t.io.openStack = async (name, cwd) => {
      opened.push(`${name}@${cwd}`);
      return {
        name,
        preview: () => Promise.reject(new Error("run does not preview")),
        outputs: async () => ({ batchPredictionJobDefinitions: { value: { a: "stack-a", b: "stack-b" } } }),
        getAllConfig: async () => ({
          "datarobot:endpoint": { value: h.emulator.url },
          "datarobot:apiToken": { value: h.emulator.token, secret: true },
        }),
      };
    };
    expect(await main(["run", "--stack", "prod", "--cwd", "/proj"], t.io)).toBe(EXIT.OK);
    expect(opened).toEqual(["prod@/proj"]);
    expect(t.stdout()).toMatch(/^stack-a\s+[0-9a-f]{24}\s+COMPLETED\s+3 rows/m);
    expect(t.stdout()).toMatch(/^stack-b\s+[0-9a-f]{24}\s+COMPLETED\s+4 rows/m);
  });
});

describe("a definition that is already running", () => {
  const starts = () => h.requests(/^POST \/batchPredictions\/fromJobDefinition\//);

  it("warns and starts a second job; --if-idle skips it with exit 0 and a message", async () => {
    await h.createDefinition("busy", { outcome: "complete", durationMs: 60 * MINUTE });
    const first = fakeIo();
    expect(await main(["run", "busy", "--no-wait"], first.io)).toBe(EXIT.OK);
    expect(first.stderr()).toBe("");

    const second = fakeIo();
    expect(await main(["run", "busy", "--no-wait"], second.io)).toBe(EXIT.OK);
    expect(second.stderr()).toMatch(
      /^datarobot-batch: warning: definition "busy" \([0-9a-f]{24}\) already has an active job \([0-9a-f]{24} (INITIALIZING|RUNNING)\); starting another one anyway \(use --if-idle to skip a definition that is running\)\.\n$/,
    );
    expect(await starts()).toHaveLength(2);

    const skipped = fakeIo();
    expect(await main(["run", "busy", "--if-idle"], skipped.io)).toBe(EXIT.OK);
    expect(skipped.stdout()).toMatch(/^busy\s+-\s+SKIPPED_BUSY/m);
    expect(skipped.stdout()).toMatch(
      /already has an active job \([0-9a-f]{24} \w+, [0-9a-f]{24} \w+\); not started \(--if-idle\)/,
    );
    expect(await starts()).toHaveLength(2);
  });

  it("--if-idle starts a definition that is idle", async () => {
    await h.createDefinition("idle", { outcome: "complete", durationMs: MINUTE });
    const t = fakeIo();
    expect(await main(["run", "idle", "--if-idle", "--no-wait"], t.io)).toBe(EXIT.OK);
    expect(t.stdout()).toMatch(/^idle\s+[0-9a-f]{24}\s+STARTED/m);
    expect(await starts()).toHaveLength(1);
  });
});

describe("datarobot-batch preview --markdown", () => {
  it("fails at once, with exit 5 and without creating directories, when the directory does not exist", async () => {
    const t = fakeIo();
    let opened = false;
    t.io.openStack = async () => {
      opened = true;
      throw new Error("not reached");
    };
    const target = path.join(fs.mkdtempSync(path.join(require("node:os").tmpdir(), "md-")), "no", "such", "x.md");
    expect(await main(["preview", "--stack", "dev", "--markdown", target], t.io)).toBe(EXIT.ERROR);
    expect(t.stderr()).toBe(
      `datarobot-batch: --markdown ${target}: the directory ${path.dirname(target)} does not exist; create it first.\n`,
    );
    expect(opened).toBe(false);
    expect(fs.existsSync(path.dirname(path.dirname(target)))).toBe(false);
  });
});

describe("the built CLI (dist/sdk/cli/main.js)", () => {
  const cli = path.join(__dirname, "..", "..", "..", "dist", "sdk", "cli", "main.js");

  it("is built, starts with a shebang, and prints help with exit 0", () => {
    expect(fs.existsSync(cli)).toBe(true); // npm run build must have run
    expect(fs.readFileSync(cli, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    const help = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("datarobot-batch run <id|name>");
    expect(help.stdout).toMatch(/4 {2}timed out waiting/);
  });

  it("exits 0 for a completed run and 1 for a failed one, reading DATAROBOT_* from the environment", async () => {
    // Default 6 s jobs at timeScale 60 take 0.1 s: the first poll (1 s) sees them finished.
    await h.createDefinition("spawn-ok", { outcome: "complete", rows: 5 });
    await h.createDefinition("spawn-fail", { outcome: "fail" });
    const env = { ...process.env, DATAROBOT_ENDPOINT: h.emulator.url, DATAROBOT_API_TOKEN: h.emulator.token };
    const spawnCli = (args: string[]) =>
      new Promise<{ status: number | null; stdout: string }>((resolve) => {
        const child = require("node:child_process").spawn(process.execPath, [cli, ...args], { env });
        let stdout = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.on("close", (status: number | null) => resolve({ status, stdout }));
      });
    const ok = await spawnCli(["run", "spawn-ok"]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/Z spawn-ok job [0-9a-f]{24} COMPLETED 100\.0% scored=5/);
    const failed = await spawnCli(["run", "spawn-fail"]);
    expect(failed.status).toBe(1);
    expect(failed.stdout).not.toContain(h.emulator.token);
  });

  describe("a 429 with a huge Retry-After on every poll (the real process, its real clock)", () => {
    /** Spawns the CLI; resolves once it exits, with its output and how long it ran. */
    const start = (args: string[]) => {
      const env = { ...process.env, DATAROBOT_ENDPOINT: h.emulator.url, DATAROBOT_API_TOKEN: h.emulator.token };
      const child = require("node:child_process").spawn(process.execPath, [cli, ...args], {
        env,
      }) as import("node:child_process").ChildProcess;
      let output = "";
      child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
      const t0 = Date.now();
      const exited = new Promise<{ code: number | null; output: string; ms: number }>((resolve) =>
        child.on("close", (code: number | null) => resolve({ code, output, ms: Date.now() - t0 })),
      );
      return { child, exited };
    };
    /** Waits until the emulator answered a poll of the job with the 429. */
    const untilThrottledPoll = async () => {
      for (let i = 0; i < 100; i++) {
        if ((await h.requests(/^GET \/batchPredictions\/[0-9a-f]{24}\/$/)).some((r) => r.status === 429)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error("the CLI never polled the job");
    };
    const quota = { status: 429, headers: { "Retry-After": "2000000" }, body: { message: "Quota exceeded" } };

    it("SIGTERM while waiting: exits 130 within seconds, and the job is aborted", async () => {
      await h.createDefinition("spawn-term", { outcome: "complete", durationMs: 60 * MINUTE });
      await h.emulator.admin.addFault({ method: "GET", path: "/batchPredictions/*", ...quota, times: 0 });
      const run = start(["run", "spawn-term", "--timeout", "10m"]);
      await untilThrottledPoll();
      const signalled = Date.now();
      run.child.kill("SIGTERM");
      const { code, output } = await run.exited;
      expect(Date.now() - signalled).toBeLessThan(5000);
      expect(code).toBe(EXIT.INTERRUPTED);
      expect(output).toMatch(
        /was cancelled after .*; the job was aborted \(DELETE \/batchPredictions\/[0-9a-f]{24}\/ accepted\)/,
      );
      expect(await h.requests(/^DELETE \/batchPredictions\//)).toHaveLength(1);
      const jobs = await h.emulator.admin.jobs();
      expect(jobs.map((job) => job.status)).toEqual(["ABORTED"]);
    });

    it("--timeout 3s is kept, and a 429 on the abort itself cannot hold the exit", async () => {
      await h.createDefinition("spawn-timeout", { outcome: "complete", durationMs: 60 * MINUTE });
      await h.emulator.admin.addFault({ method: "GET", path: "/batchPredictions/*", ...quota, times: 0 });
      await h.emulator.admin.addFault({ method: "DELETE", path: "/batchPredictions/*", ...quota, times: 0 });
      const { code, output, ms } = await start(["run", "spawn-timeout", "--timeout", "3s"]).exited;
      expect(code).toBe(EXIT.TIMED_OUT);
      expect(ms).toBeLessThan(10_000);
      expect(output).toMatch(
        /did not finish within 3.0 s .*aborting job [0-9a-f]{24} failed, it may still be running: .*Retry-After/,
      );
      expect(await h.requests(/^DELETE \/batchPredictions\//)).toHaveLength(1);
    });
  });
});
