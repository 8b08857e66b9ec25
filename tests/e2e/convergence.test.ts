/**
 * The convergence matrix: one scripted lifecycle through the real engine against every plausible server behaviour
 * where DataRobot's real one is unknown (the emulator's server-behaviour options, one changed at a time from the
 * defaults, plus the most hostile combination). After every `up`, each definition is read back from its server and
 * must hold exactly what the program says ("converged"), or the `up` must have failed with a message naming the
 * field ("failed clearly"). A successful `up` whose server disagrees with the program is "silent divergence" and
 * fails the suite.
 *
 * One stack, one definition per behaviour, each on its own emulator (a per-resource `endpoint`), so every step is a
 * single `up` for all behaviours. The matrix is printed at the end; docs/emulator.md lists the same behaviours.
 */
import { randomBytes } from "node:crypto";
import { SEED } from "../../emulator";
import type { EmulatorConfig } from "../../emulator";
import { canonicalize, deepEqual } from "../../provider/model";
import {
  createInlineStack,
  type DeclaredDefinition,
  definitionsProgram,
  EngineLog,
  type TestStack,
  TYPE_TOKEN,
  useEmulators,
} from "./helpers";

jest.setTimeout(240_000);

const TOKEN = `conv-token-${randomBytes(6).toString("hex")}`;

/** Each behaviour: a name for the matrix and the emulator options that produce it. */
const BEHAVIOURS: { name: string; config: Partial<EmulatorConfig> & Record<string, unknown> }[] = [
  { name: "defaults (merge, null clears, no echoes, 409, unknown keys kept)", config: {} },
  { name: "patchSemantics: replace-spec", config: { patchSemantics: "replace-spec" } },
  { name: "patchSemantics: fill-defaults", config: { patchSemantics: "fill-defaults" } },
  { name: "nullInWrite: reject (422)", config: { nullInWrite: "reject" } },
  { name: "nullInWrite: ignore", config: { nullInWrite: "ignore" } },
  { name: "serverFilledFields: documented", config: { serverFilledFields: "documented" } },
  { name: "duplicateNameStatus: 422", config: { duplicateNameStatus: 422 } },
  { name: "unknownFields: reject (422)", config: { unknownFields: "reject" } },
  { name: "unknownFields: ignore (dropped)", config: { unknownFields: "ignore" } },
  { name: "unknownFields: keep (echoed)", config: { unknownFields: "keep" as never } },
  {
    name: "most hostile: fill-defaults + null 422 + echoes + 422 names + unknown kept",
    config: {
      patchSemantics: "fill-defaults",
      nullInWrite: "reject",
      serverFilledFields: "documented",
      duplicateNameStatus: 422,
      unknownFields: "keep" as never,
    },
  },
];

type Outcome = "converged" | "failed clearly" | "SILENT DIVERGENCE" | "failed unclearly";

let t: TestStack;
const declared: DeclaredDefinition[] = [];
const matrix = new Map<string, Map<string, Outcome>>(); // step → behaviour → outcome
const log = new EngineLog();

const schedule = (hour: number) => ({ minute: [0], hour: [hour], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] });

function initialArgs(i: number): Record<string, unknown> {
  return {
    name: `converge-${i}-${randomBytes(3).toString("hex")}`,
    endpoint: emulators[i].url,
    deploymentId: SEED.deploymentId,
    enabled: true,
    schedule: schedule(2),
    intakeSettings: { type: "s3", url: "s3://converge/in.csv", credentialId: SEED.credentialId },
    outputSettings: {
      type: "s3",
      url: "s3://converge/out/",
      partitionColumns: ["day"],
      credentialId: SEED.credentialId,
    },
    // Non-default values a server filling update defaults would reset, and an optional field removed later.
    includePredictionStatus: true,
    abortOnError: false,
    maxExplanations: 3,
    thresholdHigh: 0.8,
  };
}

