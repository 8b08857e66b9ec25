/** A clock that never waits and a scripted client, for the steps of a run (wait, stop, outcome) without a server. */
import type { DataRobotClient } from "../../../provider/client/client";
import { requestSecrets, textScrubber } from "../../../provider/client/redact";
import type { ApiBatchJob } from "../../../provider/client/types";
import type { RunClock } from "../../../provider/run/clock";
import type { RunProgress } from "../../../provider/run/progress";
import { RunSession } from "../../../provider/run/session";

/**
 * `sleep` moves time forward at once and records the delay; `onSleep` may act while "asleep" (e.g. abort).
 * `earlyMs` wakes every sleep longer than that this much before its time, as a real timer may (by a millisecond; on
 * a scaled clock, by the scale's worth of milliseconds).
 */
export function fakeClock(
  onSleep?: (ms: number) => void,
  { earlyMs = 0 }: { earlyMs?: number } = {},
): RunClock & { sleeps: number[]; time: () => number } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    time: () => now,
    now: () => now,
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      now += ms > earlyMs ? ms - earlyMs : ms;
      onSleep?.(ms);
      signal?.throwIfAborted();
    },
  };
}

/**
 * A client whose GET answers are scripted in order (a job, or an error to throw; the last one repeats) and whose
 * abort answer is fixed; it records every call.
 */
export function scriptedClient(answers: (ApiBatchJob | Error)[], abort?: Error) {
  const calls: string[] = [];
  let next = 0;
  const client = {
    getJob: async (id: string) => {
      calls.push(`GET ${id}`);
      const answer = answers[Math.min(next++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    },
    abortJob: async (id: string) => {
      calls.push(`DELETE ${id}`);
      if (abort) throw abort;
    },
    // As the real client: the token and the sources' secrets (redact.ts does the work).
    scrubber: (...sources: unknown[]) => textScrubber([FAKE_TOKEN, ...sources.flatMap((s) => requestSecrets(s))]),
    scrub: (text: string, ...sources: unknown[]) => client.scrubber(...sources)(text),
  };
  return { client: client as unknown as DataRobotClient, calls };
}

/** The API token of the scripted client: scrubbed from what its "server" says. */
export const FAKE_TOKEN = "FAKE-TOKEN-0123456789";

export const fakeJob = (status: string, extra: Partial<ApiBatchJob> = {}): ApiBatchJob => ({
  id: "j1",
  status,
  ...extra,
});

/** A session on job j1 of definition "nightly" (d1), started at the clock's current time. */
export function session(client: DataRobotClient, clock: RunClock, started: ApiBatchJob = fakeJob("INITIALIZING")) {
  const progress: RunProgress[] = [];
  const s = new RunSession(client, clock, { id: "d1", name: "nightly", label: '"nightly" (d1)' }, started, (p) =>
    progress.push(p),
  );
  return { session: s, progress };
}
