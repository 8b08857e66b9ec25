/**
 * A name taken by a definition the stack does not own, through the real engine: the create fails with a clear
 * message; `adoptExisting` takes it over instead, says which one in the preview and the `up`, and `destroy` leaves it
 * in DataRobot. (Its own file: the Pulumi runtime of an inline program keeps process-wide state, and a program run
 * after the hostile-input previews of bad-input.test.ts can wait forever in the same process.)
 */
import { SEED } from "../../emulator";
import { DataRobotClient } from "../../provider/client";
import {
  type DeclaredDefinition,
  definitionsProgram,
  EngineLog,
  expectNoSecrets,
  freshApiToken,
  freshPredictionApiKey,
  useEmulatorStack,
} from "./helpers";

jest.setTimeout(120_000);

const API_TOKEN = freshApiToken();
const PREDICTION_API_KEY = freshPredictionApiKey();

let declared: DeclaredDefinition[] = [];
const log = new EngineLog();
const t = useEmulatorStack({
  projectName: "adoption",
  program: definitionsProgram(() => declared),
  emulator: { token: API_TOKEN },
});

/** The warnings the engine shows (not the SDK's debug diagnostics, which echo every RPC). */
const warnings = (engineLog: EngineLog) =>
  engineLog.events.flatMap((e) => (e.diagnosticEvent?.severity === "warning" ? [e.diagnosticEvent.message] : []));

describe("a name taken by a definition the stack does not own", () => {
  let existingId: string;

  beforeAll(async () => {
    // Created elsewhere (the UI, another stack): same name, different settings.
    const client = new DataRobotClient({ endpoint: t.emu.url, token: t.emu.token });
    existingId = (
      await client.createJobDefinition({
        name: "shared-scoring",
        deploymentId: SEED.deploymentId,
        intakeSettings: { type: "dataset", datasetId: SEED.datasetId },
      })
    ).id;
    declared = [
      {
        resource: "scoring",
        args: {
          name: "shared-scoring",
          deploymentId: SEED.deploymentId,
          intakeSettings: { type: "s3", url: "s3://scoring/in.csv", credentialId: SEED.credentialId },
        },
      },
    ];
    await t.emu.admin.clearRequests();
  });

  it("fails up with a message naming the definition and the way out", async () => {
    const failure = await t.stack.up({ ...log.capture() }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(
      new RegExp(
        `A batch prediction job definition named "shared-scoring" already exists in this DataRobot organization ` +
          `\\(id ${existingId}, created by owner@example\\.com on [^)]+, never run\\)\\. Names are unique per organization\\. ` +
          "Choose another `name`, or set " +
          "`adoptExisting: true`",
      ),
    );
    expect(await t.emu.admin.definitions()).toHaveLength(1);
  });

  it("succeeds with adoptExisting: the preview and the up say which definition is taken over (no POST)", async () => {
    declared[0].args.adoptExisting = true;
    const previewLog = new EngineLog(log);
    await t.stack.preview({ ...previewLog.capture() });
    expect(warnings(previewLog).join("\n")).toMatch(
      new RegExp(
        `adoptExisting: will take over the existing job definition "shared-scoring" \\(id ${existingId}, created by ` +
          "owner@example\\.com on .*, never run\\) and update it to this program's settings",
      ),
    );
    await t.emu.admin.clearRequests();
    const upLog = new EngineLog(log);
    const up = await t.stack.up({ ...upLog.capture() });
    expect(warnings(upLog).join("\n")).toMatch(
      new RegExp(`adoptExisting: took over the existing job definition "shared-scoring" \\(id ${existingId}, `),
    );
    expect(up.summary.resourceChanges).toEqual({ create: 1, same: 1 });
    expect(up.outputs.scoringId.value).toBe(existingId);
    const requests = (await t.emu.admin.requests()).map((r) => `${r.method} ${r.path}`);
    expect(requests).toEqual([
      expect.stringMatching(/^GET \/batchPredictionJobDefinitions\/$/), // check: what will be adopted
      expect.stringMatching(/^GET \/batchPredictionJobDefinitions\/$/), // create: look up again, then update
      `PATCH /batchPredictionJobDefinitions/${existingId}/`,
    ]);
    const [stored] = await t.emu.admin.definitions();
    expect((stored.batchPredictionJob as { intakeSettings: unknown }).intakeSettings).toEqual({
      type: "s3",
      url: "s3://scoring/in.csv",
      credentialId: SEED.credentialId,
    });
    const again = new EngineLog(log);
    await t.stack.up({ expectNoChanges: true, ...again.capture() });
    expect(warnings(again).join("\n")).not.toMatch(/adoptExisting/); // said once, by the up that adopted it
    // Destroying the adopting stack leaves the definition in DataRobot (it was not created here).
    await t.emu.admin.clearRequests();
    await t.stack.destroy({ ...log.capture() });
    expect((await t.emu.admin.requests()).filter((r) => r.method === "DELETE")).toEqual([]);
    expect((await t.emu.admin.definitions()).map((d) => d.id)).toEqual([existingId]);
    expectNoSecrets(log.text(), [API_TOKEN, PREDICTION_API_KEY]);
  });
});
