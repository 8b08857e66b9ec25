/** The probe's report: a table (unknown → behaviour → evidence), the emulator options reproducing the server, JSON. */
import type { CleanupResult } from "./cleanup";
// The emulator's own table of behaviour flags: the command printed here is the command its CLI parses.
import { behaviourFlag } from "../../emulator/state/behaviours";
import type { BehaviourKey, Finding } from "./steps";

export interface ProbeResult {
  endpoint: string;
  deploymentId: string;
  runPrefix: string;
  findings: Finding[];
  /** Steps that could not finish (network failure, ...), with the reason. */
  errors: { step: string; message: string }[];
  interrupted: boolean;
  cleanup: CleanupResult;
}

/** The `startEmulator` options of every behaviour the probe recognised (unclear ones are left out). */
export function emulatorOptions(findings: Finding[]): Partial<Record<BehaviourKey, string | number>> {
  const options: Partial<Record<BehaviourKey, string | number>> = {};
  for (const finding of findings) if (finding.behaviour !== "unclear") options[finding.key] = finding.behaviour;
  return options;
}

export function emulatorCommand(findings: Finding[]): string {
  const flags = Object.entries(emulatorOptions(findings)).map(
    ([key, value]) => `${behaviourFlag(key as BehaviourKey)} ${value}`,
  );
  return ["datarobot-batch-emulator", ...flags].join(" ");
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function formatReport(result: ProbeResult): string {
  const rows = [["UNKNOWN", "BEHAVIOUR", "EVIDENCE"]];
  for (const finding of result.findings) rows.push([finding.unknown, String(finding.behaviour), finding.evidence]);
  const lines = [`DataRobot at ${result.endpoint} (deployment ${result.deploymentId}):`, "", table(rows), ""];
  for (const error of result.errors) lines.push(`step "${error.step}" did not finish: ${error.message}`);
  if (result.interrupted) lines.push("Interrupted: the remaining steps were skipped.");
  lines.push(
    "The emulator reproducing this server:",
    `  ${emulatorCommand(result.findings)}`,
    `  startEmulator(${JSON.stringify(emulatorOptions(result.findings))})`,
    "",
  );
  const { deleted, failed } = result.cleanup;
  lines.push(`Cleanup: deleted ${deleted.length} probe definition(s) named ${result.runPrefix}-*.`);
  for (const failure of failed)
    lines.push(`  could not delete ${failure.id} (${failure.reason}); delete it in DataRobot by hand.`);
  return `${lines.join("\n")}\n`;
}

export function reportJson(result: ProbeResult): Record<string, unknown> {
  return {
    ...result,
    emulator: { command: emulatorCommand(result.findings), options: emulatorOptions(result.findings) },
  };
}
