/**
 * A CI/CD pipeline step on the Automation API: `pulumi up` the scoring stack, run the definitions it exports or that
 * the update changed, print one summary line per run, and fail (exit code 1) when the deploy or any run fails.
 */
import {
  ConcurrentUpdateError,
  LocalWorkspace,
  type LocalWorkspaceOptions,
  type Stack,
} from "@pulumi/pulumi/automation";
import { formatSummary, recordDeployEvents, runAfterDeploy, type RunSummary } from "pulumi-datarobot-batch";
import { scoringStack, type ScoringSettings } from "./program";

export interface PipelineOptions {
  stackName: string;
  settings: ScoringSettings;
  /**
   * Where the Pulumi engine keeps state (PULUMI_BACKEND_URL): shared by every runner, with locking, e.g.
   * "postgres://user:password@db:5432/pulumi_state", "s3://my-state-bucket"; "file://./state" for one machine.
   */
  backendUrl: string;
  /** Extra workspace options (engine location, PULUMI_HOME, passphrase...). */
  workspace?: LocalWorkspaceOptions;
  /** Runs at the same time (default 2) and the longest wait for one run (default 1 h). */
  concurrency?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface PipelineResult {
  exitCode: number;
  summary?: RunSummary;
  /** The deploy was refused because another update holds the stack's lock: retry later (nothing was changed). */
  locked?: boolean;
}

/** Who holds the lock, from the engine's message ("…: created by user@host (pid N) at time"), without the URL. */
function lockHolders(error: ConcurrentUpdateError): string[] {
  // The message holds the engine's output (CommandError keeps the result itself private), possibly twice.
  const holders = error.message.split("\n").map((line) => /: (created by .+)$/.exec(line.trim())?.[1]);
  return [...new Set(holders.filter((holder): holder is string => holder !== undefined))];
}

/** The scoring stack on the Automation API, with the DataRobot connection from the environment as stack config. */
export async function openScoringStack(
  options: Omit<PipelineOptions, "log" | "concurrency" | "timeoutMs">,
): Promise<Stack> {
  const stack = await LocalWorkspace.createOrSelectStack(
    {
      stackName: options.stackName,
      projectName: "datarobot-batch-pipeline",
      program: async () => scoringStack(options.settings),
    },
    {
      // The provider process runs in the work directory and loads pulumi-datarobot-batch from there: by default this
      // folder, where it is installed (an inline program's default work directory is a temporary one).
      workDir: __dirname,
      ...options.workspace,
      envVars: { PULUMI_BACKEND_URL: options.backendUrl, ...options.workspace?.envVars },
    },
  );
  // The DataRobot connection: pass it on as stack config (the token as a secret) when the pipeline has it in env.
  if (process.env.DATAROBOT_ENDPOINT)
    await stack.setConfig("datarobot:endpoint", { value: process.env.DATAROBOT_ENDPOINT });
  if (process.env.DATAROBOT_API_TOKEN) {
    await stack.setConfig("datarobot:apiToken", { value: process.env.DATAROBOT_API_TOKEN, secret: true });
  }

  return stack;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stack = await openScoringStack(options);

  log(`==> pulumi up (${options.stackName})`);
  const events = recordDeployEvents();
  try {
    const up = await stack.up({ onEvent: events.onEvent, onOutput: (out) => log(out.trimEnd()) });
    log(`==> deployed: ${JSON.stringify(up.summary.resourceChanges)}`);
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) {
      // Another runner is deploying this stack: the engine refused before changing anything.
      const holders = lockHolders(error);
      log(`==> deploy refused: the stack "${options.stackName}" is locked by another update: ${holders.join("; ")}`);
      log("    Run the pipeline again when that update has finished. If its runner died, recover first (README):");
      log("    pulumi cancel, then pulumi refresh --clear-pending-creates");
      return { exitCode: 1, locked: true };
    }
    log(`==> deploy failed: ${(error as Error).message.split("\n")[0]}`);
    return { exitCode: 1 };
  }

  log("==> running the exported and changed job definitions");
  const summary = await runAfterDeploy(stack, {
    events,
    select: "exported-and-changed",
    concurrency: options.concurrency ?? 2,
    timeoutMs: options.timeoutMs ?? 60 * 60_000,
  });
  log(formatSummary(summary));
  log(summary.ok ? "==> all runs completed" : "==> a run did not complete: failing the pipeline");
  return { exitCode: summary.ok ? 0 : 1, summary };
}
