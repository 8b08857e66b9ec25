/**
 * The native plugin's door under the same attacks as the dynamic door (bad-input.test.ts, secrets.test.ts): a program
 * registers `datarobot-batch:index:BatchPredictionJobDefinition` with plain values, as a YAML or Python program does,
 * and the engine runs the plugin from PATH.
 *  - Every case of the hostile-input corpus (tests/fixtures/hostile, however many it holds): the preview fails naming the
 *    property, sends no request, echoes no secret and does not crash.
 *  - Every kind of secret a definition holds (apiKey, customerKey, http headers, a SAS `sig=`, URL credentials, the
 *    token): none in plain text in the state files after create, update, refresh (with a header added outside
 *    Pulumi) and import, nor in what the engine printed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { DataRobotClient } from "../../provider/client";
import { PLUGIN_JOB_DEFINITION_TYPE_TOKEN } from "../../sdk/type-tokens";
import { hostileCases, withHostile } from "../fixtures/hostile/corpus";
import {
  createInlineStack,
  definitionsWithSecrets,
  EngineLog,
  expectNoSecrets,
  expectSecretsOnlyInDebugTraces,
  filesText,
  hostileBase,
  SECRET_SIG,
  secretMarkers,
  type Secrets,
  type TestStack,
  useEmulator,
  writePluginLauncher,
} from "./helpers";

jest.setTimeout(300_000);

const RUN = randomBytes(4).toString("hex");
const API_TOKEN = `e2e-token-${randomBytes(8).toString("hex")}`;

const { generations: GENERATIONS, addedOutside: ADDED_OUTSIDE, all: MARKERS } = secretMarkers(RUN);
const ALL = [API_TOKEN, ...MARKERS];

/** The resources the program declares: name → plain inputs (no `pulumi.secret`: the plugin must mark them). */
let declared: Record<string, Record<string, unknown>> = {};

/** What a generated Python/YAML SDK does: a resource of the package's type token with plain properties. */
class Definition extends pulumi.CustomResource {
  constructor(name: string, props: Record<string, unknown>) {
    super(PLUGIN_JOB_DEFINITION_TYPE_TOKEN, name, props);
  }
}

async function program(): Promise<Record<string, unknown>> {
  for (const [name, props] of Object.entries(declared)) new Definition(name, props);
  return {};
}

function withSecrets(s: Secrets): Record<string, Record<string, unknown>> {
  const { webhook, sse } = definitionsWithSecrets(s, { prefix: "plugin-secrets", run: RUN });
  return { webhook, sse };
}

/**
 * Deeper than this, no Node.js program reaches the engine: @pulumi/pulumi's serializer (and google-protobuf's
 * `Struct.fromJavaScript`) recurse once per level and overflow the stack (observed at 5000 levels; 40 pass).
 */
const NODE_SDK_MAX_DEPTH = 500;

function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, level] = stack.pop()!;
    deepest = Math.max(deepest, level);
    if (current !== null && typeof current === "object") {
      for (const inner of Object.values(current)) stack.push([inner, level + 1]);
    }
  }
  return deepest;
}

function hasProtoKey(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  return Object.getOwnPropertyNames(value).some(
    (key) => key === "__proto__" || hasProtoKey((value as Record<string, unknown>)[key]),
  );
}

let t: TestStack;
let launcherDir: string;
const log = new EngineLog();
const emu = useEmulator(
  { token: API_TOKEN },
  {
    beforeClose: async () => {
      await t?.stack.destroy().catch(() => undefined);
      await t?.cleanup();
    },
  },
);

beforeAll(async () => {
  launcherDir = writePluginLauncher(fs.mkdtempSync(path.join(os.tmpdir(), "datarobot-batch-plugin-")));
  t = await createInlineStack({
    projectName: "plugin-hostile",
    program,
    envVars: { PATH: `${launcherDir}${path.delimiter}${process.env.PATH ?? ""}`, DATAROBOT_BATCH_DEBUG: "1" },
    config: {
      "datarobot-batch:endpoint": { value: emu.url },
      "datarobot-batch:apiToken": { value: API_TOKEN, secret: true },
    },
  });
});

afterAll(() => {
  if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
});

