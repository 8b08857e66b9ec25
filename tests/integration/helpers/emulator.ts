/**
 * The emulator of an integration test file (or of the describe block it is called in): started in beforeAll, closed
 * in afterAll and, unless told otherwise, reset before each test. The returned emulator can be used by the tests and
 * hooks declared after the call (a hook declared after it also runs after it).
 */
import type { EmulatorOptions, RunningEmulator } from "../../../emulator";
import { emulatorsForFile } from "../../fixtures/emulator-lifecycle";

export function useEmulator(options: EmulatorOptions = {}, hooks: { resetBeforeEach?: boolean } = {}): RunningEmulator {
  const [emulator] = emulatorsForFile([options], { resetBeforeEach: hooks.resetBeforeEach ?? true }, "useEmulator");
  return emulator;
}
