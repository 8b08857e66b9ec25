/**
 * Bad input through the real engine: an invalid definition fails preview naming the resource and the property path,
 * before any API request; so does every case of the hostile-input corpus (tests/unit/hostile), with
 * no crash, no request and no echo of a secret or a huge value. A name taken by a definition the stack does not own
 * fails with a clear message; `adoptExisting` takes it over instead, says which one in the preview and the `up`,
 * and `destroy` leaves it in DataRobot.
 */
import { randomBytes } from "node:crypto";
import { startEmulator, SEED, type RunningEmulator } from "../../emulator";
import { DataRobotClient } from "../../provider/client";
import { emulatorConfig } from "./helpers/constants";
import { EngineLog, expectNoSecrets } from "./helpers/engine-log";
import { definitionsProgram, type DeclaredDefinition } from "./helpers/program";
import { createInlineStack, type TestStack } from "./helpers/stack";
import { hostileCases, withHostile } from "../unit/hostile/corpus";

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

describe("hostile inputs (the whole unit corpus)", () => {
  // The whole corpus (tests/unit/hostile/fixtures/hostile-inputs.json), each case a preview through the real engine.
  const cases = hostileCases();
  const SUBSET = cases.map((c) => c.id);
  const base = {
    name: "hostile-scoring",
    deploymentId: SEED.deploymentId,
    intakeSettings: { type: "s3", url: "s3://scoring/in.csv", credentialId: SEED.credentialId },
    predictionInstance: { hostName: "pred.example.com", apiKey: PREDICTION_API_KEY },
  };

  it("covers at least 60 hostile inputs", () => expect(cases.length).toBeGreaterThanOrEqual(60));

  it.each(SUBSET)("%s: preview fails naming the property, 0 requests, no echo", async (id) => {
    const hostile = cases.find((c) => c.id === id)!;
    declared = [{ resource: "hostile", args: withHostile(base, hostile.inputs) }];
    await emu.admin.clearRequests();
    const caseLog = new EngineLog(log);
    const failure = await t.stack.preview({ ...caseLog.capture() }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toBeDefined();
    const escaped = hostile.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(failure).toMatch(
      hostile.path === "" ? /the definition is \d+ bytes of JSON/ : new RegExp(`${escaped}(: |\\.|\\[)`),
    );
    expect(failure).not.toMatch(/panic|TypeError|RangeError|Maximum call stack/);
    expect(failure!.length).toBeLessThan(20_000); // neither a 2 MB name nor a 5000-deep object is echoed
    expect(caseLog.text().length).toBeLessThan(40_000);
    expectNoSecrets(failure!, [API_TOKEN, PREDICTION_API_KEY, ...(hostile.mustNotEcho ?? [])]);
    expectNoSecrets(caseLog.everything(), [API_TOKEN, PREDICTION_API_KEY, ...(hostile.mustNotEcho ?? [])]);
    expect(await emu.admin.requests()).toEqual([]);
  });
});

/** The warnings the engine shows (not the SDK's debug diagnostics, which echo every RPC). */
const warnings = (engineLog: EngineLog) =>
  engineLog.events.flatMap((e) => (e.diagnosticEvent?.severity === "warning" ? [e.diagnosticEvent.message] : []));

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
          `\\(id ${existingId}, created by owner@example\\.com on [^)]+, never run\\)\\. Names are unique per organization\\. ` +
          "Choose another `name`, or set " +
          "`adoptExisting: true`",
      ),
    );
    expect(await emu.admin.definitions()).toHaveLength(1);
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
    await emu.admin.clearRequests();
    const upLog = new EngineLog(log);
    const up = await t.stack.up({ ...upLog.capture() });
    expect(warnings(upLog).join("\n")).toMatch(
      new RegExp(`adoptExisting: took over the existing job definition "shared-scoring" \\(id ${existingId}, `),
    );
    expect(up.summary.resourceChanges).toEqual({ create: 1, same: 1 });
    expect(up.outputs.scoringId.value).toBe(existingId);
    const requests = (await emu.admin.requests()).map((r) => `${r.method} ${r.path}`);
    expect(requests).toEqual([
      expect.stringMatching(/^GET \/batchPredictionJobDefinitions\/$/), // check: what will be adopted
      expect.stringMatching(/^GET \/batchPredictionJobDefinitions\/$/), // create: look up again, then update
      `PATCH /batchPredictionJobDefinitions/${existingId}/`,
    ]);
    const [stored] = await emu.admin.definitions();
    expect((stored.batchPredictionJob as { intakeSettings: unknown }).intakeSettings).toEqual({
      type: "s3",
      url: "s3://scoring/in.csv",
      credentialId: SEED.credentialId,
    });
    const again = new EngineLog(log);
    await t.stack.up({ expectNoChanges: true, ...again.capture() });
    expect(warnings(again).join("\n")).not.toMatch(/adoptExisting/); // said once, by the up that adopted it
    // Destroying the adopting stack leaves the definition in DataRobot (it was not created here).
    await emu.admin.clearRequests();
    await t.stack.destroy({ ...log.capture() });
    expect((await emu.admin.requests()).filter((r) => r.method === "DELETE")).toEqual([]);
    expect((await emu.admin.definitions()).map((d) => d.id)).toEqual([existingId]);
    expectNoSecrets(log.text(), [API_TOKEN, PREDICTION_API_KEY]);
  });
});
