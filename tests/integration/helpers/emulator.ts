/**
 * The emulator of an integration test file (or of the describe block it is called in): started in beforeAll, closed
 * in afterAll and, unless told otherwise, reset before each test. The returned emulator can be used by the tests and
 * hooks declared after the call (a hook declared after it also runs after it).
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../emulator";

export function useEmulator(options: EmulatorOptions = {}, hooks: { resetBeforeEach?: boolean } = {}): RunningEmulator {
  let started: RunningEmulator | undefined;
  const emulator = (): RunningEmulator => {
    if (!started) throw new Error("useEmulator: used before its beforeAll ran (or after it failed)");
    return started;
  };
  beforeAll(async () => {
    started = await startEmulator(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  if (hooks.resetBeforeEach ?? true) {
    beforeEach(async () => {
      await emulator().admin.reset();
    });
  }
  return {
    get url() {
      return emulator().url;
    },
    get adminUrl() {
      return emulator().adminUrl;
    },
    get listenUrl() {
      return emulator().listenUrl;
    },
    get token() {
      return emulator().token;
    },
    get otherToken() {
      return emulator().otherToken;
    },
    get admin() {
      return emulator().admin;
    },
    close: () => emulator().close(),
  };
}
