/**
 * Isolated Automation API stacks for the bench: each gets its own work directory under the repository's git-ignored
 * `.bench/` (so the dynamic-provider process, whose cwd is the program's directory, resolves `@pulumi/pulumi` and
 * this package from the repository's node_modules), its own local file backend and PULUMI_HOME.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { LocalWorkspace, type PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";

export const repoRoot = path.resolve(__dirname, "..");
export const benchDir = path.join(repoRoot, ".bench");

export interface BenchStack {
  stack: Stack;
  workDir: string;
  /** Removes the stack and its work directory (backend included). */
  cleanup(): Promise<void>;
}

export async function createBenchStack(options: {
  projectName: string;
  program: PulumiFn;
  pulumiCommand: PulumiCommand;
  config: Record<string, { value: string; secret?: boolean }>;
  /** Extra environment for the engine (e.g. PULUMI_SKIP_CHECKPOINTS=true: see the README's "Large stacks"). */
  engineEnv?: Record<string, string>;
}): Promise<BenchStack> {
  const workDir = path.join(benchDir, `${options.projectName}-${randomBytes(4).toString("hex")}`);
  const backendDir = path.join(workDir, "backend");
  const homeDir = path.join(workDir, "home");
  fs.mkdirSync(backendDir, { recursive: true });
  fs.mkdirSync(homeDir, { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "bench", projectName: options.projectName, program: options.program },
    {
      workDir,
      pulumiCommand: options.pulumiCommand,
      pulumiHome: homeDir,
      projectSettings: {
        name: options.projectName,
        runtime: "nodejs",
        main: workDir,
        backend: { url: `file://${backendDir}` },
      },
      envVars: {
        PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        ...options.engineEnv,
      },
    },
  );
  await stack.setAllConfig(options.config);
  return {
    stack,
    workDir,
    cleanup: async () => {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
