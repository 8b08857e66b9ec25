/**
 * The native plugin `pulumi-resource-datarobot-batch` through the real engine: a program registers
 * `datarobot-batch:index:BatchPredictionJobDefinition` resources with plain values (as a Python or YAML program does:
 * no SDK class marks secrets or generates names) and the engine loads the plugin from PATH (a launcher script that
 * runs the built `dist/plugin/main.js`). Covered: up with a generated name, `preview --diff` with nested paths, a
 * warning in the preview, refresh with drift, `pulumi import` then a no-op preview, a run resource, a bad input
 * naming its property, an explicit Provider with its own endpoint, destroy; and no secret in plain text in
 * `pulumi stack export` after up, refresh and import.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { SEED } from "../../emulator";
import { DataRobotClient } from "../../provider/client";
import { generatedName } from "../../provider/job-definition/operations";
import { PLUGIN_JOB_DEFINITION_TYPE_TOKEN, PLUGIN_JOB_RUN_TYPE_TOKEN } from "../../sdk/type-tokens";
import {
  createInlineStack,
  EngineLog,
  expectSecretsOnlyInDebugTraces,
  filesText,
  repoRoot,
  type TestStack,
  useEmulators,
} from "./helpers";

jest.setTimeout(300_000);

const RUN = randomBytes(4).toString("hex");
const API_KEY = `PIKEYMARKx${RUN}`;
const SAS = `SASSIGMARKx${RUN}`;
const OTHER_TOKEN = `other-token-${RUN}`;
const PROJECT = "plugin-e2e";

interface Declared {
  nightly?: Record<string, unknown>;
  imported?: Record<string, unknown>;
  run?: boolean;
  other?: boolean;
}
let declared: Declared = {};

const base = () => ({
  deploymentId: SEED.deploymentId,
  intakeSettings: {
    type: "azure",
    url: `https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&sig=${SAS}`,
    credentialId: SEED.credentialId,
  },
  outputSettings: { type: "s3", url: "s3://scoring/out/scores.csv", credentialId: SEED.credentialId },
  predictionInstance: { hostName: "pred.example.com", sslEnabled: true, apiKey: API_KEY },
  schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
  enabled: true,
});

/** What a generated Python/YAML SDK does: a resource of the package's type token with plain properties. */
class Definition extends pulumi.CustomResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, props: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
    super(PLUGIN_JOB_DEFINITION_TYPE_TOKEN, name, { ...props, name: props.name }, opts);
  }
}

class Run extends pulumi.CustomResource {
  declare readonly status: pulumi.Output<string>;
  constructor(name: string, props: Record<string, unknown>) {
    super(PLUGIN_JOB_RUN_TYPE_TOKEN, name, { ...props, status: undefined });
  }
}

class Provider extends pulumi.ProviderResource {
  constructor(name: string, props: Record<string, unknown>) {
    super("datarobot-batch", name, props);
  }
}

async function program(): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = {};
  const definition = (name: string, props: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) =>
    new Definition(name, props, opts);
  if (declared.nightly) {
    const nightly = definition("nightly", declared.nightly);
    outputs.nightlyId = nightly.id;
    outputs.nightlyName = nightly.name;
    if (declared.run) {
      const run = new Run("smoke", { jobDefinitionId: nightly.id, triggers: { release: "1" } });
      outputs.runStatus = run.status;
    }
  }
  if (declared.imported) definition("adopted", declared.imported);
  if (declared.other) {
    const provider = new Provider("other", {
      endpoint: otherEmu.url,
      apiToken: pulumi.secret(OTHER_TOKEN),
    });
    const elsewhere = definition("elsewhere", { ...base(), name: `elsewhere-${RUN}` }, { provider });
    outputs.elsewhereId = elsewhere.id;
  }
  return outputs;
}

let t: TestStack;
let launcherDir: string;
const log = new EngineLog();
const [emu, otherEmu] = useEmulators([{}, { token: OTHER_TOKEN }], {
  beforeClose: async () => {
    await t?.stack.destroy().catch(() => undefined);
    await t?.cleanup();
  },
});

beforeAll(async () => {
  if (!fs.existsSync(path.join(repoRoot, "dist/plugin/main.js"))) {
    throw new Error("dist/plugin/main.js is missing: run `npm run build` before the e2e tests (npm run test:e2e does)");
  }
  launcherDir = fs.mkdtempSync(path.join(os.tmpdir(), "datarobot-batch-plugin-"));
  // How the engine finds a plugin on PATH: an executable named pulumi-resource-<package>.
  const launcher = path.join(launcherDir, "pulumi-resource-datarobot-batch");
  fs.writeFileSync(
    launcher,
    `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot, "dist/plugin/main.js")}" "$@"\n`,
  );
  fs.chmodSync(launcher, 0o755);
  t = await createInlineStack({
    projectName: PROJECT,
    program,
    envVars: { PATH: `${launcherDir}${path.delimiter}${process.env.PATH ?? ""}` },
    config: {
      "datarobot-batch:endpoint": { value: emu.url },
      "datarobot-batch:apiToken": { value: emu.token, secret: true },
    },
  });
});

afterAll(() => {
  if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
});

/** The state as stored (the backend's files: stack file, backups, history); `stack export` would decrypt secrets. */
function exported(): string {
  return filesText(path.join(t.workDir, "backend"));
}

function expectNoSecretsIn(text: string): void {
  for (const secret of [API_KEY, SAS, emu.token, OTHER_TOKEN]) expect(text).not.toContain(secret);
}