describe("hostile inputs through the plugin (the whole unit corpus)", () => {
  const cases = hostileCases();
  const PREDICTION_API_KEY = `pi-apikey-${RUN}`;
  const base = hostileBase(PREDICTION_API_KEY);

  it("has cases", () => expect(cases.length).toBeGreaterThanOrEqual(60));

  // A Node.js program cannot send a value nested thousands deep (see NODE_SDK_MAX_DEPTH): those cases stay with the
  // dynamic door's test and the unit tests, and are listed here so that none is dropped silently.
  // Nor an own `__proto__` key: its serializer assigns `obj[key] = ...`, which sets the prototype, so the key never
  // reaches the engine (yaml-plugin.test.ts sends one from YAML, where it does).
  // Nor a value only a JavaScript program can hold (a function, a Map, a Proxy, a cycle: `program` cases), which no
  // YAML or Python program can write; the TypeScript classes refuse those (bad-input.test.ts).
  const sendable = (c: (typeof cases)[number]) =>
    !c.program && depthOf(c.inputs) <= NODE_SDK_MAX_DEPTH && !hasProtoKey(c.inputs);
  const throughEngine = cases.filter(sendable);
  const errors = throughEngine.filter((c) => c.severity !== "warning");
  const warnings = throughEngine.filter((c) => c.severity === "warning");
  it("sends every case but those a Node.js program cannot serialize or only a JavaScript program can hold", () => {
    const left = cases.filter((c) => !throughEngine.includes(c));
    expect(left.every((c) => c.program || hasProtoKey(c.inputs) || depthOf(c.inputs) > NODE_SDK_MAX_DEPTH)).toBe(true);
    expect(throughEngine.length).toBeGreaterThanOrEqual(80);
  });

  it.each(warnings.map((c) => c.id))("%s: preview passes with a warning at the property, 0 requests", async (id) => {
    const hostile = cases.find((c) => c.id === id)!;
    declared = { hostile: withHostile(base, hostile.inputs) };
    await emu.admin.clearRequests();
    const caseLog = new EngineLog();
    await t.stack.preview({ ...caseLog.capture() });
    const shown = caseLog.events
      .filter((e) => e.diagnosticEvent?.severity === "warning")
      .map((e) => e.diagnosticEvent!.message.trim());
    const escaped = hostile.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(shown).toContainEqual(expect.stringMatching(new RegExp(`^${escaped}( \\(Python: [^)]*\\))?: `)));
    expectNoSecrets(caseLog.text(), [API_TOKEN, PREDICTION_API_KEY]);
    expect(await emu.admin.requests()).toEqual([]);
  });

  it.each(errors.map((c) => c.id))("%s: preview fails naming the property, 0 requests, no echo", async (id) => {
    const hostile = cases.find((c) => c.id === id)!;
    declared = { hostile: withHostile(base, hostile.inputs) };
    await emu.admin.clearRequests();
    const caseLog = new EngineLog();
    const failure = await t.stack.preview({ ...caseLog.capture() }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toBeDefined();
    const escaped = hostile.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(failure).toMatch(
      hostile.path === ""
        ? /the definition is \d+ bytes of JSON/
        : new RegExp(`${escaped}( \\(Python: [^)]*\\))?(: |\\.|\\[)`),
    );
    expect(failure).toContain("datarobot-batch:index:BatchPredictionJobDefinition resource 'hostile'");
    expect(failure).not.toMatch(/panic|TypeError|RangeError|Maximum call stack/);
    expect(failure!.length).toBeLessThan(20_000);
    expect(caseLog.text().length).toBeLessThan(40_000);
    const secrets = [API_TOKEN, PREDICTION_API_KEY, ...(hostile.mustNotEcho ?? [])];
    expectNoSecrets(failure!, secrets);
    expectNoSecrets(caseLog.text(), secrets);
    expectSecretsOnlyInDebugTraces(caseLog.events, secrets);
    expect(await emu.admin.requests()).toEqual([]);
  });
});

describe("every kind of secret through the plugin: none in state after create, update, refresh and import", () => {
  const stored = () => filesText(path.join(t.workDir, "backend"));

  it("create", async () => {
    declared = withSecrets(GENERATIONS[0]);
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toMatchObject({ create: 3 });
    expect(JSON.stringify(await emu.admin.definitions())).toContain(GENERATIONS[0].xApiKey); // really sent
    expect(stored()).toContain(SECRET_SIG);
    expectNoSecrets(stored(), ALL);
  });

  it("update of every secret", async () => {
    declared = withSecrets(GENERATIONS[1]);
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toMatchObject({ update: 2 });
    expect(JSON.stringify(await emu.admin.definitions())).toContain(GENERATIONS[1].customerKey);
    expectNoSecrets(stored(), ALL);
  });

  it("refresh, with a header added outside Pulumi", async () => {
    const webhook = (await emu.admin.definitions()).find((d) => d.name === `plugin-secrets-webhook-${RUN}`)!;
    const outputSettings = (webhook.batchPredictionJob as Record<string, Record<string, unknown>>).outputSettings;
    const client = new DataRobotClient({ endpoint: emu.url, token: API_TOKEN, requestsPerSecond: 0 });
    await client.updateJobDefinition(String(webhook.id), {
      outputSettings: {
        ...outputSettings,
        headers: { ...(outputSettings.headers as object), "X-Added": ADDED_OUTSIDE },
      },
    });
    await t.stack.refresh({ ...log.capture() });
    expect(stored()).toContain('"X-Added"'); // the header's name is in state, its value is not
    expectNoSecrets(stored(), ALL);
  });

  it("import of a definition made elsewhere with secrets in it", async () => {
    const s = GENERATIONS[2];
    const client = new DataRobotClient({ endpoint: emu.url, token: API_TOKEN, requestsPerSecond: 0 });
    const existing = await client.createJobDefinition({
      ...withSecrets(s).webhook,
      name: `plugin-secrets-elsewhere-${RUN}`,
    } as never);
    const imported = await t.stack.import({
      resources: [{ type: PLUGIN_JOB_DEFINITION_TYPE_TOKEN, name: "elsewhere", id: existing.id }],
      protect: false,
      generateCode: false,
      ...log.capture(),
    });
    expect(imported.summary.resourceChanges).toMatchObject({ import: 1 });
    expectNoSecrets(stored(), ALL);
  });

  it("nothing on disk, nothing printed", () => {
    const onDisk = filesText(t.workDir);
    expect(onDisk).toContain(`plugin-secrets-webhook-${RUN}`);
    expectNoSecrets(onDisk, ALL);
    // The plugin's request log (DATAROBOT_BATCH_DEBUG) reaches the engine as debug diagnostics.
    expect(log.everything()).toContain("[datarobot-batch] → POST /batchPredictionJobDefinitions/");
    expectNoSecrets(log.text(), ALL);
    expectSecretsOnlyInDebugTraces(log.events, ALL);
  });
});
