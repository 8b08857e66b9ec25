/**
 * `datarobot-batch run <definition>... | --stack <stack>`: starts the definitions, waits for their jobs (unless
 * --no-wait), prints progress and a summary (text, or JSON with --json) and answers the most serious outcome's exit code.
 */
import type { DataRobotClient } from "../../provider/client/client";
import { connect } from "../../provider/connections";
import { eitherNamespace } from "../../provider/config";
import { PLUGIN_PACKAGE } from "../type-tokens";
import { definitionsFromOutputs } from "../run/after-deploy";
import { formatSummary, runMany } from "../run/many";
import { PROGRAM_NAME, type RunCommand } from "./args";
import { EXIT, exitCodeOf, type ExitCode } from "./exit-codes";
import type { CliIo } from "./io";
import { rendererFor } from "./render";
import { openStack } from "./stack";

export async function runCommand(command: RunCommand, io: CliIo): Promise<ExitCode> {
  let references = command.references;
  let client: DataRobotClient;
  if (command.stack !== undefined) {
    const stack = await openStack(io, command.stack, command.cwd);
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
    onWarning: (message) => io.stderr.write(`${io.programName ?? PROGRAM_NAME}: warning: ${message}\n`),
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
