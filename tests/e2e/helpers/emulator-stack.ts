/**
 * The setup most end-to-end files share: one emulator (`useEmulator()`) and one inline stack whose config points the
 * provider at it, made in the file's beforeAll and removed in its afterAll (the stack first, then the emulator). Call
 * it at the top level of a test file; its properties can be read from the tests and hooks declared after it.
 */
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../../emulator";
import { emulatorConfig } from "./constants";
import { useEmulator, type EmulatorOptionsAt } from "./emulator";
import { createInlineStack, type TestStack } from "./stack";

export interface EmulatorStack {
  readonly emu: RunningEmulator;
  readonly stack: Stack;
  readonly workDir: string;
}

export function useEmulatorStack(options: {
  projectName: string;
  program: PulumiFn;
  emulator?: EmulatorOptionsAt;
  envVars?: Record<string, string>;
  /** `pulumi destroy` (failures ignored) before the stack is removed, for files whose last test may leave resources. */
  destroyAfterAll?: boolean;
}): EmulatorStack {
  let t: TestStack | undefined;
  const emu = useEmulator(options.emulator, {
    beforeClose: async () => {
      if (options.destroyAfterAll) await t?.stack.destroy().catch(() => undefined);
      await t?.cleanup();
    },
  });
  beforeAll(async () => {
    t = await createInlineStack({
      projectName: options.projectName,
      program: options.program,
      config: emulatorConfig(emu),
      envVars: options.envVars,
    });
  });
  const started = (): TestStack => {
    if (t === undefined) throw new Error("useEmulatorStack: read before its beforeAll ran (or after it failed)");
    return t;
  };
  return {
    emu,
    get stack() {
      return started().stack;
    },
    get workDir() {
      return started().workDir;
    },
  };
}
