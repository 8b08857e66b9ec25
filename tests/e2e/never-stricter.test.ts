/**
 * Never stricter than DataRobot, through the real engine: what DataRobot's own examples and docs use deploys
 * (`chunkSize: 10`, a monitoring definition), a field this package does not know is sent as written with a warning in
 * the preview, and a typo of a known field still fails the preview with its "did you mean", before any request.
 */
import { randomBytes } from "node:crypto";
import { SEED } from "../../emulator";
import { useEmulatorStack } from "./helpers/emulator-stack";
import { EngineLog } from "./helpers/engine-log";
import { definitionsProgram, type DeclaredDefinition } from "./helpers/program";

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
  // A server that keeps fields it does not know, as DataRobot might for one it added after this release.
  emulator: { unknownFields: "keep" },
  destroyAfterAll: true,
});

describe("never stricter than DataRobot", () => {
  it("a typo of a known field fails the preview with 'did you mean', before any request", async () => {
    declared = [{ resource: "typo", args: { ...base("typo"), includePredictionStatuss: true } }];
    await t.emu.admin.clearRequests();
    const failure = await t.stack.preview().then(
      () => "no error",
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/includePredictionStatuss: unknown field .*Did you mean "includePredictionStatus"\?/);
    expect(await t.emu.admin.requests()).toEqual([]);
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
});
