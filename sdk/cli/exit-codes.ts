/**
 * The CLI's exit codes, the one table every command answers with (also listed in `--help` and docs/runs.md;
 * pipelines branch on them, so tests/unit/sdk/compatibility.test.ts pins the values).
 */
import type { RunOutcome, RunSummary } from "../run/many";

export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, ABORTED: 3, TIMED_OUT: 4, ERROR: 5, INTERRUPTED: 130 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The most serious outcome decides the exit code of `run`. */
const EXIT_BY_OUTCOME: [RunOutcome, ExitCode][] = [
  ["CANCELLED", EXIT.INTERRUPTED],
  ["FAILED", EXIT.FAILED],
  ["ABORTED", EXIT.ABORTED],
  ["TIMED_OUT", EXIT.TIMED_OUT],
  ["NOT_FOUND", EXIT.ERROR],
  ["ERROR", EXIT.ERROR],
];

export function exitCodeOf(summary: RunSummary): ExitCode {
  for (const [outcome, code] of EXIT_BY_OUTCOME) {
    if (summary.runs.some((run) => run.outcome === outcome)) return code;
  }
  return EXIT.OK;
}
