/**
 * State written by release 0.1.0 itself: tests/e2e/fixtures/release-0.1.0 holds the stack export and the emulator's
 * persistence file of a real `pulumi up` of the 0.1.0 package (README.md there says how they were made). Each block
 * restores both: today's emulator loads the 0.1.0 emulator's file (same definition ids, timestamps and job), and the
 * stack imports the 0.1.0 state as exported, its secrets provider (passphrase salt) included, under the fixture's
 * passphrase. The only rewrite is the emulator's address, and the manifest (tied to the CLI version).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Deployment, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { SEED, type RunningEmulator } from "../../emulator";
import type * as sdk from "../../sdk";
import {
  EngineLog,
  expectNoSecrets,
  expectSecretsOnlyInDebugTraces,
  filesText,
  SECRET_SIG,
  useEmulatorStack,
} from "./helpers";
import { JOB_DEFINITION_PROVIDER_TEXT, JOB_RUN_PROVIDER_TEXT } from "../../sdk/serialized-provider";

jest.setTimeout(240_000);

const FIXTURE_DIR = path.join(__dirname, "fixtures", "release-0.1.0");
/** Where the 0.1.0 emulator listened: stored in the default provider's config in state. */
const FIXTURE_ENDPOINT = "http://127.0.0.1:18010/api/v2";
/** The passphrase the fixture's secrets are encrypted under. */
const FIXTURE_PASSPHRASE = "release-0.1.0-fixture";
/** Secrets the 0.1.0 program set (predictionInstance of hourly-jdbc): encrypted in the fixture, never plain. */
const PROGRAM_SECRETS = ["release-010-fixture-api-key", "release-010-fixture-datarobot-key"];
const IDS = {
  nightly: "6b0f098374b160809b10c822",
  hourly: "6b0f098309cf867b7110c823",
  job: "6b0f098367ddc147be10c824",
};
/** One request per 0.1.0 definition, as "METHOD path status", sorted. */
const eachDefinition = (method: string, status: number) =>
  [IDS.nightly, IDS.hourly].map((id) => `${method} /batchPredictionJobDefinitions/${id}/ ${status}`).sort();
const URN_PREFIX = "urn:pulumi:test::release-fixture::pulumi-nodejs:dynamic/datarobot-batch:";

interface World {
  emu: RunningEmulator;
  stack: Stack;
  workDir: string;
  log: EngineLog;
  /** Every request the emulator received since the last call, as "METHOD path status". */
  requests(): Promise<string[]>;
}

/** The 0.1.0 program (index.ts.txt in the fixture) in today's spelling: weekday and month numbers, remapping as a list. */
const program: PulumiFn = async () => {
  // Loaded lazily, from the built package, as a user's program loads it (see helpers/program.ts).
  const { BatchPredictionJobDefinition, BatchPredictionJobRun } = require("pulumi-datarobot-batch") as typeof sdk;
  const nightly = new BatchPredictionJobDefinition("nightly-s3", {
    name: "release-0.1.0-nightly-s3",
    deploymentId: SEED.deploymentId,
    intakeSettings: { type: "s3", url: "s3://scoring/in/customers.csv", credentialId: SEED.credentialId },
    outputSettings: { type: "s3", url: "s3://scoring/out/customers.csv", credentialId: SEED.credentialId },
    enabled: true,
    schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: [1, 3, 5] },
  });
  const hourly = new BatchPredictionJobDefinition("hourly-jdbc", {
    name: "release-0.1.0-hourly-jdbc",
    deploymentId: SEED.deploymentId,
    intakeSettings: { type: "s3", url: "s3://scoring/in/events.csv", credentialId: SEED.credentialId },
    outputSettings: {
      type: "jdbc",
      dataStoreId: SEED.dataStoreId,
      credentialId: SEED.credentialId,
      table: "event_scores",
      schema: "scoring",
      statementType: "insert",
      createTableIfNotExists: true,
    },
    columnNamesRemapping: [
      { inputName: "churn_probability", outputName: "score" },
      { inputName: "customer_ref", outputName: null },
    ],
    passthroughColumns: ["customer_id", "event_time"],
    includeProbabilities: true,
    includePredictionStatus: true,
    csvSettings: { delimiter: ";", quotechar: "'", encoding: "utf-8" },
    predictionInstance: {
      hostName: "predictions.example.com",
      sslEnabled: true,
      apiKey: PROGRAM_SECRETS[0],
      datarobotKey: PROGRAM_SECRETS[1],
    },
    enabled: false,
    schedule: { minute: [15], hour: ["*"], dayOfMonth: [1, 15], month: [1, 7], dayOfWeek: ["*"] },
  });
  const smoke = new BatchPredictionJobRun("nightly-smoke", { definition: nightly, triggers: { release: "0.1.0" } });
  return {
    nightlyId: nightly.id,
    hourlyId: hourly.id,
    smokeJobId: smoke.jobId,
    batchPredictionJobDefinitions: [nightly.id, hourly.id],
  };
};