/** The fields the program writes, compared with what the server holds; the server's own extra fields are ignored. */
function serverHoldsProgram(
  stored: Record<string, unknown>,
  args: Record<string, unknown>,
  removed: string[],
): string[] {
  const spec = (stored.batchPredictionJob ?? {}) as Record<string, unknown>;
  const flat: Record<string, unknown> = {
    ...spec,
    name: stored.name,
    enabled: stored.enabled,
    schedule: stored.schedule,
  };
  const held = canonicalize(flat) as unknown as Record<string, unknown>;
  const { endpoint: _endpoint, ...payload } = args;
  const wanted = canonicalize(payload) as unknown as Record<string, unknown>;
  const wrong: string[] = [];
  for (const field of Object.keys(payload)) {
    const a = wanted[field];
    const b = held[field];
    // Nested objects: only the keys the program writes (a server may add its own, e.g. an adapter's format).
    const heldPart =
      a && b && typeof a === "object" && !Array.isArray(a) && typeof b === "object" && !Array.isArray(b)
        ? Object.fromEntries(Object.keys(a).map((key) => [key, (b as Record<string, unknown>)[key]]))
        : b;
    if (!deepEqual(a, heldPart)) wrong.push(field);
  }
  // A removed field must be gone (absent, null) or back at its default.
  for (const field of removed) if (!deepEqual(held[field], wanted[field])) wrong.push(field);
  return wrong;
}

async function storedDefinition(i: number): Promise<Record<string, unknown> | undefined> {
  const name = declared[i].args.name;
  return (await emulators[i].admin.definitions()).find((d) => d.name === name);
}

