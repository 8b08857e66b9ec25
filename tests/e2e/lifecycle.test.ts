/**
 * The life of a stack through the real engine, as users meet it in pull requests and pipelines: preview, up, a no-op
 * up, readable reviews of nested changes, drift found by refresh and repaired by up, and destroy. One stack declares
 * a definition for every intake and every output adapter type. Every line the engine printed and the exported state
 * are scanned for the API token and the prediction instance's apiKey at the end.
 */
import { jobSpecOf, writtenFromInputs } from "../../provider/model";
import {
  adapterDefinitionArgs,
  type DeclaredDefinition,
  definitionsProgram,
  EngineLog,
  expectNoSecrets,
  expectSecretsOnlyInDebugTraces,
  expectTextSnapshot,
  filesText,
  freshApiToken,
  freshPredictionApiKey,
  INTAKES,
  OUTPUTS,
  SECRET_SIG,
  TYPE_TOKEN,
  useEmulatorStack,
} from "./helpers";

jest.setTimeout(120_000);

const API_TOKEN = freshApiToken();
const PREDICTION_API_KEY = freshPredictionApiKey();

const log = new EngineLog();

/** def00 … def13: intake i, output i mod 12; def00 also carries a prediction instance with an API key. */
const declared: DeclaredDefinition[] = INTAKES.map((_, i) => ({
  resource: `def${String(i).padStart(2, "0")}`,
  args: adapterDefinitionArgs(i, "life"),
}));
declared[0].args.predictionInstance = { hostName: "pred.example.com", sslEnabled: true, apiKey: PREDICTION_API_KEY };
const RESOURCES = declared.length + 1; // + the stack

/** The resource whose intake is s3 (intakeSettings.url changes), one with a schedule, one with a jdbc output. */
const S3 = "def01";
const SCHEDULED = "def02";
const JDBC_OUT = "def05";

function args(resource: string): Record<string, unknown> {
  return declared.find((d) => d.resource === resource)!.args;
}

function setArgs(resource: string, change: (old: Record<string, unknown>) => Record<string, unknown>): void {
  const entry = declared.find((d) => d.resource === resource)!;
  entry.args = change(entry.args);
}

async function definitionsByName(): Promise<Map<string, Record<string, unknown>>> {
  return new Map((await t.emu.admin.definitions()).map((d) => [String(d.name), d]));
}

/** The written job spec of a declared definition: what any job-spec change PATCHes (the whole spec, no defaults). */
function jobSpecWritten(name: string): Record<string, unknown> {
  return jobSpecOf(writtenFromInputs(args(name)));
}

async function apiRequests(): Promise<{ method: string; path: string; body: unknown }[]> {
  return (await t.emu.admin.requests()).map(({ method, path, body }) => ({ method, path, body }));
}

/**
 * Everything printed and every engine event is free of both secrets, with one documented exception (see
 * docs/engine-notes.md): the Node SDK's own debug diagnostics "RegisterResource RPC finished: ... resp: <protobuf>"
 * print the engine's response, secret values included. They are debug-level (hidden by the CLI unless --debug).
 */
function expectNoSecretsInEngineOutput(engineLog: EngineLog): void {
  expectNoSecrets(engineLog.text(), [API_TOKEN, PREDICTION_API_KEY]);
  expectNoSecrets(JSON.stringify(engineLog.events), [API_TOKEN]);
  expectSecretsOnlyInDebugTraces(engineLog.events, [PREDICTION_API_KEY]);
}

const t = useEmulatorStack({
  projectName: "lifecycle",
  program: definitionsProgram(() => declared),
  emulator: { token: API_TOKEN },
});

