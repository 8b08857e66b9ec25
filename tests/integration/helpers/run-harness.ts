/**
 * Shared setup for run tests: an emulator whose clock runs 60× faster (a "60-second" job takes ~1 s), a client
 * whose retry sleeps run on the same scale, a helper creating a definition with a planned outcome, and the CLI's
 * input and output for `main()` against the emulator.
 */
import { SEED, type RunningEmulator, type RequestLogEntry } from "../../../emulator";
import { DataRobotClient } from "../../../provider/client";
import { scaledClock, type RunClock } from "../../../provider/run/clock";
import type { CliIo } from "../../../sdk/cli/main";
import { useEmulator } from "./emulator";

export const TIME_SCALE = 60;

export interface RunHarness {
  emulator: RunningEmulator;
  client: DataRobotClient;
  clock: () => RunClock;
  createDefinition(
    name: string,
    behavior?: { outcome: "complete" | "fail" | "abort"; durationMs?: number; rows?: number },
  ): Promise<string>;
  /** Logged API requests, optionally only those whose "METHOD path" matches. */
  requests(match?: RegExp): Promise<RequestLogEntry[]>;
}

export function makeClient(emulator: RunningEmulator, overrides: { maxRetries?: number } = {}): DataRobotClient {
  const clock = scaledClock(TIME_SCALE);
  return new DataRobotClient({
    endpoint: emulator.url,
    token: emulator.token,
    requestsPerSecond: 0,
    sleep: (ms) => clock.sleep(ms),
    ...overrides,
  });
}

/**
 * The harness of a test file: its emulator is `useEmulator()`'s (started in beforeAll, reset before each test, closed
 * in afterAll), its client is made in beforeAll. The returned harness can be used by the tests and hooks declared
 * after the call.
 */
export function useRunHarness(): RunHarness {
  const emulator = useEmulator({ timeScale: TIME_SCALE, schedulerTickMs: 10 });
  let made: DataRobotClient | undefined;
  beforeAll(() => {
    made = makeClient(emulator);
  });
  const client = (): DataRobotClient => {
    if (!made) throw new Error("useRunHarness: used before its beforeAll ran (or after it failed)");
    return made;
  };
  return {
    emulator,
    get client() {
      return client();
    },
    clock: () => scaledClock(TIME_SCALE),
    async createDefinition(name, behavior) {
      const definition = await client().createJobDefinition({
        name,
        enabled: false,
        deploymentId: SEED.deploymentId,
        intakeSettings: { type: "dataset", datasetId: SEED.datasetId },
        outputSettings: { type: "s3", url: `s3://bucket/${name}.csv`, credentialId: SEED.credentialId },
      });
      if (behavior) await emulator.admin.setBehavior(definition.id, behavior);
      return definition.id;
    },
    async requests(match) {
      const all = await emulator.admin.requests();
      return match ? all.filter((entry) => match.test(`${entry.method} ${entry.path}`)) : all;
    },
  };
}

/** "GET /batchPredictions/<id>/" polls of one job. */
export const pollsOf = (jobId: string) => new RegExp(`^GET /batchPredictions/${jobId}/$`);

/**
 * The CLI's input and output for `main()` against `emulator`, on the harness's clock: stdout is not a terminal
 * (`columns` wide when given), and what it writes is collected.
 */
export function fakeCliIo(emulator: RunningEmulator, stdout: { columns?: number } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (t: string) => out.push(t), isTTY: false, ...stdout },
    stderr: { write: (t: string) => err.push(t) },
    env: { DATAROBOT_ENDPOINT: emulator.url, DATAROBOT_API_TOKEN: emulator.token },
    clock: scaledClock(TIME_SCALE),
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}
