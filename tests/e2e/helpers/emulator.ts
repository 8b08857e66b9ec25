/**
 * The emulator of an end-to-end test file (or of the describe block it is called in): started in beforeAll and closed
 * in afterAll; reset before each test only when asked (`resetBeforeEach`). Call it before the file's own hooks: they
 * can read the emulator, and jest runs `afterAll` hooks in the order they are declared, so teardown that still needs
 * the emulator (a `pulumi destroy`) goes in `beforeClose`. `useEmulatorStack()` adds an inline stack to it.
 */
import type { RunningEmulator } from "../../../emulator";
import { emulatorsForFile, type EmulatorHooks, type EmulatorOptionsAt } from "../../fixtures/emulator-lifecycle";

export type { EmulatorHooks, EmulatorOptionsAt };

export function useEmulator(options: EmulatorOptionsAt = {}, hooks: EmulatorHooks = {}): RunningEmulator {
  const [emulator] = emulatorsForFile([options], hooks, "useEmulator");
  return emulator;
}

/**
 * Several emulators for one file, one per entry of `options` (e.g. one per server behaviour of a matrix), started one
 * after the other in beforeAll and closed together in afterAll.
 */
export function useEmulators(options: readonly EmulatorOptionsAt[], hooks: EmulatorHooks = {}): RunningEmulator[] {
  return emulatorsForFile(options, hooks, "useEmulators");
}
