/** `datarobot-batch probe`: runs the probe against DATAROBOT_ENDPOINT (or --endpoint) and prints its report. */
import { readConnectionSettings, resolveConnection } from "../../provider/config";
import { warnIfInsecure } from "../../provider/connections";
import { formatReport, ProbeHttp, reportJson, runProbe } from "../probe";
import type { ProbeCommand } from "./args";
import { EXIT, type ExitCode } from "./exit-codes";
import type { CliIo } from "./io";

/** Exit codes: OK every step settled and everything deleted, ERROR otherwise, INTERRUPTED interrupted. */
export async function probeCommand(command: ProbeCommand, io: CliIo): Promise<ExitCode> {
  // The token comes from the environment only: a flag value would land in shell history.
  // `--endpoint` replaces DATAROBOT_ENDPOINT, as in `run` (connect()): the flag is the user's explicit choice of where
  // the token goes. (resolveConnection's second argument is a resource's own endpoint, which must be one the stack
  // configuration names; a command line has no stack, so that rule refused every flag but DATAROBOT_ENDPOINT itself.)
  const settings = readConnectionSettings(undefined, io.env);
  const connection = resolveConnection(command.endpoint ? { ...settings, endpoint: command.endpoint } : settings);
  const http = new ProbeHttp(connection.endpoint, connection.token, undefined, {
    allowInsecureHttp: connection.allowInsecureHttp,
  });
  warnIfInsecure(connection, (line) => io.stderr.write(`${line}\n`));
  const progress = command.json ? io.stderr : io.stdout;
  progress.write(`Probing ${http.endpoint} with throwaway definitions (deleted at the end)...\n`);
  const result = await runProbe({
    http,
    deploymentId: command.deploymentId,
    localFileWatchMs: command.watchMs,
    ...(io.signal ? { signal: io.signal } : {}),
    onFinding: (finding) => progress.write(`  ${finding.unknown}: ${String(finding.behaviour)}\n`),
  });
  io.stdout.write(command.json ? `${JSON.stringify(reportJson(result), null, 2)}\n` : formatReport(result));
  if (result.interrupted) return EXIT.INTERRUPTED;
  const settled = result.findings.every((finding) => finding.behaviour !== "unclear");
  return settled && result.errors.length === 0 && result.cleanup.failed.length === 0 ? EXIT.OK : EXIT.ERROR;
}
