/**
 * The YAML example (examples/yaml/) as a user runs it: `pulumi` commands typed in a copy of the folder, the engine's
 * YAML language host, the native plugin (the built dist/plugin/main.js, named in the copy's Pulumi.yaml as a
 * developer's checkout would; plugin-package.test.ts runs the installed tarball instead) and the emulator. Covered:
 * up with a run after deploy, `preview --diff` with nested paths, a model warning, a bad input naming its property,
 * refresh with drift, `pulumi import` then a no-op preview, destroy; and no secret (the token, the prediction
 * apiKey, an http output header, URL credentials) in the state files, in what the CLI printed or in the engine's and
 * the plugin's debug logs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { SEED } from "../../emulator";
import { DataRobotClient } from "../../provider/client";
import { PLUGIN_JOB_DEFINITION_TYPE_TOKEN } from "../../sdk/type-tokens";
import {
  CliSession,
  copyFolder,
  expectNoSecrets,
  filesText,
  repoRoot,
  useEmulator,
  writePluginLauncher,
} from "./helpers";

jest.setTimeout(300_000);

const RUN = randomBytes(4).toString("hex");
const TOKEN = `yaml-token-${randomBytes(8).toString("hex")}`;
const API_KEY = `PIKEYMARKx${RUN}`;
const WEBHOOK_TOKEN = `AUTHZMARKx${RUN}`;
const URL_PASSWORD = `URLPASSMARKx${RUN}`;
const SECRETS = [TOKEN, API_KEY, WEBHOOK_TOKEN, URL_PASSWORD];

const session = new CliSession();
const folder = "yaml";
let original = "";
/** Everything the CLI printed, for the final secret scan. */
const printed: string[] = [];

const pulumiYaml = () => path.join(session.root, folder, "Pulumi.yaml");

/** A `pulumi` command in the example's folder; its output is kept for the secret scan. */
async function pulumi(...args: string[]) {
  const result = await session.run(folder, "pulumi", [...args, "--non-interactive"], {
    env: { DATAROBOT_BATCH_DEBUG: "1" },
  });
  printed.push(result.output);
  return result;
}

async function ok(...args: string[]): Promise<string> {
  const result = await pulumi(...args);
  if (result.status !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.status}:\n${result.output}`);
  return result.output;
}

/** `pulumi preview --json`: each step's operation and detailed diff keys, by resource name (it lists no "same" steps). */
async function previewSteps(): Promise<Record<string, { op: string; diff: string[] } | undefined>> {
  const out = JSON.parse(await ok("preview", "--json", "--diff")) as {
    steps: { op: string; urn: string; detailedDiff?: Record<string, unknown> }[];
  };
  return Object.fromEntries(
    out.steps.map((step) => [
      step.urn.split("::").pop()!,
      { op: step.op, diff: Object.keys(step.detailedDiff ?? {}).sort() },
    ]),
  );
}

const emu = useEmulator(
  { token: TOKEN, jobDurationMs: 1_000 },
  {
    beforeClose: async () => {
      await session.run(folder, "pulumi", ["destroy", "--yes", "--non-interactive"]).catch(() => undefined);
    },
  },
);

beforeAll(async () => {
  copyFolder(path.join(repoRoot, "examples", folder), path.join(session.root, folder));
  // The plugin from this checkout: an executable named pulumi-resource-<package> in the folder Pulumi.yaml names.
  const pluginDir = writePluginLauncher(path.join(session.root, "plugin"));
  original = fs.readFileSync(pulumiYaml(), "utf8");
  original += `plugins:\n  providers:\n    - name: datarobot-batch\n      path: ${pluginDir}\n`;
  fs.writeFileSync(pulumiYaml(), original);

  await session.login();
  await ok("stack", "init", "dev");
  await ok("config", "set", "datarobot-batch:endpoint", emu.url);
  await ok("config", "set", "--secret", "datarobot-batch:apiToken", TOKEN);
  await ok("config", "set", "deploymentId", SEED.deploymentId);
  await ok("config", "set", "credentialId", SEED.credentialId);
  await ok("config", "set", "--secret", "webhookUrl", `https://bob:${URL_PASSWORD}@hooks.example.com/scores`);
  await ok("config", "set", "--secret", "webhookToken", WEBHOOK_TOKEN);
  await ok("config", "set", "--secret", "predictionApiKey", API_KEY);
});

