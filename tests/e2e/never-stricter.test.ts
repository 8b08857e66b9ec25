/**
 * Never stricter than DataRobot, through the real engine: what DataRobot's own examples and docs use deploys
 * (`chunkSize: 10`, a monitoring definition), a field this package does not know is sent as written with a warning in
 * the preview (a likely typo with its "did you mean"), and an adapter type this package does not know goes through
 * create, a no-op preview, a change, refresh and destroy, against the emulator's lenient defaults.
 */
import { randomBytes } from "node:crypto";
import { SEED } from "../../emulator";
import { type DeclaredDefinition, definitionsProgram, EngineLog, useEmulatorStack } from "./helpers";

jest.setTimeout(120_000);

let declared: DeclaredDefinition[] = [];
const suffix = randomBytes(3).toString("hex");

const base = (name: string) => ({
  name: `${name}-${suffix}`,
  deploymentId: SEED.deploymentId,
  intakeSettings: { type: "s3", url: "s3://scoring/in.csv", credentialId: SEED.credentialId },
  outputSettings: { type: "s3", url: "s3://scoring/out.csv", credentialId: SEED.credentialId },
});

const DEFINITIONS: DeclaredDefinition[] = [
  { resource: "small-chunks", args: { ...base("small-chunks"), chunkSize: 10 } },
  {
    resource: "monitoring",
    args: {
      ...base("monitoring"),
      batchJobType: "monitoring",
      monitoringBatchPrefix: "nightly",
      monitoringAggregation: { retentionPolicy: "samples", retentionValue: 1000 },
      monitoringColumns: { predictionsColumns: "score", associationIdColumn: "id", actualsValueColumn: "label" },
      monitoringOutputSettings: { uniqueRowIdentifierColumns: ["id"], monitoredStatusColumn: "monitored" },
    },
  },
  { resource: "newer-field", args: { ...base("newer-field"), quantumScoringMode: "fast" } },
];

async function stored(name: string): Promise<Record<string, unknown>> {
  const found = (await t.emu.admin.definitions()).find((d) => d.name === name);
  if (!found) throw new Error(`${name} is not on the emulator`);
  return found.batchPredictionJob as Record<string, unknown>;
}

const t = useEmulatorStack({
  projectName: "never-stricter",
  program: definitionsProgram(() => declared),
  // The emulator's defaults: it keeps fields and adapter types it does not know, as DataRobot does for one it added
  // after this release.
  destroyAfterAll: true,
});

describe("never stricter than DataRobot", () => {
  it("a likely typo of a known field is previewed with a warning and its 'did you mean', never blocked", async () => {
    declared = [{ resource: "typo", args: { ...base("typo"), includePredictionStatuss: true } }];
    const log = new EngineLog();
    const preview = await t.stack.preview({ ...log.capture() });
    expect(preview.changeSummary).toMatchObject({ create: 2 });
    const warnings = log.events
      .filter((e) => e.diagnosticEvent?.severity === "warning")
      .map((e) => e.diagnosticEvent!.message);
    expect(warnings).toEqual([
      expect.stringMatching(
        /includePredictionStatuss: unknown field, sent to DataRobot as written — did you mean "includePredictionStatus"\?/,
      ),
    ]);
  });

  it("preview warns about the field this package does not know, and nothing else", async () => {
    declared = DEFINITIONS;
    const log = new EngineLog();
    const preview = await t.stack.preview({ ...log.capture() });
    expect(preview.changeSummary).toMatchObject({ create: 4 }); // 3 definitions and the stack
    const warnings = log.events
      .filter((e) => e.diagnosticEvent?.severity === "warning")
      .map((e) => `${e.diagnosticEvent!.urn?.split("::").pop()}: ${e.diagnosticEvent!.message.trim()}`);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^newer-field: quantumScoringMode: not a field this package knows — it is sent to DataRobot as written/,
      ),
    ]);
  });

  it("up deploys chunkSize 10, a monitoring definition and the newer field, sent as written", async () => {
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 4 });
    expect((await stored(`small-chunks-${suffix}`)).chunkSize).toBe(10);
    expect(await stored(`monitoring-${suffix}`)).toMatchObject({
      batchJobType: "monitoring",
      monitoringAggregation: { retentionPolicy: "samples", retentionValue: 1000 },
      monitoringColumns: { predictionsColumns: "score", associationIdColumn: "id", actualsValueColumn: "label" },
    });
    expect((await stored(`newer-field-${suffix}`)).quantumScoringMode).toBe("fast");
    await t.stack.up({ expectNoChanges: true });
    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: 4 });
  });

  it("an adapter type this package does not know: create, no-op preview, change, refresh and destroy", async () => {
    // DataRobot documents adapters as it adds them (its intake-options page lists "Wrangler Recipe (preview)" without
    // its type): this package sends an unknown type as written, stores it and diffs it like any field.
    const recipe = (recipeId: string) => ({
      ...base("recipe"),
      intakeSettings: { type: "wranglerRecipe", recipeId, dataStoreId: SEED.dataStoreId },
      // A field this package does not model yet, written from TypeScript through the typed escape.
      unmodelledFields: { explanationsMode: "pii-safe" },
    });
    declared = [{ resource: "recipe", args: recipe("r-1") }];
    const log = new EngineLog();
    await t.emu.admin.clearRequests();
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    const warnings = log.events
      .filter((e) => e.diagnosticEvent?.severity === "warning")
      .map((e) => e.diagnosticEvent!.message);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('intakeSettings.type: "wranglerRecipe" is not an intake type this package knows'),
        expect.stringContaining("explanationsMode: not a field this package knows"),
      ]),
    );
    // What reached DataRobot: the type, its keys and the unmodelled field, as written.
    const posts = (await t.emu.admin.requests()).filter((r) => r.method === "POST");
    expect(posts.map((r) => r.body)).toEqual([
      expect.objectContaining({
        intakeSettings: { type: "wranglerRecipe", recipeId: "r-1", dataStoreId: SEED.dataStoreId },
        explanationsMode: "pii-safe",
      }),
    ]);
    expect(await stored(`recipe-${suffix}`)).toMatchObject({
      intakeSettings: { type: "wranglerRecipe", recipeId: "r-1" },
      explanationsMode: "pii-safe",
    });

    // Echoed back as sent: no drift.
    await t.emu.admin.clearRequests();
    const noop = await t.stack.preview({ expectNoChanges: true });
    expect(noop.changeSummary).toMatchObject({ same: 2 });
    expect((await t.emu.admin.requests()).filter((r) => r.method !== "GET")).toEqual([]);

    // A change inside the unknown adapter is a change like any other: one PATCH with the new value.
    declared = [{ resource: "recipe", args: recipe("r-2") }];
    await t.emu.admin.clearRequests();
    const changed = await t.stack.up();
    expect(changed.summary.resourceChanges).toMatchObject({ update: 1 });
    const patches = (await t.emu.admin.requests()).filter((r) => r.method === "PATCH");
    expect(patches).toHaveLength(1);
    expect(patches[0].body).toMatchObject({ intakeSettings: { type: "wranglerRecipe", recipeId: "r-2" } });
    await t.stack.up({ expectNoChanges: true });

    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ same: 2 });

    await t.emu.admin.clearRequests();
    const destroyed = await t.stack.destroy();
    expect(destroyed.summary.resourceChanges).toMatchObject({ delete: 2 });
    expect((await t.emu.admin.requests()).filter((r) => r.method === "DELETE")).toHaveLength(1);
    expect((await t.emu.admin.definitions()).filter((d) => d.name === `recipe-${suffix}`)).toEqual([]);
  });
});
