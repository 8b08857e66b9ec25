/**
 * Builds isolated Automation API stacks for end-to-end tests (and the bench): each stack gets its own work directory (under the
 * repository's git-ignored `.e2e/`, so the dynamic-provider process resolves `@pulumi/pulumi` and this package from
 * the repository's node_modules), its own local file backend, its own PULUMI_HOME and a fixed passphrase.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";

export const repoRoot = path.resolve(__dirname, "..", "..", "..");

export interface TestStack {
  stack: Stack;
  workDir: string;
  /** Removes the work directory, backend included. */
  cleanup(): Promise<void>;
}

/** Where the engine scripts/engine.js found or built lives (`bin/pulumi` under it), as the e2e global setup set it. */
export function engineRoot(): string {
  const root = process.env.PULUMI_DATAROBOT_BATCH_ENGINE_ROOT;
  if (!root) {
    throw new Error(
      "PULUMI_DATAROBOT_BATCH_ENGINE_ROOT is not set: run e2e tests through jest's e2e project (its global setup builds the engine)",
    );
  }
  return root;
}

export async function engineCommand(): Promise<PulumiCommand> {
  return PulumiCommand.get({ root: engineRoot() });
}

export interface IsolatedStackOptions {
  projectName: string;
  program: PulumiFn;
  pulumiCommand: PulumiCommand;
  stackName: string;
  passphrase: string;
  /** Where a new work directory goes: inside the repository, git-ignored (see above). */
  parentDir: string;
  /** Reuse this work directory (backend and PULUMI_HOME included) instead of creating a fresh one. */
  workDir?: string;
  envVars?: Record<string, string>;
  config?: Record<string, { value: string; secret?: boolean }>;
}

/** The one isolated stack of the e2e tests and the bench (bench/stacks.ts): own work dir, backend and PULUMI_HOME. */
export async function createIsolatedStack(options: IsolatedStackOptions): Promise<TestStack> {
  const workDir =
    options.workDir ?? path.join(options.parentDir, `${options.projectName}-${randomBytes(4).toString("hex")}`);
  const backendDir = path.join(workDir, "backend");
  const homeDir = path.join(workDir, "home");
  fs.mkdirSync(backendDir, { recursive: true });
  fs.mkdirSync(homeDir, { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: options.stackName, projectName: options.projectName, program: options.program },
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
        PULUMI_CONFIG_PASSPHRASE: options.passphrase,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        ...options.envVars,
      },
    },
  );
  if (options.config) await stack.setAllConfig(options.config);
  return {
    stack,
    workDir,
    cleanup: async () => {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export async function createInlineStack(options: {
  projectName: string;
  program: PulumiFn;
  envVars?: Record<string, string>;
  config?: Record<string, { value: string; secret?: boolean }>;
  /**
   * Reuse an existing work directory (backend and PULUMI_HOME included) instead of creating a fresh one, e.g. to
   * attach to a stack another process (a killed `up`) worked on. Default: a new directory under `.e2e/`.
   */
  workDir?: string;
}): Promise<TestStack> {
  return createIsolatedStack({
    ...options,
    pulumiCommand: await engineCommand(),
    stackName: "test",
    passphrase: "e2e-test-passphrase",
    parentDir: path.join(repoRoot, ".e2e"),
  });
}