afterAll(() => {
  session.cleanup();
});

describe("the YAML example through the CLI and the native plugin", () => {
  it("up creates the definition and runs it once after deploy", async () => {
    const up = await ok("up", "--yes");
    expect(up).toContain("+ 3 created");
    expect(up).toMatch(/runStatus\s+: "COMPLETED"/);
    const definitions = await emu.admin.definitions();
    expect(definitions).toHaveLength(1);
    expect(definitions[0]).toMatchObject({
      enabled: true,
      schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
    });
    // The secrets reached DataRobot as written (the apiKey is write-only: DataRobot never returns it).
    const stored = JSON.stringify(definitions[0]);
    for (const secret of [WEBHOOK_TOKEN, URL_PASSWORD]) expect(stored).toContain(secret);
    const posted = (await emu.admin.requests()).filter((r) => r.method === "POST" && /jobDefinitions/i.test(r.path));
    // The emulator's request log shows it redacted, as a client's log would: a value was sent at that key.
    expect(JSON.stringify(posted)).toContain('"apiKey":"[secret]"');
    expect((await previewSteps()).nightly).toBeUndefined(); // no step: unchanged
  });

  it("preview --diff after a change shows the nested paths", async () => {
    await ok("config", "set", "hour", "3");
    await ok("config", "set", "intakeUrl", "s3://scoring/input/other.csv");
    const steps = await previewSteps();
    expect(steps.nightly).toEqual({ op: "update", diff: ["intakeSettings.url", "schedule.hour[0]"] });
    const diff = await ok("preview", "--diff");
    expect(diff).toMatch(
      /intakeSettings\s*: \{\s*~ url\s*: "s3:\/\/scoring\/input\/customers.csv" => "s3:\/\/scoring\/input\/other.csv"/,
    );
    expect(diff).toMatch(/schedule\s*: \{[\s\S]*hour\s*: \[\s*~ \[0\]: 2 => 3/);
    const up = await ok("up", "--yes");
    // The definition is updated, and the run replaced (its definitionVersion changed): it runs again.
    expect(up).toContain("~ 1 updated");
    expect(up).toContain("+-1 replaced");
    expect((await emu.admin.definitions())[0]).toMatchObject({ schedule: { hour: [3] } });
  });

  it("a model warning is shown in the preview, against the resource", async () => {
    fs.writeFileSync(
      pulumiYaml(),
      original.replace("        type: s3\n", "        type: s3\n        format: parqet\n"),
    );
    try {
      const preview = await ok("preview");
      expect(preview).toMatch(/warning: .*intakeSettings\.format( \(Python: intake_settings\.format\))?: .*"parquet"/);
      expect(preview).toMatch(/datarobot-batch:index:BatchPredictionJobDefinition \(nightly\):\s*\n\s*warning:/);
    } finally {
      fs.writeFileSync(pulumiYaml(), original);
    }
  });

  it("a bad input fails the preview naming the property path, with no request to DataRobot", async () => {
    await ok("config", "set", "hour", "25");
    await emu.admin.clearRequests();
    try {
      const preview = await pulumi("preview");
      expect(preview.status).not.toBe(0);
      expect(preview.output).toContain("datarobot-batch:index:BatchPredictionJobDefinition resource 'nightly'");
      expect(preview.output).toMatch(/schedule\.hour\[0\]: /);
      expect(preview.output).not.toMatch(/panic|TypeError/);
      expect((await emu.admin.requests()).filter((r) => !/^\/(version|account)/.test(r.path))).toEqual([]);
    } finally {
      await ok("config", "set", "hour", "3");
    }
  });

  it("a __proto__ key from YAML is dropped on the wire before the plugin, polluting nothing", async () => {
    // google-protobuf's map of a Struct drops the key (docs/plugin.md); the TypeScript door rejects it instead.
    fs.writeFileSync(
      pulumiYaml(),
      original.replace(
        "      includeProbabilities: true\n",
        "      includeProbabilities: true\n      columnNamesRemapping:\n        __proto__: polluted\n",
      ),
    );
    try {
      const steps = await previewSteps(); // succeeds: nothing to reject
      expect(JSON.stringify(steps)).not.toContain("__proto__");
      const preview = await ok("preview", "--diff");
      expect(preview).not.toContain("polluted");
    } finally {
      fs.writeFileSync(pulumiYaml(), original);
    }
  });

  it("refresh shows drift made in DataRobot; the next up puts it back", async () => {
    const [definition] = await emu.admin.definitions();
    const client = new DataRobotClient({ endpoint: emu.url, token: TOKEN });
    await client.updateJobDefinition(String(definition.id), { enabled: false });
    const refresh = await ok("refresh", "--yes", "--diff");
    expect(refresh).toMatch(/~ enabled\s*: true => false/);
    expect(refresh).toContain("~ 1 updated");
    const up = await ok("up", "--yes");
    expect(up).toContain("nightly updated");
    expect(up).toContain("[diff: ~enabled]");
    expect((await emu.admin.definitions()).find((d) => d.id === definition.id)?.enabled).toBe(true);
  });

  it("pulumi import adopts a definition made elsewhere; the program describing it previews as no change", async () => {
    const client = new DataRobotClient({ endpoint: emu.url, token: TOKEN });
    const name = `made-elsewhere-${RUN}`;
    const existing = await client.createJobDefinition({
      name,
      deploymentId: SEED.deploymentId,
      intakeSettings: { type: "s3", url: "s3://scoring/input/elsewhere.csv", credentialId: SEED.credentialId },
      outputSettings: {
        type: "http",
        url: `https://bob:${URL_PASSWORD}@hooks.example.com/elsewhere`,
        method: "POST",
        headers: { Authorization: `Bearer ${WEBHOOK_TOKEN}` },
      },
    } as never);
    // Without code generation: the CLI prints the program it generates for an imported resource with the secret values
    // in it, in plain text (`fn::secret: Bearer ...`): the CLI's doing, documented in docs/plugin.md.
    const imported = await ok(
      "import",
      PLUGIN_JOB_DEFINITION_TYPE_TOKEN,
      "adopted",
      existing.id,
      "--yes",
      "--protect=false",
      "--generate-code=false",
    );
    expect(imported).toContain("= 1 imported");
    // The program now describes it, its URL password kept in secret config as a user keeps it.
    await ok("config", "set", "--secret", "elsewherePassword", URL_PASSWORD);
    original = original
      .replace("config:\n", "config:\n  elsewherePassword:\n    type: string\n    secret: true\n")
      .replace(
        "\noutputs:\n",
        `
  adopted:
    type: ${PLUGIN_JOB_DEFINITION_TYPE_TOKEN}
    properties:
      name: ${name}
      deploymentId: \${deploymentId}
      intakeSettings:
        type: s3
        url: s3://scoring/input/elsewhere.csv
        credentialId: \${credentialId}
      outputSettings:
        type: http
        url: https://bob:\${elsewherePassword}@hooks.example.com/elsewhere
        method: POST
        headers:
          Authorization: Bearer \${webhookToken}
outputs:
`,
      );
    fs.writeFileSync(pulumiYaml(), original);
    const steps = await previewSteps();
    // Nothing to do: not the adopted definition, not the others.
    expect(Object.values(steps).filter((step) => step!.op !== "same" || step!.diff.length > 0)).toEqual([]);
  });

  it("destroy deletes every definition", async () => {
    const destroy = await ok("destroy", "--yes");
    expect(destroy).toContain("- 4 deleted");
    expect(await emu.admin.definitions()).toEqual([]);
  });

  it("no secret in the state files, the CLI's output or the engine's and the plugin's debug logs", async () => {
    // The engine's debug output (--debug: debug diagnostics, the plugin's own lines) on a fresh up, a refresh and an
    // import; the plugin's request log (DATAROBOT_BATCH_DEBUG) is on in every command. (The engine's own -v=9 trace is
    // another matter: it prints the provider's config, the token included, in plain text, as for any provider.)
    await ok("up", "--yes", "--debug");
    await ok("refresh", "--yes", "--debug");
    const onDisk = filesText(session.root);
    expect(onDisk).toContain(`"${PLUGIN_JOB_DEFINITION_TYPE_TOKEN}"`); // the state is really there
    expectNoSecrets(onDisk, SECRETS);
    const everything = printed.join("\n");
    expect(everything).toContain("[datarobot-batch] → GET /batchPredictionJobDefinitions/"); // the plugin's debug log
    expectNoSecrets(everything, SECRETS);
  });
});
