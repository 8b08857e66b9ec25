/**
 * `npx tsx bench/local-file.ts [--mb 100]`: a large CSV through a localFile run, measuring memory.
 *
 * Generates a CSV of the given size into a temp file (as a stream; nothing is committed), then runs a localFile
 * definition on the emulator with `intakeFile` and `outputFile`: the upload streams the file, the emulator scores
 * it as it arrives, the predictions are downloaded. The emulator runs in a child process, so the RSS figures are
 * the uploading process's alone (sampled every 20 ms): before, peak, growth (the acceptance bound is < 64 MB);
 * the emulator's own peak (VmHWM from /proc) is printed too. Exits 1 if the growth is 64 MB or more.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { once } from "node:events";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { SEED } from "../emulator";
import { DataRobotClient } from "../provider/client";
import { runJobDefinition } from "../provider/run/run";
import { scaledClock } from "../provider/run/clock";
import type { TransferProgress } from "../provider/run/local-file";

const MB = 1024 * 1024;
const LIMIT_MB = 64;

async function writeCsv(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  out.write("id,age,income,city,segment\n");
  let written = 0;
  let row = 0;
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++, row++)
      lines.push(`${row},${row % 90},${(row * 37) % 150000},"Town ${row % 977}, North",s${row % 7}\n`);
    const chunk = lines.join("");
    written += chunk.length;
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return row;
}

/** The emulator in its own node process (TypeScript through tsx's loader); resolves with its API base. */
async function startEmulatorProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(__dirname, "..", "emulator", "cli.ts"), "--port", "0", "--time-scale", "1000"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let text = "";
  // Keeps reading its stdout to the end (it prints a line when stopped).
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const match = /API base \(DATAROBOT_ENDPOINT\): (\S+)/.exec(text);
      if (match) resolve({ url: match[1], child });
    });
    child.once("exit", () => reject(new Error(`the emulator did not start: ${text}`)));
  });
}

/** Peak resident memory of a process (VmHWM), in MB. */
function peakOf(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { mb: { type: "string", default: "100" } } });
  const size = Number(values.mb) * MB;
  const dir = mkdtempSync(join(tmpdir(), "bench-local-file-"));
  const input = join(dir, "input.csv");
  const output = join(dir, "predictions.csv");
  try {
    const rows = await writeCsv(input, size);
    const emulator = await startEmulatorProcess();
    const client = new DataRobotClient({
      endpoint: emulator.url,
      token: "emulator-owner-token",
      requestsPerSecond: 0,
    });
    const definition = await client.createJobDefinition({
      name: "bench-local-file",
      deploymentId: SEED.deploymentId,
      intakeSettings: { type: "localFile" },
      outputSettings: { type: "localFile" },
      passthroughColumns: ["id"],
    });
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    let upload: TransferProgress | undefined;
    const started = Date.now();
    const result = await runJobDefinition(definition.id, {
      client,
      clock: scaledClock(1000),
      intakeFile: input,
      outputFile: output,
      onTransfer: (progress) => {
        if (progress.direction === "upload" && progress.done) upload = progress;
      },
    });
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const emulatorPeak = peakOf(emulator.child.pid as number);
    emulator.child.kill("SIGTERM");
    await once(emulator.child, "exit");
    const growth = (peak - before) / MB;
    const figures = [
      ["input", `${(statSync(input).size / MB).toFixed(1)} MB, ${rows} rows`],
      ["scored rows", String(result.job.scoredRows)],
      ["predictions file", `${(statSync(output).size / MB).toFixed(1)} MB`],
      ["upload rate", upload ? `${(upload.bytesPerSecond / MB).toFixed(1)} MB/s` : "-"],
      ["run (upload, scoring, download)", `${((Date.now() - started) / 1000).toFixed(1)} s`],
      ["RSS before", `${(before / MB).toFixed(1)} MB`],
      ["RSS peak", `${(peak / MB).toFixed(1)} MB`],
      ["RSS growth", `${growth.toFixed(1)} MB (bound < ${LIMIT_MB} MB)`],
      ["emulator process peak (VmHWM)", `${emulatorPeak.toFixed(1)} MB`],
    ];
    for (const [name, value] of figures) process.stdout.write(`${name.padEnd(34)}${value}\n`);
    if (growth >= LIMIT_MB) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
