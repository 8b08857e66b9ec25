/**
 * One CI runner of the pipeline example, in its own process (as on a separate machine): its own work directory and
 * PULUMI_HOME, the shared state backend from the arguments. `tsx pipeline-runner.ts '<json>'` with RunnerArgs:
 *  - deploy: examples/pipeline's runPipeline (pulumi up, then runAfterDeploy of the exported and changed definitions);
 *  - preview: `datarobot-batch preview --stack <stack> --markdown <file>` (the CLI's main, on the example's stack);
 *  - run: `datarobot-batch run --stack <stack>` (the CLI's main, reading the stack's outputs);
 *  - recover: the recovery after a runner died mid-deploy (docs/team-ci.md): `pulumi cancel`, then
 *    `pulumi refresh --clear-pending-creates` (the next deploy is the third step).
 * The process exits with the command's exit code and prints `RESULT <json>` last. DataRobot's endpoint and token come
 * from the environment (DATAROBOT_ENDPOINT, DATAROBOT_API_TOKEN), as in the workflow.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { openScoringStack, runPipeline, type PipelineOptions } from "../../../examples/pipeline/pipeline";
import type { ScoringSettings } from "../../../examples/pipeline/program";
import { main } from "../../../sdk/cli/main";
import { engineCommand } from "./stack";

export interface RunnerArgs {
  command: "deploy" | "preview" | "run" | "recover";
  stackName: string;
  backendUrl: string;
  /** This runner's checkout: created if missing, Pulumi.<stack>.yaml and PULUMI_HOME live here. */
  workDir: string;
  settings: ScoringSettings;
  /** preview: where the pull-request comment goes. */
  markdownFile?: string;
}

export interface RunnerResult {
  exitCode: number;
  locked?: boolean;
  startedAt: number;
  endedAt: number;
}

async function stackOptions(args: RunnerArgs): Promise<Omit<PipelineOptions, "log" | "concurrency" | "timeoutMs">> {
  const home = path.join(args.workDir, "home");
  fs.mkdirSync(home, { recursive: true });
  return {
    stackName: args.stackName,
    backendUrl: args.backendUrl,
    settings: args.settings,
    workspace: {
      workDir: args.workDir,
      pulumiCommand: await engineCommand(),
      pulumiHome: home,
      projectSettings: { name: "datarobot-batch-pipeline", runtime: "nodejs", main: args.workDir },
      envVars: {
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      },
    },
  };
}

async function execute(args: RunnerArgs): Promise<Omit<RunnerResult, "startedAt" | "endedAt">> {
  const options = await stackOptions(args);
  const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
  switch (args.command) {
    case "deploy": {
      const result = await runPipeline({ ...options, concurrency: 2, timeoutMs: 60_000 });
      return { exitCode: result.exitCode, ...(result.locked ? { locked: true } : {}) };
    }
    case "preview": {
      const argv = ["preview", "--stack", args.stackName, "--markdown", args.markdownFile ?? "review.md"];
      return { exitCode: await main(argv, { ...io, openStack: () => openScoringStack(options) }) };
    }
    case "recover": {
      const stack = await openScoringStack(options);
      await stack.cancel();
      process.stdout.write("runner: cancelled (the dead runner's lock is gone)\n");
      const refresh = await stack.refresh({ clearPendingCreates: true, onOutput: (out) => process.stdout.write(out) });
      return { exitCode: refresh.summary.result === "succeeded" ? 0 : 1 };
    }
    case "run":
      return {
        exitCode: await main(["run", "--stack", args.stackName], { ...io, openStack: () => openScoringStack(options) }),
      };
  }
}

async function runner(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as RunnerArgs;
  fs.mkdirSync(args.workDir, { recursive: true });
  const startedAt = Date.now();
  process.stdout.write(`runner: ${args.command} ${args.stackName} starting\n`);
  const outcome = await execute(args);
  const result: RunnerResult = { ...outcome, startedAt, endedAt: Date.now() };
  process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
  process.exitCode = result.exitCode;
}

if (require.main === module) {
  runner().catch((error: Error) => {
    process.stderr.write(`runner: ${error.message}\n`);
    process.exit(1);
  });
}
