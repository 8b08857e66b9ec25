#!/usr/bin/env node
/**
 * `datarobot-batch`: run job definitions from a pipeline and fail the pipeline when scoring fails.
 * `main()` takes its streams, environment and signal as arguments so tests can drive it without a process. This file
 * only dispatches: each command has its own file (run.ts, preview.ts, probe.ts), exit codes are in exit-codes.ts.
 */
import { parseCommandLine, PROGRAM_NAME, usage, UsageError } from "./args";
import { describeCliError } from "./errors";
import { EXIT, type ExitCode } from "./exit-codes";
import type { CliIo } from "./io";
import { previewCommand } from "./preview";
import { probeCommand } from "./probe";
import { runCommand } from "./run";
import { projectDirectory } from "./stack";

// The contract of this entry point: tests, pipeline helpers and executable/doors.ts import these from here.
export type { CliIo } from "./io";
export { EXIT } from "./exit-codes";

export async function main(argv: string[], io: CliIo): Promise<ExitCode> {
  const name = io.programName ?? PROGRAM_NAME;
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${name}: ${error.message}\nRun "${name} --help" for usage.\n`);
    return EXIT.USAGE;
  }
  if (command.command === "help") {
    io.stdout.write(`${usage(name)}\n`);
    return EXIT.OK;
  }
  try {
    if (command.command === "preview") return await previewCommand(command, io);
    if (command.command === "probe") return await probeCommand(command, io);
    return await runCommand(command, io);
  } catch (error) {
    const context =
      "stack" in command && command.stack !== undefined
        ? { stack: command.stack, cwd: projectDirectory(command.cwd) }
        : {};
    io.stderr.write(`${name}: ${describeCliError(error, context)}\n`);
    return EXIT.ERROR;
  }
}

/**
 * Runs the CLI as a process: Ctrl-C and SIGTERM abort cleanly, and the exit code is set. The `datarobot-batch` bin
 * and the plugin's single executable (`pulumi-resource-datarobot-batch run ...`) both start here.
 */
export function runAsProcess(argv: string[], programName: string = PROGRAM_NAME): void {
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
    programName,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    // main answers every failure with an exit code; this is for one it did not foresee (a parser bug, a closed
    // stderr): said the same way, never an unhandled rejection with a stack trace.
    (error: unknown) => {
      process.stderr.write(`${programName}: ${describeCliError(error, {})}\n`);
      process.exitCode = EXIT.ERROR;
    },
  );
}

if (require.main === module) runAsProcess(process.argv.slice(2));
