/**
 * API calls of a 60-second run watched by the run helper (`runJobDefinition`): the emulator runs jobs 60× faster
 * than real time and the helper polls on `scaledClock(60)`, so the run takes about a second of wall time but polls
 * on the schedule of a real minute.
 */
import type { BenchEmulator } from "./servers-client";
import { DataRobotClient } from "../provider/client";
import { runJobDefinition } from "../provider/run/run";
import { scaledClock } from "../provider/run/clock";
import { countCalls, type CallCounts } from "./api-calls";

const TIME_SCALE = 60;
const JOB_DURATION_MS = 60_000;

export interface RunHelperFigures {
  polls: number;
  calls: CallCounts;
  wallMs: number;
  status: string;
}

export async function measureRunHelper(
  emu: BenchEmulator,
  definition: { deploymentId: string; credentialId: string },
): Promise<RunHelperFigures> {
  const client = new DataRobotClient({ endpoint: emu.url, token: emu.token });
  const created = await client.createJobDefinition({
    name: `bench-run-${Date.now()}`,
    deploymentId: definition.deploymentId,
    intakeSettings: { type: "s3", url: "s3://bench-input/run.csv", credentialId: definition.credentialId },
    outputSettings: { type: "s3", url: "s3://bench-output/run.csv", credentialId: definition.credentialId },
    enabled: false,
  });
  const previous = await emu.admin.config();
  await emu.admin.setConfig({ timeScale: TIME_SCALE, jobDurationMs: JOB_DURATION_MS });
  try {
    await emu.admin.clearRequests();
    const started = Date.now();
    const result = await runJobDefinition(created.id, { client, clock: scaledClock(TIME_SCALE) });
    const wallMs = Date.now() - started;
    const log = await emu.admin.requests();
    const polls = log.filter((entry) => entry.method === "GET" && entry.path.startsWith("/batchPredictions/")).length;
    return { polls, calls: countCalls(log), wallMs, status: result.status };
  } finally {
    await emu.admin.setConfig({ timeScale: previous.timeScale, jobDurationMs: previous.jobDurationMs });
    await client.deleteJobDefinition(created.id).catch(() => undefined);
  }
}