/**
 * The world of a describe block: today's emulator with the 0.1.0 emulator's definitions and job, and a stack holding
 * the 0.1.0 state, made in the block's beforeAll and removed in its afterAll.
 */
function useRestoredFixture(): World {
  let emulatorDir: string | undefined;
  const s = useEmulatorStack({
    projectName: "release-fixture",
    program,
    envVars: { PULUMI_CONFIG_PASSPHRASE: FIXTURE_PASSPHRASE },
    emulator: () => {
      // A copy: the emulator writes its persistence file after every change.
      emulatorDir = fs.mkdtempSync(path.join(os.tmpdir(), "release-fixture-emulator-"));
      const persistFile = path.join(emulatorDir, "emulator.json");
      fs.copyFileSync(path.join(FIXTURE_DIR, "emulator.json"), persistFile);
      // The scheduler stays off: the emulated clock resumes at today's time, later than when the fixture was written,
      // and would start a catch-up run of the enabled nightly schedule (a job the test did not ask for, and a 409 on
      // delete).
      return { persistFile, schedulerTickMs: 2 ** 31 - 1 };
    },
  });
  beforeAll(async () => {
    const fixture = JSON.parse(
      fs.readFileSync(path.join(FIXTURE_DIR, "deployment.json"), "utf8").replaceAll(FIXTURE_ENDPOINT, s.emu.url),
    ) as Deployment;
    // The manifest's magic cookie is checked on import and tied to the CLI version: take today's.
    fixture.deployment.manifest = (await s.stack.exportStack()).deployment?.manifest;
    await s.stack.importStack(fixture);
    await s.emu.admin.clearRequests();
  });
  afterAll(() => {
    if (emulatorDir) fs.rmSync(emulatorDir, { recursive: true, force: true });
  });
  return {
    emu: s.emu,
    get stack() {
      return s.stack;
    },
    get workDir() {
      return s.workDir;
    },
    log: new EngineLog(),
    async requests() {
      const entries = await s.emu.admin.requests();
      await s.emu.admin.clearRequests();
      return entries.map((r) => `${r.method} ${r.path} ${r.status}`);
    },
  };
}

type StoredResource = { urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };

/** The stack's resources as the file backend holds them (secrets encrypted, unlike `exportStack`). */
function stateOnDisk(w: World): Map<string, StoredResource> {
  const file = path.join(w.workDir, "backend", ".pulumi", "stacks", "release-fixture", "test.json");
  const { checkpoint } = JSON.parse(fs.readFileSync(file, "utf8")) as {
    checkpoint: { latest?: { resources?: StoredResource[] } };
  };
  const byName = new Map<string, StoredResource>();
  for (const r of checkpoint.latest?.resources ?? []) {
    if (r.urn.startsWith(URN_PREFIX)) byName.set(r.urn.split("::").pop()!, r);
  }
  return byName;
}

/** The 0.1.0 state of one resource, straight from the fixture file. */
function fixtureResource(name: string): StoredResource {
  const { deployment } = JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, "deployment.json"), "utf8")) as Deployment;
  return (deployment.resources as StoredResource[]).find((r) => r.urn === `${URN_PREFIX}${typeFor(name)}::${name}`)!;
}
function typeFor(name: string): string {
  return name === "nightly-smoke" ? "BatchPredictionJobRun" : "BatchPredictionJobDefinition";
}

