/**
 * Isolated Automation API stacks for the bench: the e2e tests' isolated stack (tests/e2e/helpers/stack.ts), with its
 * work directory under the repository's git-ignored `.bench/` (so the dynamic-provider process, whose cwd is the
 * program's directory, resolves `@pulumi/pulumi` and this package from the repository's node_modules).
 */
import * as path from "node:path";
import type { PulumiCommand, PulumiFn } from "@pulumi/pulumi/automation";
import { createIsolatedStack, type TestStack } from "../tests/e2e/helpers/stack";

export const repoRoot = path.resolve(__dirname, "..");
export const benchDir = path.join(repoRoot, ".bench");

/** A stack and its work directory; cleanup() removes the stack and the directory (backend included). */
export type BenchStack = TestStack;

export async function createBenchStack(options: {
  projectName: string;
  program: PulumiFn;
  pulumiCommand: PulumiCommand;
  config: Record<string, { value: string; secret?: boolean }>;
  /** Extra environment for the engine (e.g. PULUMI_SKIP_CHECKPOINTS=true: see the README's "Large stacks"). */
  engineEnv?: Record<string, string>;
}): Promise<BenchStack> {
  return createIsolatedStack({
    projectName: options.projectName,
    program: options.program,
    pulumiCommand: options.pulumiCommand,
    config: options.config,
    ...(options.engineEnv ? { envVars: options.engineEnv } : {}),
    stackName: "bench",
    passphrase: "bench-passphrase",
    parentDir: benchDir,
  });
}