describe("the native plugin through the engine", () => {
  const nightlyName = generatedName("nightly", PROJECT, "test");

  it("up creates a definition named from the URN; its secrets are secrets in state", async () => {
    declared = { nightly: base() };
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(up.outputs.nightlyName.value).toBe(nightlyName);
    const posted = (await emu.admin.requests()).filter((r) => r.method === "POST" && /jobdefinitions/i.test(r.path));
    // The apiKey was sent (DataRobot never returns it); the emulator's request log shows it redacted.
    expect(JSON.stringify(posted)).toContain('"apiKey":"[secret]"');
    expectNoSecretsIn(exported());
    // What the CLI printed; engine events hold secrets only in the Node SDK's own debug traces (engine-notes.md).
    expectNoSecretsIn(log.text());
    expectSecretsOnlyInDebugTraces(log.events, [API_KEY, SAS, emu.token]);
    await t.stack.up({ expectNoChanges: true });
  });

  it("preview --diff shows nested paths and the model's warning against the resource", async () => {
    declared = {
      nightly: {
        ...base(),
        schedule: { ...base().schedule, hour: [3] },
        outputSettings: { type: "s3", url: "s3://scoring/out/other.csv", credentialId: SEED.credentialId },
        quantumScoringMode: "fast",
      },
    };
    const preview = new EngineLog(log);
    const result = await t.stack.preview({ diff: true, ...preview.capture() });
    expect(result.changeSummary).toMatchObject({ update: 1 });
    const text = preview.text();
    expect(text).toMatch(/schedule\s*:\s*\{[\s\S]*hour\s*:\s*\[[\s\S]*\[0\]: 2 => 3/);
    expect(text).toContain("url");
    const warnings = preview.events
      .filter((e) => e.diagnosticEvent?.severity === "warning" && e.diagnosticEvent.urn)
      .map((e) => `${e.diagnosticEvent!.urn?.split("::").pop()}: ${e.diagnosticEvent!.message.trim()}`);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^nightly: quantumScoringMode \(Python: quantum_scoring_mode\): not a field this package knows/,
      ),
    ]);
    const metadata = preview.events.find((e) => e.resourcePreEvent?.metadata.type === PLUGIN_JOB_DEFINITION_TYPE_TOKEN)
      ?.resourcePreEvent?.metadata;
    expect(Object.keys(metadata?.detailedDiff ?? {}).sort()).toEqual([
      "outputSettings.url",
      "quantumScoringMode",
      "schedule.hour[0]",
    ]);
  });

  it("a bad input fails the preview with an error naming the property", async () => {
    declared = { nightly: { ...base(), predictionThreshold: 7 } };
    const failure = await t.stack.preview().then(
      () => "no error",
      (error: Error) => error.message,
    );
    expect(failure).toMatch(
      /resource 'nightly' has a problem: predictionThreshold \(Python: prediction_threshold\): 7 is too large/,
    );
  });

  it("refresh takes drift made in DataRobot; secrets stay secret", async () => {
    declared = { nightly: base() };
    const id = (await t.stack.outputs()).nightlyId.value as string;
    const client = new DataRobotClient({ endpoint: emu.url, token: emu.token });
    await client.updateJobDefinition(id, { enabled: false });
    const refresh = await t.stack.refresh({ ...log.capture() });
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    const state = exported();
    expect(state).toMatch(/"enabled":\s*false/);
    expectNoSecretsIn(state);
    // The program still says enabled: true, so the next up puts it back.
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await emu.admin.definitions()).find((d) => d.id === id)?.enabled).toBe(true);
  });

  it("a run resource runs the definition", async () => {
    declared = { nightly: base(), run: true };
    const up = await t.stack.up();
    expect(up.outputs.runStatus.value).toBe("COMPLETED");
  });

  it("pulumi import adopts an existing definition; the program describing it previews as no change", async () => {
    const client = new DataRobotClient({ endpoint: emu.url, token: emu.token });
    // Without predictionInstance: its apiKey is write-only (DataRobot never returns it), so a program that sets one
    // would rightly preview an update after the import.
    const { predictionInstance: _omitted, ...rest } = base();
    const args = { ...rest, name: `made-elsewhere-${RUN}` };
    const existing = await client.createJobDefinition(args as never);
    declared = { ...declared, imported: args };
    const imported = await t.stack.import({
      resources: [{ type: PLUGIN_JOB_DEFINITION_TYPE_TOKEN, name: "adopted", id: existing.id }],
      protect: false,
      generateCode: false,
    });
    expect(imported.summary.resourceChanges).toMatchObject({ import: 1 });
    expectNoSecretsIn(exported());
    const preview = await t.stack.preview();
    expect(preview.changeSummary).not.toHaveProperty("update");
    expect(preview.changeSummary).not.toHaveProperty("create");
  });

  it("an explicit Provider resource has its own endpoint and token", async () => {
    declared = { ...declared, other: true };
    const up = await t.stack.up();
    const id = up.outputs.elsewhereId.value as string;
    expect((await otherEmu.admin.definitions()).map((d) => d.id)).toContain(id);
    expect((await emu.admin.definitions()).map((d) => d.id)).not.toContain(id);
    expectNoSecretsIn(exported());
  });

  it("destroy deletes what the stack created", async () => {
    const before = (await emu.admin.definitions()).length;
    const destroy = await t.stack.destroy();
    expect(destroy.summary.resourceChanges).toMatchObject({ delete: expect.any(Number) });
    expect((await emu.admin.definitions()).length).toBeLessThan(before);
    expect((await emu.admin.definitions()).map((d) => d.name)).not.toContain(nightlyName);
  });
});