/** Leaf paths of a stored value ("outputSettings.commitInterval"); an encrypted value is one leaf. */
function leaves(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (value !== null && typeof value === "object" && !Array.isArray(value) && !(SECRET_SIG in value)) {
    for (const [key, inner] of Object.entries(value)) {
      for (const [p, v] of leaves(inner, prefix ? `${prefix}.${key}` : key)) out.set(p, v);
    }
  } else {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}

/** What changed between two stored property bags, by leaf path: removed, added, changed (ciphertexts ignored). */
function changedPaths(before: unknown, after: unknown): { removed: string[]; added: string[]; changed: string[] } {
  const a = leaves(before);
  const b = leaves(after);
  const isSecret = (v: string | undefined) => v !== undefined && v.includes(SECRET_SIG);
  return {
    removed: [...a.keys()].filter((k) => !b.has(k)).sort(),
    added: [...b.keys()].filter((k) => !a.has(k)).sort(),
    changed: [...a.keys()]
      .filter((k) => b.has(k) && a.get(k) !== b.get(k) && !(isSecret(a.get(k)) && isSecret(b.get(k))))
      .sort(),
  };
}

/** The 0.1.0 serialized provider names the long exports; today's names the short aliases. */
const OLD_SHIM = { definition: 'impl: "jobDefinitionProvider"', run: 'impl: "jobRunProvider"' };

/**
 * No secret in plain text on disk (state, history, backups, config) or in anything the engine printed. Engine events
 * carry them in one documented place only: the Node SDK's debug-level RPC traces.
 */
function expectSecretsKept(w: World): void {
  const secrets = [...PROGRAM_SECRETS, w.emu.token];
  expectNoSecrets(filesText(w.workDir), secrets);
  expectNoSecrets(w.log.text(), secrets);
  expectSecretsOnlyInDebugTraces(w.log.events, secrets);
}

describe("0.1.0 state before any up: the stored 0.1.0 provider text refreshes and destroys", () => {
  const w = useRestoredFixture();

  it("is imported as 0.1.0 wrote it: its provider text, its secrets encrypted under the fixture's passphrase", async () => {
    // The emulator holds the 0.1.0 definitions as the 0.1.0 emulator stored them: ids, names, creation times.
    const held = (await w.emu.admin.definitions()).map((d) => [d.id, d.name, d.created]);
    const stored = ["nightly-s3", "hourly-jdbc"].map((name) => {
      const outputs = fixtureResource(name).outputs!;
      return [name === "nightly-s3" ? IDS.nightly : IDS.hourly, outputs.name, outputs.created];
    });
    expect(held.sort()).toEqual(stored.sort());
    const state = stateOnDisk(w);
    expect([...state.keys()].sort()).toEqual(["hourly-jdbc", "nightly-s3", "nightly-smoke"]);
    expect(String(state.get("nightly-s3")!.inputs!.__provider)).toContain(OLD_SHIM.definition);
    expect(String(state.get("nightly-smoke")!.inputs!.__provider)).toContain(OLD_SHIM.run);
    // 0.1.0 stored the whole predictionInstance as one secret.
    expect(state.get("hourly-jdbc")!.inputs!.predictionInstance).toHaveProperty(SECRET_SIG);
  });

  it("refresh reads each definition once and finds no drift, keeping the 0.1.0 provider text", async () => {
    const refresh = await w.stack.refresh({ ...w.log.capture() });
    expect(refresh.summary.resourceChanges).toEqual({ same: 4 });
    expect((await w.requests()).sort()).toEqual(eachDefinition("GET", 200));
    const state = stateOnDisk(w);
    expect(String(state.get("hourly-jdbc")!.inputs!.__provider)).toContain(OLD_SHIM.definition);
    expect(state.get("nightly-smoke")!.outputs).toEqual(fixtureResource("nightly-smoke").outputs);
  });

  it("destroy deletes each definition once (the run deletes nothing) and leaves the emulator empty", async () => {
    const destroy = await w.stack.destroy({ ...w.log.capture() });
    expect(destroy.summary.resourceChanges).toEqual({ delete: 4 });
    expect((await w.requests()).sort()).toEqual(eachDefinition("DELETE", 204));
    expect(await w.emu.admin.definitions()).toEqual([]);
    // The 0.1.0 run's job stays: a run is history.
    expect((await w.emu.admin.jobs()).map((job) => [job.id, job.status])).toEqual([[IDS.job, "COMPLETED"]]);
    expectSecretsKept(w);
  });
});

describe("0.1.0 state under today's program: preview, up, refresh, destroy", () => {
  const w = useRestoredFixture();

  it("preview shows no change and calls no API", async () => {
    const preview = await w.stack.preview({ diff: true, expectNoChanges: true, ...w.log.capture() });
    expect(preview.changeSummary).toEqual({ same: 4 });
    expect(preview.stdout).not.toMatch(/^\s*[~+-]/m);
    expect(await w.requests()).toEqual([]);
  });

  it("up changes nothing on DataRobot and rewrites the stored inputs in today's form; a second preview is a no-op", async () => {
    const up = await w.stack.up({ ...w.log.capture() });
    expect(up.summary.resourceChanges).toEqual({ same: 4 });
    expect(up.outputs.nightlyId.value).toBe(IDS.nightly);
    expect(up.outputs.hourlyId.value).toBe(IDS.hourly);
    expect(up.outputs.smokeJobId.value).toBe(IDS.job);
    expect(await w.requests()).toEqual([]);

    // What today's package changed in the stored state, exactly. The engine stores the inputs of today's `check` for
    // an unchanged resource: 0.1.0 stored the server defaults it made explicit (abortOnError, chunkSize, ...) as
    // inputs, today only what the program wrote; the provider text names today's short exports; predictionInstance
    // is encrypted per secret leaf instead of whole. The outputs stay exactly as 0.1.0 stored them, their copy of the
    // 0.1.0 provider text included: the engine keeps the outputs of an unchanged resource.
    const state = stateOnDisk(w);
    const DEFAULTS_0_1_0 = [
      "abortOnError",
      "chunkSize",
      "disableRowLevelErrorHandling",
      "includeProbabilitiesClasses",
      "maxExplanations",
      "skipDriftTracking",
    ];
    expect(changedPaths(fixtureResource("nightly-s3").inputs, state.get("nightly-s3")!.inputs)).toEqual({
      removed: [
        ...DEFAULTS_0_1_0,
        "csvSettings.delimiter",
        "csvSettings.encoding",
        "csvSettings.quotechar",
        "includePredictionStatus",
        "includeProbabilities",
      ].sort(),
      added: [],
      changed: ["__provider"],
    });
    expect(changedPaths(fixtureResource("hourly-jdbc").inputs, state.get("hourly-jdbc")!.inputs)).toEqual({
      removed: [...DEFAULTS_0_1_0, "outputSettings.commitInterval", "predictionInstance"].sort(),
      added: [
        "predictionInstance.apiKey",
        "predictionInstance.datarobotKey",
        "predictionInstance.hostName",
        "predictionInstance.sslEnabled",
      ],
      changed: ["__provider"],
    });
    expect(changedPaths(fixtureResource("nightly-smoke").inputs, state.get("nightly-smoke")!.inputs)).toEqual({
      removed: [],
      added: [],
      changed: ["__provider"],
    });
    for (const name of ["nightly-s3", "hourly-jdbc", "nightly-smoke"]) {
      const { removed, added, changed } = changedPaths(fixtureResource(name).outputs, state.get(name)!.outputs);
      expect({ name, removed, added, changed }).toEqual({ name, removed: [], added: [], changed: [] });
    }
    expect(state.get("nightly-s3")!.inputs!.__provider).toBe(JOB_DEFINITION_PROVIDER_TEXT);
    expect(state.get("nightly-smoke")!.inputs!.__provider).toBe(JOB_RUN_PROVIDER_TEXT);
    expect(String(state.get("nightly-s3")!.outputs!.__provider)).toContain(OLD_SHIM.definition);
    const instance = state.get("hourly-jdbc")!.inputs!.predictionInstance as Record<string, unknown>;
    expect(instance.apiKey).toHaveProperty(SECRET_SIG);
    expect(instance.datarobotKey).toHaveProperty(SECRET_SIG);
    expect(instance.hostName).toBe("predictions.example.com");

    const again = await w.stack.preview({ diff: true, expectNoChanges: true, ...w.log.capture() });
    expect(again.changeSummary).toEqual({ same: 4 });
    expect(await w.requests()).toEqual([]);
  });

  it("refresh reads each definition once and finds no drift", async () => {
    const refresh = await w.stack.refresh({ ...w.log.capture() });
    expect(refresh.summary.resourceChanges).toEqual({ same: 4 });
    expect((await w.requests()).sort()).toEqual(eachDefinition("GET", 200));
    const preview = await w.stack.preview({ expectNoChanges: true, ...w.log.capture() });
    expect(preview.changeSummary).toEqual({ same: 4 });
  });

  it("destroy deletes each definition once and leaves the emulator empty; no secret was ever written in plain text", async () => {
    await w.requests();
    const destroy = await w.stack.destroy({ ...w.log.capture() });
    expect(destroy.summary.resourceChanges).toEqual({ delete: 4 });
    expect((await w.requests()).sort()).toEqual(eachDefinition("DELETE", 204));
    expect(await w.emu.admin.definitions()).toEqual([]);
    expectSecretsKept(w);
  });
});
