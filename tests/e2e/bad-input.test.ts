/**
 * Bad input through the real engine: an invalid definition fails preview naming the resource and the property path,
 * before any API request; a name taken by a definition the stack does not own fails with a clear message, and
 * `adoptExisting` takes it over instead.
 */
import { randomBytes } from "node:crypto";
import { startEmulator, SEED, type RunningEmulator } from "../../emulator";
import { DataRobotClient } from "../../provider/client";
import { emulatorConfig } from "./helpers/constants";
import { EngineLog, expectNoSecrets } from "./helpers/engine-log";
import { definitionsProgram, type DeclaredDefinition } from "./helpers/program";
import { createInlineStack, type TestStack } from "./helpers/stack";

jest.setTimeout(120_000);

const API_TOKEN = `e2e-token-${randomBytes(8).toString("hex")}`;
const PREDICTION_API_KEY = `pi-apikey-${randomBytes(8).toString("hex")}`;

let emu: RunningEmulator;
let t: TestStack;
let declared: DeclaredDefinition[] = [];
const log = new EngineLog();

beforeAll(async () => {
  emu = await startEmulator({ token: API_TOKEN });
  t = await createInlineStack({
    projectName: "bad-input",
    program: definitionsProgram(() => declared),
    config: emulatorConfig(emu),
  });
});

afterAll(async () => {
  await t?.cleanup();
  await emu?.close();
});

describe("invalid definitions", () => {
  it("fail preview with the resource name and each property path, and send zero requests", async () => {
    declared = [
      {
        resource: "broken-scoring",
        args: {
          name: "broken-scoring",
          deploymentId: SEED.deploymentId,
          intakeSettings: { type: "s3" }, // url missing
          schedule: { minute: [0], hour: [2, 25], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
          enabled: true,
          predictionInstance: { hostName: "pred.example.com", apiKey: PREDICTION_API_KEY },
        },
      },
    ];
    const failure = await t.stack.preview({ ...log.capture() }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toBeDefined();
    expect(failure).toMatch(/BatchPredictionJobDefinition resource 'broken-scoring'/);
    expect(failure).toMatch(/intakeSettings\.url: /);
    expect(failure).toMatch(/schedule\.hour\[1\]: /);
    expect(await emu.admin.requests()).toEqual([]);
    // The check failure echoes no secret: neither the error nor anything printed holds the key or the token.
    expectNoSecrets(failure!, [API_TOKEN, PREDICTION_API_KEY]);
    expectNoSecrets(log.text(), [API_TOKEN, PREDICTION_API_KEY]);
    const diagnostics = log.diagnostics().join("\n");
    expect(diagnostics).toMatch(/intakeSettings\.url/);
  });
});

describe("a name taken by a definition the stack does not own", () => {
  let existingId: string;

  beforeAll(async () => {
    // Created elsewhere (the UI, another stack): same name, different settings.
    const client = new DataRobotClient({ endpoint: emu.url, token: emu.token });
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
    await emu.admin.clearRequests();
  });

  it("fails up with a message naming the definition and the way out", async () => {
    const failure = await t.stack.up({ ...log.capture() }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(
      new RegExp(
        `A batch prediction job definition named "shared-scoring" already exists in this DataRobot organization ` +
          `\\(id ${existingId}\\)\\. Names are unique per organization\\. Choose another \`name\`, or set ` +
          "`adoptExisting: true`",
      ),
    );
    expect(await emu.admin.definitions()).toHaveLength(1);
  });

  it("succeeds with adoptExisting: the existing definition is updated (no POST) and managed from then on", async () => {
    declared[0].args.adoptExisting = true;
    await emu.admin.clearRequests();
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toEqual({ create: 1, same: 1 });
    expect(up.outputs.scoringId.value).toBe(existingId);
    const requests = (await emu.admin.requests()).map((r) => `${r.method} ${r.path}`);
    expect(requests).toEqual([
      expect.stringMatching(/^GET \/batchPredictionJobDefinitions\/$/),
      `PATCH /batchPredictionJobDefinitions/${existingId}/`,
    ]);
    const [stored] = await emu.admin.definitions();
    expect((stored.batchPredictionJob as { intakeSettings: unknown }).intakeSettings).toEqual({
      type: "s3",
      url: "s3://scoring/in.csv",
      credentialId: SEED.credentialId,
    });
    await t.stack.up({ expectNoChanges: true, ...log.capture() });
    await t.stack.destroy({ ...log.capture() });
    expect(await emu.admin.definitions()).toEqual([]);
    expectNoSecrets(log.text(), [API_TOKEN, PREDICTION_API_KEY]);
  });
});
