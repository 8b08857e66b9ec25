/**
 * Shared setup for run tests: an emulator whose clock runs 60× faster (a "60-second" job takes ~1 s), a client
 * whose retry sleeps run on the same scale, and a helper creating a definition with a planned outcome.
 */
import { startEmulator, SEED, type RunningEmulator, type RequestLogEntry } from "../../../emulator";
import { DataRobotClient } from "../../../provider/client";
import { scaledClock, type RunClock } from "../../../provider/run/clock";

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

export async function startRunHarness(): Promise<RunHarness> {
  const emulator = await startEmulator({ timeScale: TIME_SCALE, schedulerTickMs: 10 });
  const client = makeClient(emulator);
  return {
    emulator,
    client,
    clock: () => scaledClock(TIME_SCALE),
    async createDefinition(name, behavior) {
      const definition = await client.createJobDefinition({
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

/**
 * The harness of a test file: started in beforeAll, its emulator closed in afterAll and reset before each test. The
 * returned harness can be used by the tests and hooks declared after the call.
 */
export function useRunHarness(): RunHarness {
  let started: RunHarness | undefined;
  const harness = (): RunHarness => {
    if (!started) throw new Error("useRunHarness: used before its beforeAll ran (or after it failed)");
    return started;
  };
  beforeAll(async () => {
    started = await startRunHarness();
  });
  afterAll(async () => {
    await harness().emulator.close();
  });
  beforeEach(async () => {
    await harness().emulator.admin.reset();
  });
  return {
    get emulator() {
      return harness().emulator;
    },
    get client() {
      return harness().client;
    },
    clock: () => harness().clock(),
    createDefinition: (name, behavior) => harness().createDefinition(name, behavior),
    requests: (match) => harness().requests(match),
  };
}

/** "GET /batchPredictions/<id>/" polls of one job. */
export const pollsOf = (jobId: string) => new RegExp(`^GET /batchPredictions/${jobId}/$`);
