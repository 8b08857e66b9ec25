/**
 * The SDK's next-run computation (sdk/schedule-next.ts) agrees with the emulator's `nextScheduledRunTime` for a
 * corpus of schedules: names, numbers, "*", unsorted lists, impossible dates and the day-of-month / day-of-week
 * union. The two are written independently; the emulator computes at the moment it answers, so the SDK's answer is
 * computed just before and just after the request (they differ only when a minute boundary passes in between).
 */
import { SEED } from "../../../emulator";
import { useEmulator } from "../helpers";
import { DataRobotClient } from "../../../provider/client";
import { nextRunTime } from "../../../sdk/schedule-next";
import { describeSchedule } from "../../../sdk/schedule-text";
import { ANY, schedule as s } from "../../fixtures/schedules";

jest.setTimeout(30_000);

const CORPUS: Record<string, unknown>[] = [
  s([0], [2], ANY, ANY, ANY),
  s(ANY, ANY, ANY, ANY, ANY),
  s([15, 45], ANY, ANY, ANY, ANY),
  s([30], [9], ANY, ANY, ["mon", "tue", "wed", "thu", "fri"]),
  s([59], [23], ANY, ANY, [0, 6]),
  s([0], [0], [1, 15], ANY, ANY),
  s([0], [12], [13], ANY, ["fri"]),
  s([0], [6], [29], ["feb"], ANY),
  s([10], [1], [31], ["January", "July"], ANY),
  s([0], [0], [31], ANY, ANY),
  s([0], [0], [30], [2], ANY),
  s([0], [0, 6, 12, 18], ANY, ANY, ANY),
  s([0, 30], ANY, ANY, ANY, ANY),
  s([0], [8], [25], ["Dec"], ANY),
  s([7], [3], ANY, ANY, ["sun"]),
  s([0], [5], [1], ["mar", "sep"], [1]),
  s([59], [23], [28, 29, 30, 31], ANY, ANY),
  s([5], ANY, ANY, ANY, ["sat"]),
  s([20], [20], ANY, [6], ["wed"]),
  s(ANY, [4], ANY, ANY, ANY),
  s([45, 5, 30], [22, 1], ANY, ANY, ANY),
  s([0], [9], [2], ANY, ["tuesday"]),
];

const emu = useEmulator({}, { resetBeforeEach: false });
let client: DataRobotClient;
beforeAll(() => {
  client = new DataRobotClient({ endpoint: emu.url, token: emu.token, requestsPerSecond: 0 });
});

describe("nextRunTime agrees with the emulator's nextScheduledRunTime", () => {
  it.each(CORPUS.map((schedule, i) => [i, describeSchedule(schedule), schedule] as const))(
    "#%i %s",
    async (i, _words, schedule) => {
      const created = await client.createJobDefinition({
        name: `schedule-corpus-${i}`,
        deploymentId: SEED.deploymentId,
        intakeSettings: { type: "s3", url: "s3://scoring/in.csv", credentialId: SEED.credentialId },
        outputSettings: { type: "s3", url: "s3://scoring/out.csv", credentialId: SEED.credentialId },
        enabled: true,
        schedule,
      });
      const before = nextRunTime(schedule, new Date());
      const fetched = await client.getJobDefinition(created.id);
      const after = nextRunTime(schedule, new Date());
      const emulated = fetched.nextScheduledRunTime as string | null;
      const ours = [before, after].map((d) => (d ? d.getTime() : null));
      expect(ours).toContain(emulated === null ? null : Date.parse(emulated));
    },
  );

  it("the corpus has schedules that run and one that never does (February 30th)", async () => {
    const definitions = await client.listJobDefinitions();
    const next = definitions.map((d) => d.nextScheduledRunTime);
    expect(next.filter((value) => value === null)).toHaveLength(1);
    expect(definitions).toHaveLength(CORPUS.length);
  });
});
