#!/usr/bin/env node
/**
 * `datarobot-batch`: run job definitions from a pipeline and fail the pipeline when scoring fails.
 * `main()` takes its streams, environment and signal as arguments so tests can drive it without a process.
 */
import { DataRobotClient } from "../../provider/client/client";
import { connect } from "../../provider/connections";
import { eitherNamespace } from "../../provider/config";
import { PLUGIN_PACKAGE } from "../type-tokens";
import { definitionsFromOutputs, type StackLike } from "../run/after-deploy";
import { formatSummary, runMany, type RunOutcome, type RunSummary } from "../run/many";
import * as path from "node:path";
import { parseCommandLine, UsageError, USAGE, type RunCommand } from "./args";
import { describeCliError } from "./errors";
import { previewCommand } from "./preview";
import { probeCommand } from "./probe";
import type { CliIo } from "./io";
import { rendererFor } from "./render";

export type { CliIo } from "./io";

/** Exit codes (also listed in `--help` and docs/runs.md). */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, ABORTED: 3, TIMED_OUT: 4, ERROR: 5, INTERRUPTED: 130 } as const;

/** The most serious outcome decides the exit code. */
const EXIT_BY_OUTCOME: [RunOutcome, number][] = [
  ["CANCELLED", EXIT.INTERRUPTED],
  ["FAILED", EXIT.FAILED],
  ["ABORTED", EXIT.ABORTED],
  ["TIMED_OUT", EXIT.TIMED_OUT],
  ["NOT_FOUND", EXIT.ERROR],
  ["ERROR", EXIT.ERROR],
];

export function exitCodeOf(summary: RunSummary): number {
  for (const [outcome, code] of EXIT_BY_OUTCOME) {
    if (summary.runs.some((run) => run.outcome === outcome)) return code;
  }
  return EXIT.OK;
}

async function openStackWithAutomationApi(stackName: string, workDir: string): Promise<StackLike> {
  // Loaded only for --stack: the Automation API (and the pulumi CLI it drives) is not needed otherwise.
  const automation: typeof import("@pulumi/pulumi/automation") = require("@pulumi/pulumi/automation");
  return automation.LocalWorkspace.selectStack({ stackName, workDir });
}

async function run(command: RunCommand, io: CliIo): Promise<number> {
  let references = command.references;
  let client: DataRobotClient;
  if (command.stack !== undefined) {
    const open = io.openStack ?? openStackWithAutomationApi;
    const stack = await open(command.stack, command.cwd ?? process.cwd());
    const config = stack.getAllConfig ? await stack.getAllConfig() : {};
    client = connect({
      config: eitherNamespace({ get: (key) => config[key]?.value }, PLUGIN_PACKAGE),
      env: io.env,
      warn: (line) => io.stderr.write(`${line}\n`),
    });
    references = definitionsFromOutputs(await stack.outputs());
    if (references.length === 0) {
      io.stderr.write(
        `Stack "${command.stack}" exports no job definitions (output "batchPredictionJobDefinitions"); nothing to run.\n`,
      );
      return EXIT.OK;
    }
  } else {
    client = connect({ env: io.env, warn: (line) => io.stderr.write(`${line}\n`) });
  }

  const progressStream = command.json ? io.stderr : io.stdout;
  const renderer = rendererFor(progressStream);
  const summary = await runMany(references, {
    client,
    wait: command.wait,
    timeoutMs: command.timeoutMs,
    leaveRunning: command.leaveRunning,
    concurrency: command.concurrency,
    whenActive: command.ifIdle ? "skip" : "warn",
    onWarning: (message) => io.stderr.write(`datarobot-batch: warning: ${message}\n`),
    onProgress: (progress) => renderer.update(progress),
    onTransfer: (progress) => renderer.transfer(progress),
    ...(command.intakeFile !== undefined ? { intakeFile: command.intakeFile } : {}),
    ...(command.outputFile !== undefined ? { outputFile: command.outputFile } : {}),
    ...(command.maxDownloadBytes !== undefined ? { maxDownloadBytes: command.maxDownloadBytes } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
    ...(io.clock ? { clock: io.clock } : {}),
  });
  renderer.finish();
  if (command.json) {
    io.stdout.write(`${JSON.stringify(summary.runs.length === 1 ? summary.runs[0] : summary, null, 2)}\n`);
  } else {
    io.stdout.write(`${formatSummary(summary)}\n`);
  }
  return exitCodeOf(summary);
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`datarobot-batch: ${error.message}\nRun "datarobot-batch --help" for usage.\n`);
    return EXIT.USAGE;
  }
  if (command.command === "help") {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.OK;
  }
  try {
    if (command.command === "preview") return await previewCommand(command, io);
    if (command.command === "probe") return await probeCommand(command, io);
    return await run(command, io);
  } catch (error) {
    const context =
      "stack" in command && command.stack !== undefined
        ? { stack: command.stack, cwd: path.resolve(command.cwd ?? process.cwd()) }
        : {};
    io.stderr.write(`datarobot-batch: ${describeCliError(error, context)}\n`);
    return EXIT.ERROR;
  }
}

/**
 * Runs the CLI as a process: Ctrl-C and SIGTERM abort cleanly, and the exit code is set. The `datarobot-batch` bin
 * and the plugin's single executable (`pulumi-resource-datarobot-batch run ...`) both start here.
 */
export function runAsProcess(argv: string[]): void {
  const controller = new AbortController();
  // First Ctrl-C: stop waiting (and abort the job unless --leave-running); a second one exits at once.
  process.once("SIGINT", () => {
    controller.abort(new Error("interrupted"));
    process.once("SIGINT", () => process.exit(EXIT.INTERRUPTED));
  });
  // SIGTERM (CI cancelling a step) gets the same clean stop: jobs aborted, probe definitions deleted. Every wait
  // ends on the signal and the abort has its own short deadline (provider/run/stop.ts), so the exit is prompt; a
  // second SIGTERM exits at once, as a second Ctrl-C does.
  process.once("SIGTERM", () => {
    controller.abort(new Error("terminated"));
    process.once("SIGTERM", () => process.exit(EXIT.INTERRUPTED));
  });
  main(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    // main answers every failure with an exit code; this is for one it did not foresee (a parser bug, a closed
    // stderr): said the same way, never an unhandled rejection with a stack trace.
    (error: unknown) => {
      process.stderr.write(`datarobot-batch: ${describeCliError(error, {})}\n`);
      process.exitCode = EXIT.ERROR;
    },
  );
}

if (require.main === module) runAsProcess(process.argv.slice(2));