describe("lifecycle of a stack covering every intake and output adapter", () => {
  it("covers every adapter type of docs/datarobot-api.md", () => {
    const intakes = new Set(declared.map((d) => (d.args.intakeSettings as { type: string }).type));
    const outputs = new Set(declared.map((d) => (d.args.outputSettings as { type: string }).type));
    expect(intakes.size).toBe(14);
    expect(outputs.size).toBe(12);
    expect(OUTPUTS).toHaveLength(12);
  });

  it("preview shows a create of every definition and sends nothing to the API", async () => {
    const preview = await t.stack.preview({ ...log.capture() });
    expect(preview.changeSummary).toEqual({ create: RESOURCES });
    expect(await apiRequests()).toEqual([]);
  });

  it("up creates every definition (one POST each) and exports ids and names", async () => {
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ create: RESOURCES });
    const requests = await apiRequests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      declared.map(() => "POST /batchPredictionJobDefinitions/"),
    );
    const stored = await definitionsByName();
    expect(stored.size).toBe(declared.length);
    for (const { resource, args: a } of declared) {
      const definition = stored.get(String(a.name));
      expect(definition).toBeDefined();
      expect(up.outputs[`${resource}Id`].value).toBe(definition!.id);
      expect(up.outputs[`${resource}Name`].value).toBe(a.name);
      expect((definition!.batchPredictionJob as Record<string, unknown>).intakeSettings).toMatchObject(
        a.intakeSettings as object,
      );
    }
    // The prediction instance's key really reached DataRobot (it is write-only there), so its absence from state
    // and logs checked below is meaningful. The emulator's request log shows it redacted, as a client's log would.
    const withKey = requests.find((r) => (r.body as { name?: string }).name === declared[0].args.name)!;
    expect((withKey.body as { predictionInstance: unknown }).predictionInstance).toEqual({
      hostName: "pred.example.com",
      sslEnabled: true,
      apiKey: "[secret]",
    });
    // Names in the schedule were sent as numbers (canonical form).
    expect(stored.get(String(args(SCHEDULED).name))!.schedule).toEqual({
      minute: [15],
      hour: [4],
      dayOfMonth: ["*"],
      month: ["*"],
      dayOfWeek: [1, 3, 5],
    });
  });

  it("a second up reports no changes (expectNoChanges) and sends nothing but nothing", async () => {
    await t.emu.admin.clearRequests();
    const again = await t.stack.up({ expectNoChanges: true, ...log.capture() });
    expect(again.summary.resourceChanges).toEqual({ same: RESOURCES });
    expect(await apiRequests()).toEqual([]);
  });

  it("a changed intakeSettings.url previews as an update of exactly that resource, with the nested path", async () => {
    setArgs(S3, (old) => ({
      ...old,
      intakeSettings: { ...(old.intakeSettings as object), url: "s3://scoring/in/2024/data.csv" },
    }));
    const review = new EngineLog(log);
    const preview = await t.stack.preview({ diff: true, ...review.capture() });
    expect(preview.changeSummary).toEqual({ same: RESOURCES - 1, update: 1 });
    // What the pull request shows: the field path and both values, nothing about other fields.
    expect(preview.stdout).toContain(`BatchPredictionJobDefinition::${S3}]`);
    expect(preview.stdout).toMatch(
      /~ intakeSettings: \{\s*\n\s*~ url: "s3:\/\/scoring\/in\/data\.csv" => "s3:\/\/scoring\/in\/2024\/data\.csv"\s*\n\s*\}/,
    );
    expect(preview.stdout).not.toMatch(/~ (schedule|outputSettings|__provider)/);
    expectTextSnapshot("preview-diff.txt", preview.stdout);
    // What the Automation API reports.
    const events = review.preEvents(TYPE_TOKEN);
    const updates = [...events].filter(([, m]) => m.op === "update").map(([name]) => name);
    expect(updates).toEqual([S3]);
    const metadata = events.get(S3)!;
    expect(metadata.diffs).toEqual(["intakeSettings"]);
    expect(metadata.detailedDiff).toEqual({ "intakeSettings.url": { diffKind: "update", inputDiff: true } });
  });

  it("up sends one PATCH with the whole written job spec (as DataRobot's own clients do)", async () => {
    await t.emu.admin.clearRequests();
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toEqual({ same: RESOURCES - 1, update: 1 });
    const requests = await apiRequests();
    expect(requests).toEqual([
      {
        method: "PATCH",
        path: `/batchPredictionJobDefinitions/${up.outputs[`${S3}Id`].value}/`,
        body: jobSpecWritten(S3),
      },
    ]);
  });

  it("one changed schedule hour is reviewed as schedule.hour[0] and PATCHes only enabled and the schedule", async () => {
    setArgs(SCHEDULED, (old) => ({ ...old, schedule: { ...(old.schedule as object), hour: [23] } }));
    const review = new EngineLog(log);
    const preview = await t.stack.preview({ diff: true, ...review.capture() });
    expect(preview.changeSummary).toEqual({ same: RESOURCES - 1, update: 1 });
    expect(preview.stdout).toMatch(/~ schedule: \{\s*\n\s*~ hour: \[\s*\n\s*~ \[0\]: 4 => 23\s*\n\s*\]\s*\n\s*\}/);
    const metadata = review.preEvents(TYPE_TOKEN).get(SCHEDULED)!;
    expect(metadata.op).toBe("update");
    expect(metadata.diffs).toEqual(["schedule"]);
    expect(metadata.detailedDiff).toEqual({ "schedule.hour[0]": { diffKind: "update", inputDiff: true } });

    await t.emu.admin.clearRequests();
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toEqual({ same: RESOURCES - 1, update: 1 });
    const requests = await apiRequests();
    expect(requests).toHaveLength(1);
    expect(requests[0].method).toBe("PATCH");
    expect(requests[0].body).toEqual({
      enabled: true,
      schedule: { minute: [15], hour: [23], dayOfMonth: ["*"], month: ["*"], dayOfWeek: [1, 3, 5] },
    });
  });

  it("refresh reports out-of-band edits (schedule, output table) with the changed fields, and up restores them", async () => {
    const stored = await definitionsByName();
    const scheduled = stored.get(String(args(SCHEDULED).name))!;
    const jdbc = stored.get(String(args(JDBC_OUT).name))!;
    await t.emu.admin.editDefinition(String(scheduled.id), {
      schedule: { minute: [0], hour: [6], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
    });
    await t.emu.admin.editDefinition(String(jdbc.id), {
      outputSettings: { ...(args(JDBC_OUT).outputSettings as object), table: "scores_by_hand" },
    });

    const drift = new EngineLog(log);
    await t.emu.admin.clearRequests();
    const refresh = await t.stack.refresh({ ...drift.capture() });
    expect(refresh.summary.resourceChanges).toEqual({ same: RESOURCES - 2, update: 2 });
    // One GET per definition, nothing else: refresh reads DataRobot's truth once and never writes.
    const reads = await apiRequests();
    expect(reads.map((r) => r.method)).toEqual(Array(RESOURCES - 1).fill("GET"));
    expect(new Set(reads.map((r) => r.path)).size).toBe(RESOURCES - 1);
    expect(refresh.stdout).toMatch(new RegExp(`${SCHEDULED} updated .*\\[diff: ~schedule\\]`));
    expect(refresh.stdout).toMatch(new RegExp(`${JDBC_OUT} updated .*\\[diff: ~outputSettings\\]`));

    // State now holds what DataRobot has; the program still declares the old values: up PATCHes them back.
    await t.emu.admin.clearRequests();
    const preview = await t.stack.preview({ diff: true, ...log.capture() });
    expect(preview.changeSummary).toEqual({ same: RESOURCES - 2, update: 2 });
    expect(preview.stdout).toMatch(/~ table: "scores_by_hand" => "scores"/);
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toEqual({ same: RESOURCES - 2, update: 2 });
    const patches = (await apiRequests()).filter((r) => r.method === "PATCH");
    expect(patches.map((p) => [p.path, Object.keys(p.body as object)]).sort()).toEqual(
      [
        [`/batchPredictionJobDefinitions/${scheduled.id}/`, ["enabled", "schedule"]],
        [`/batchPredictionJobDefinitions/${jdbc.id}/`, Object.keys(jobSpecWritten(JDBC_OUT))],
      ].sort(),
    );
    const restored = await definitionsByName();
    expect(restored.get(String(args(SCHEDULED).name))!.schedule).toMatchObject({ hour: [23], minute: [15] });
    expect(
      (restored.get(String(args(JDBC_OUT).name))!.batchPredictionJob as { outputSettings: { table: string } })
        .outputSettings.table,
    ).toBe("scores");
    await t.stack.up({ expectNoChanges: true, ...log.capture() });
  });

  it("a definition deleted out of band disappears on refresh and is recreated by up", async () => {
    const victim = declared[3];
    const before = (await definitionsByName()).get(String(victim.args.name))!;
    await t.emu.admin.deleteDefinition(String(before.id));

    const refresh = await t.stack.refresh({ ...log.capture() });
    expect(refresh.summary.resourceChanges).toEqual({ same: RESOURCES - 1, delete: 1 });
    const state = await t.stack.exportStack();
    const urns = (state.deployment.resources as { urn: string }[]).map((r) => r.urn);
    expect(urns.some((urn) => urn.endsWith(`::${victim.resource}`))).toBe(false);

    await t.emu.admin.clearRequests();
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toEqual({ same: RESOURCES - 1, create: 1 });
    expect((await apiRequests()).map((r) => r.method)).toEqual(["POST"]);
    const recreated = (await definitionsByName()).get(String(victim.args.name))!;
    expect(recreated.id).not.toBe(before.id);
    expect(up.outputs[`${victim.resource}Id`].value).toBe(recreated.id);
  });

  it("keeps the API token and the prediction apiKey out of state and out of every line the engine printed", async () => {
    // On disk: state (with its history and backups) and the stack config file.
    const onDisk = filesText(t.workDir);
    expect(onDisk).toContain(String(declared[0].args.name)); // the state is really there
    expectNoSecrets(onDisk, [API_TOKEN, PREDICTION_API_KEY]);
    // The Automation API's export runs `pulumi stack export --show-secrets`: secrets are marked, hence the check of
    // the secret markers rather than of plain text here.
    const state = await t.stack.exportStack();
    // After refreshes, the apiKey is still encrypted in both inputs and outputs (the rest of predictionInstance is not).
    const resource = (
      state.deployment.resources as {
        urn: string;
        inputs: Record<string, Record<string, unknown>>;
        outputs: Record<string, Record<string, unknown>>;
      }[]
    ).find((r) => r.urn.endsWith("::def00"))!;
    expect(resource.inputs.predictionInstance.apiKey).toHaveProperty(SECRET_SIG);
    expect(resource.outputs.predictionInstance.apiKey).toHaveProperty(SECRET_SIG);
    expect(resource.outputs.predictionInstance.hostName).toBe("pred.example.com");
    expect(log.chunks.length).toBeGreaterThan(10);
    expectNoSecretsInEngineOutput(log);
  });

  it("destroy deletes every definition and leaves the emulator empty", async () => {
    const destroy = await t.stack.destroy({ ...log.capture() });
    expect(destroy.summary.resourceChanges).toEqual({ delete: RESOURCES });
    expect(await t.emu.admin.definitions()).toEqual([]);
    expectNoSecretsInEngineOutput(log);
  });
});