/** Runs `up`, then classifies each behaviour's definition and records the row `step` of the matrix. */
async function upAndClassify(step: string, removed: string[] = [], fieldsThatMayFail: string[] = []): Promise<void> {
  const stepLog = new EngineLog(log);
  // A failed resource fails the up (classified below); the others still run, as with `pulumi up --continue-on-error`.
  await t.stack.up({ continueOnError: true, ...stepLog.capture() }).catch(() => undefined);
  const errors = stepLog.events
    .filter((e) => e.diagnosticEvent?.severity === "error" && e.diagnosticEvent.urn)
    .map((e) => ({ resource: e.diagnosticEvent!.urn!.split("::").pop()!, message: e.diagnosticEvent!.message }));
  const row = new Map<string, Outcome>();
  for (let i = 0; i < BEHAVIOURS.length; i++) {
    const errorText = errors
      .filter((e) => e.resource === declared[i].resource)
      .map((e) => e.message)
      .join("\n");
    const stored = await storedDefinition(i);
    const wrong = stored ? serverHoldsProgram(stored, declared[i].args, removed) : ["(definition missing)"];
    let outcome: Outcome;
    if (!errorText) outcome = wrong.length === 0 ? "converged" : "SILENT DIVERGENCE";
    else {
      const named = [...wrong, ...fieldsThatMayFail].some((field) => errorText.includes(field));
      // Clear: names the field, and either says what to do or is DataRobot's own refusal of that field.
      const actionable = /run `pulumi up` again|Write each field|failed with 422 \(/i.test(errorText);
      outcome = named && actionable ? "failed clearly" : "failed unclearly";
    }
    if (outcome === "SILENT DIVERGENCE" || outcome === "failed unclearly") {
      console.error(`${step} / ${BEHAVIOURS[i].name}: ${outcome}; fields ${wrong.join(", ")}\n${errorText}`);
    }
    row.set(BEHAVIOURS[i].name, outcome);
  }
  matrix.set(step, row);
}

function update(change: (args: Record<string, unknown>) => Record<string, unknown>): void {
  for (const d of declared) d.args = change(d.args);
}

async function writeCount(): Promise<number> {
  let n = 0;
  for (const emu of emulators) {
    n += (await emu.admin.requests()).filter((r) => r.method !== "GET").length;
  }
  return n;
}

async function clearLogs(): Promise<void> {
  await Promise.all(emulators.map((emu) => emu.admin.clearRequests()));
}

function printMatrix(): string {
  const names = BEHAVIOURS.map((b) => b.name);
  const steps = [...matrix.keys()];
  const lines = [
    `| server behaviour | ${steps.join(" | ")} |`,
    `|---|${steps.map(() => "---").join("|")}|`,
    ...names.map((name) => `| ${name} | ${steps.map((step) => matrix.get(step)!.get(name)).join(" | ")} |`),
  ];
  return lines.join("\n");
}

/** One emulator per behaviour, in the order of BEHAVIOURS. */
const emulators = useEmulators(
  BEHAVIOURS.map((behaviour) => ({ token: TOKEN, timeScale: 1, config: behaviour.config as Partial<EmulatorConfig> })),
  {
    beforeClose: async () => {
      if (matrix.size > 0) console.log(`Convergence matrix:\n${printMatrix()}`);
      await t?.cleanup();
    },
  },
);

beforeAll(async () => {
  BEHAVIOURS.forEach((_, i) => declared.push({ resource: `b${i}`, args: initialArgs(i) }));
  t = await createInlineStack({
    projectName: "convergence",
    program: definitionsProgram(() => declared),
    config: {
      "datarobot:endpoint": { value: emulators[0].url },
      "datarobot:apiToken": { value: TOKEN, secret: true },
      // Each definition's own emulator is a named connection: the token only goes where the configuration says.
      "datarobot:connections": {
        value: JSON.stringify(Object.fromEntries(emulators.map((emu, i) => [`behaviour${i}`, { endpoint: emu.url }]))),
      },
    },
  });
});

function expectNoSilentDivergence(step: string): void {
  const row = matrix.get(step)!;
  const bad = [...row].filter(([, outcome]) => outcome === "SILENT DIVERGENCE" || outcome === "failed unclearly");
  expect(bad).toEqual([]);
}

/**
 * What a user does after a removal failed clearly, as the error says: clear the field in DataRobot, `pulumi refresh`,
 * `pulumi up`. Recorded as the row `<step> → recover`; every behaviour must converge.
 */
async function recover(step: string, field: string): Promise<void> {
  const failed = matrix.get(step)!;
  for (let i = 0; i < BEHAVIOURS.length; i++) {
    if (failed.get(BEHAVIOURS[i].name) === "converged") continue;
    const stored = await storedDefinition(i);
    await emulators[i].admin.editDefinition(String(stored!.id), { [field]: null });
  }
  await t.stack.refresh({ ...log.capture() });
  await upAndClassify(`${step} → recover`, [field]);
  expectConverged(`${step} → recover`);
}

function expectConverged(step: string, except: string[] = []): void {
  const row = matrix.get(step)!;
  const notConverged = [...row].filter(([name, outcome]) => outcome !== "converged" && !except.includes(name));
  expect(notConverged).toEqual([]);
}

describe("convergence under every plausible server behaviour", () => {
  it("create", async () => {
    await upAndClassify("create");
    expectConverged("create");
  });

  it("refresh right after create reports no changes", async () => {
    const refresh = await t.stack.refresh({ ...log.capture() });
    expect(refresh.summary.resourceChanges).toEqual({ same: BEHAVIOURS.length + 1 });
    await clearLogs();
    const preview = await t.stack.preview({ ...log.capture() });
    expect(preview.changeSummary).toEqual({ same: BEHAVIOURS.length + 1 });
  });

  it("change a scalar (maxExplanations 3 → 5)", async () => {
    update((args) => ({ ...args, maxExplanations: 5 }));
    await upAndClassify("scalar");
    expectConverged("scalar");
  });

  it("change a nested adapter field (intakeSettings.url)", async () => {
    update((args) => ({
      ...args,
      intakeSettings: { ...(args.intakeSettings as object), url: "s3://converge/v2.csv" },
    }));
    await upAndClassify("nested");
    expectConverged("nested");
  });

  it("change the schedule (hour 2 → 5)", async () => {
    update((args) => ({ ...args, schedule: schedule(5) }));
    await upAndClassify("schedule");
    expectConverged("schedule");
  });

  it("remove an optional field (thresholdHigh): converged, or failed naming the field", async () => {
    update(({ thresholdHigh: _removed, ...rest }) => rest);
    await upAndClassify("remove", ["thresholdHigh"], ["thresholdHigh"]);
    expectNoSilentDivergence("remove");
    // Where a PATCH can clear a field (replace-spec, or null accepted), the removal converges.
    const row = matrix.get("remove")!;
    for (const name of [
      "defaults (merge, null clears, no echoes, 409, unknown keys kept)",
      "patchSemantics: replace-spec",
      "patchSemantics: fill-defaults",
      "serverFilledFields: documented",
    ]) {
      expect([name, row.get(name)]).toEqual([name, "converged"]);
    }
  });

  it("recover as the error says (clear it in DataRobot, refresh, up): every behaviour converges", async () => {
    await recover("remove", "thresholdHigh");
  });

  it("add a field this package does not know (sent as written): converged where the server keeps it, else failed naming it", async () => {
    update((args) => ({ ...args, futureScoringOption: "fast" }));
    await upAndClassify("unknown field", [], ["futureScoringOption"]);
    expectNoSilentDivergence("unknown field");
    const row = matrix.get("unknown field")!;
    expect(row.get("unknownFields: keep (echoed)")).toBe("converged");
    expect(row.get("defaults (merge, null clears, no echoes, 409, unknown keys kept)")).toBe("converged");
    expect(row.get("unknownFields: reject (422)")).toBe("failed clearly");
    expect(row.get("unknownFields: ignore (dropped)")).toBe("failed clearly");
  });

  it("remove that field again: converged, or failed naming it and then recovered as the error says", async () => {
    update(({ futureScoringOption: _removed, ...rest }) => rest);
    await upAndClassify("remove unknown", ["futureScoringOption"], ["futureScoringOption"]);
    expectNoSilentDivergence("remove unknown");
    await recover("remove unknown", "futureScoringOption");
  });

  it("a second definition with a taken name fails with 'already exists', whatever the status", async () => {
    const originals = declared.length;
    BEHAVIOURS.forEach((_, i) => {
      declared.push({ resource: `dup${i}`, args: { ...declared[i].args } });
    });
    const stepLog = new EngineLog(log);
    await t.stack.up({ continueOnError: true, ...stepLog.capture() }).catch(() => undefined);
    const row = new Map<string, Outcome>();
    BEHAVIOURS.forEach((b, i) => {
      const message = stepLog.events
        .filter((e) => e.diagnosticEvent?.severity === "error" && e.diagnosticEvent.urn?.endsWith(`::dup${i}`))
        .map((e) => e.diagnosticEvent!.message)
        .join("\n");
      const clear = /already exists.*adoptExisting/s.test(message);
      if (!clear) console.error(`taken name / ${b.name}: ${message}`);
      row.set(b.name, clear ? "failed clearly" : "failed unclearly");
    });
    matrix.set("taken name", row);
    declared.splice(originals);
    expectNoSilentDivergence("taken name");
    for (let i = 0; i < BEHAVIOURS.length; i++) {
      expect((await emulators[i].admin.definitions()).length).toBe(1); // no duplicate was created
    }
  });

  it("no-op preview: 0 writes, and no change anywhere", async () => {
    await clearLogs();
    const events = new EngineLog(log);
    await t.stack.preview({ ...events.capture() });
    expect(await writeCount()).toBe(0);
    const ops = events.preEvents(TYPE_TOKEN);
    const row = new Map<string, Outcome>();
    BEHAVIOURS.forEach((b, i) => {
      const op = ops.get(declared[i].resource)?.op;
      if (op !== "same") console.error(`no-op preview / ${b.name}: ${op}`, ops.get(declared[i].resource)?.detailedDiff);
      row.set(b.name, op === "same" ? "converged" : "SILENT DIVERGENCE");
    });
    matrix.set("no-op preview", row);
    expectNoSilentDivergence("no-op preview");
  });

  it("refresh reports no changes", async () => {
    const refresh = await t.stack.refresh({ ...log.capture() });
    expect(refresh.summary.resourceChanges).toEqual({ same: BEHAVIOURS.length + 1 });
  });

  it("destroy leaves every server empty", async () => {
    await t.stack.destroy({ ...log.capture() });
    for (const emu of emulators) expect(await emu.admin.definitions()).toEqual([]);
  });

  it("prints the matrix: no silent divergence anywhere", () => {
    const text = printMatrix();
    expect(text).not.toMatch(/SILENT DIVERGENCE|failed unclearly/);
  });
});
