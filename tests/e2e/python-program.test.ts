/**
 * A Python program with the generated SDK (generated/python, installed from its wheel into the cached venv) through
 * the real engine and the native plugin against the emulator, driven with the `pulumi` CLI as a user types it. The
 * program (tests/fixtures/python/definitions) declares the definitions the test writes into its spec.json, spelled
 * as Python spells them: snake_case keyword arguments, nested settings as plain dicts.
 *
 * Covered: up; `preview --diff` with nested paths; refresh taking drift on a field and on the schedule; an optional
 * field removed from the program; `pulumi import --generate-code=false`, then a no-op preview (and why the flag is
 * needed with this machine's Python host); a bad input whose error names the property path in the API's and in
 * Python's spelling; a model warning in the preview; destroy. Secrets (the token, `predictionInstance.apiKey`,
 * `serverSideEncryption.customerKey`, http output headers, a URL's credentials) never appear in the state files,
 * the CLI's output or its debug output (`--debug`, `--logtostderr -v=9` but for the engine's own property traces).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { SEED } from "../../emulator";
import { DataRobotClient } from "../../provider/client";
import { PLUGIN_JOB_DEFINITION_TYPE_TOKEN } from "../../sdk/type-tokens";
import {
  CliSession,
  copyFolder,
  expectLinesInOrder,
  expectNoSecrets,
  filesText,
  pluginLauncherDir,
  repoRoot,
  useEmulator,
  venvWithGeneratedSdk,
} from "./helpers";

jest.setTimeout(600_000);

const RUN = randomBytes(4).toString("hex");
const API_KEY = `PIKEYMARKx${RUN}`;
const CUSTOMER_KEY = `CUSTKEYMARKx${RUN}`;
const HEADER = `HDRMARKx${RUN}`;
const SAS = `SASSIGMARKx${RUN}`;
const URL_PASSWORD = `URLPWMARKx${RUN}`;

let session: CliSession;
let launcherDir: string;
let python: string;
let secrets: string[];
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "python-program-e2e-"));
/** Everything the CLI printed in this file, for the secret scan. */
const printed: string[] = [];

const program = "program";
const env = () => ({ PULUMI_PYTHON_CMD: python });

/** The program's keyword arguments, as a Python program writes them. */
const nightly = (): Record<string, unknown> => ({
  deployment_id: SEED.deploymentId,
  intake_settings: {
    type: "azure",
    url: `https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&sig=${SAS}`,
    credential_id: SEED.credentialId,
  },
  output_settings: {
    type: "s3",
    url: "s3://scoring/out/scores.csv",
    credential_id: SEED.credentialId,
    server_side_encryption: { algorithm: "AES256", customer_algorithm: "AES256", customer_key: CUSTOMER_KEY },
  },
  prediction_instance: { host_name: "pred.example.com", ssl_enabled: true, api_key: API_KEY },
  schedule: { minute: [0], hour: [2], day_of_month: ["*"], month: ["*"], day_of_week: ["*"] },
  include_prediction_status: true,
  enabled: true,
});

/** `nightly` as the first update leaves it (a new intake URL, hour 3): where the later updates start from. */
const updatedNightly = (): Record<string, unknown> => {
  const changed = nightly();
  changed.intake_settings = {
    ...(changed.intake_settings as object),
    url: "https://acct.blob.core.windows.net/in/new.csv",
  };
  changed.schedule = { ...(changed.schedule as object), hour: [3] };
  return changed;
};

const webhook = (): Record<string, unknown> => ({
  deployment_id: SEED.deploymentId,
  intake_settings: { type: "s3", url: "s3://scoring/in/data.csv", credential_id: SEED.credentialId },
  output_settings: {
    type: "http",
    url: `https://scorer:${URL_PASSWORD}@hooks.example.com/scores`,
    method: "POST",
    headers: { Authorization: `Bearer ${HEADER}` },
  },
});

function declare(definitions: Record<string, Record<string, unknown>>): void {
  fs.writeFileSync(path.join(session.root, program, "spec.json"), JSON.stringify({ definitions }));
}

async function pulumi(...args: string[]): Promise<string> {
  const output = await session.ok(program, "pulumi", [...args, "--non-interactive"], { env: env() });
  printed.push(output);
  return output;
}

async function pulumiFails(...args: string[]): Promise<string> {
  const result = await session.run(program, "pulumi", [...args, "--non-interactive"], { env: env() });
  printed.push(result.output);
  expect(result.status).not.toBe(0);
  return result.output;
}

/** The state as stored: the backend's files (stack, backups, history); `stack export` would decrypt secrets. */
const stateFiles = () => filesText(path.join(session.root, "backend"));

async function outputs(): Promise<Record<string, string>> {
  return JSON.parse(await pulumi("stack", "output", "--json"));
}

const emu = useEmulator(
  { timeScale: 20 },
  {
    beforeClose: async () => {
      await session?.run(program, "pulumi", ["destroy", "--yes", "--non-interactive"], { env: env() });
      session?.cleanup();
    },
  },
);

beforeAll(async () => {
  ({ python } = venvWithGeneratedSdk(path.join(temp, "wheel")));
  secrets = [API_KEY, CUSTOMER_KEY, HEADER, SAS, URL_PASSWORD, emu.token];
  launcherDir = pluginLauncherDir();
  session = new CliSession({ path: [launcherDir] });
  copyFolder(path.join(repoRoot, "tests", "fixtures", "python", "definitions"), path.join(session.root, program));
  await session.login();
  await pulumi("stack", "init", "dev");
  await pulumi("config", "set", "datarobot-batch:endpoint", emu.url);
  await pulumi("config", "set", "--secret", "datarobot-batch:apiToken", emu.token);
});

afterAll(() => {
  if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
  fs.rmSync(temp, { recursive: true, force: true });
});

describe("a Python program with the generated SDK, through the engine and the native plugin", () => {
  it("pulumi up creates the definitions from snake_case arguments; the API gets camelCase fields", async () => {
    declare({ nightly: nightly(), webhook: webhook() });
    const up = await pulumi("up", "--yes");
    expect(up).toContain("+ 3 created");
    const posted = (await emu.admin.requests())
      .filter((r) => r.method === "POST" && /batchPredictionJobDefinitions\/?$/.test(r.path))
      .map((r) => r.body as { name: string })
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(posted).toEqual([
      expect.objectContaining({
        intakeSettings: {
          type: "azure",
          url: "https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&sig=[secret]",
          credentialId: SEED.credentialId,
        },
        outputSettings: {
          type: "s3",
          url: "s3://scoring/out/scores.csv",
          credentialId: SEED.credentialId,
          serverSideEncryption: { algorithm: "AES256", customerAlgorithm: "AES256", customerKey: "[secret]" },
        },
        predictionInstance: { hostName: "pred.example.com", sslEnabled: true, apiKey: "[secret]" },
        schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
        includePredictionStatus: true,
      }),
      expect.objectContaining({
        outputSettings: {
          type: "http",
          url: "https://[secret]@hooks.example.com/scores",
          method: "POST",
          headers: { Authorization: "[secret]" },
        },
      }),
    ]);
    // The request log shows secrets redacted (as a client's log would); what DataRobot stored holds them as written
    // (but the apiKey, which DataRobot never returns).
    const stored = JSON.stringify(await emu.admin.definitions());
    for (const secret of [SAS, CUSTOMER_KEY, URL_PASSWORD, HEADER]) expect(stored).toContain(secret);
    const out = await outputs();
    expect(out.nightlyName).toMatch(/^nightly-[0-9a-f]{7}$/);
    expect(await pulumi("preview")).toContain("3 unchanged");
  });

  it("preview --diff names the nested paths that change, as the API spells them; up sends them", async () => {
    declare({ nightly: updatedNightly(), webhook: webhook() });
    const preview = await pulumi("preview", "--diff");
    expectLinesInOrder(preview, [
      "~ datarobot-batch:index:BatchPredictionJobDefinition: (update)",
      "~ intakeSettings: {",
      '~ url: [secret] => "https://acct.blob.core.windows.net/in/new.csv"',
      "~ schedule      : {",
      "~ hour: [",
      "~ [0]: 2 => 3",
    ]);
    await emu.admin.clearRequests();
    await pulumi("up", "--yes");
    const patches = (await emu.admin.requests()).filter((r) => r.method === "PATCH");
    expect(patches).toHaveLength(1);
    expect(patches[0]!.body).toMatchObject({
      intakeSettings: {
        type: "azure",
        url: "https://acct.blob.core.windows.net/in/new.csv",
        credentialId: SEED.credentialId,
      },
      schedule: { minute: [0], hour: [3], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
    });
  });

  it("refresh takes drift made in DataRobot on a field and on the schedule; the next up puts the program's back", async () => {
    const id = (await outputs()).nightlyId;
    const client = new DataRobotClient({ endpoint: emu.url, token: emu.token });
    await client.updateJobDefinition(id, {
      enabled: false,
      schedule: { minute: [0], hour: [5], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
    });
    const refresh = await pulumi("refresh", "--yes", "--diff");
    const drift = ["~ enabled : true => false", "~ schedule: {", "~ hour: [", "~ [0]: 3 => 5"];
    expectLinesInOrder(refresh, ["Refreshing (dev):", ...drift, "~ 1 updated"]);
    expect(stateFiles()).toMatch(/"enabled":\s*false/);
    expectNoSecrets(stateFiles(), secrets);
    const preview = await pulumi("preview", "--diff");
    expectLinesInOrder(preview, ["~ enabled : false => true", "~ schedule: {", "~ hour: [", "~ [0]: 5 => 3"]);
    await pulumi("up", "--yes");
    const stored = (await emu.admin.definitions()).find((d) => d.id === id);
    expect(stored).toMatchObject({ enabled: true, schedule: { hour: [3] } });
  });

  it("an optional field removed from the program is removed from the definition", async () => {
    const changed = updatedNightly();
    delete changed.include_prediction_status;
    declare({ nightly: changed, webhook: webhook() });
    const preview = await pulumi("preview", "--diff");
    expectLinesInOrder(preview, [
      "~ datarobot-batch:index:BatchPredictionJobDefinition: (update)",
      "- includePredictionStatus: true",
      "~ 1 to update",
    ]);
    await emu.admin.clearRequests();
    await pulumi("up", "--yes");
    // DataRobot keeps a field a PATCH leaves out: the provider sends its default (false) instead.
    const patches = (await emu.admin.requests()).filter((r) => r.method === "PATCH");
    expect(patches.at(-1)!.body).toMatchObject({ includePredictionStatus: false });
    const id = (await outputs()).nightlyId;
    const stored = (await emu.admin.definitions()).find((d) => d.id === id);
    expect(stored?.batchPredictionJob).toMatchObject({ includePredictionStatus: false });
  });

  it("a model warning shows in the preview against the resource", async () => {
    const changed = webhook();
    changed.intake_settings = { ...(changed.intake_settings as object), format: "cvs" };
    declare({ nightly: current(), webhook: changed });
    const preview = await pulumi("preview");
    const warning =
      'warning: intakeSettings.format (Python: intake_settings.format): "cvs" is not a value DataRobot documents ' +
      '("csv", "parquet"); it is sent as written — did you mean "csv"?';
    expectLinesInOrder(preview, [
      "Diagnostics:",
      "datarobot-batch:index:BatchPredictionJobDefinition (webhook):",
      warning,
    ]);
  });

  it("a bad input fails the preview with the property path in the API's and Python's spelling", async () => {
    declare({ nightly: { ...current(), prediction_threshold: 7 }, webhook: webhook() });
    const failure = await pulumiFails("preview");
    expectLinesInOrder(failure, [
      "datarobot-batch:index:BatchPredictionJobDefinition (nightly):",
      "error: datarobot-batch:index:BatchPredictionJobDefinition resource 'nightly' has a problem: " +
        "predictionThreshold (Python: prediction_threshold): 7 is too large: must be at most 1 — use a number from " +
        "0 to 1, e.g. 0.5",
    ]);
    // Nothing was sent: the model rejects the value before any API call.
    expect(failure).not.toContain("value {<nil>}");
    declare({ nightly: current(), webhook: webhook() });
  });

  it("pulumi import --generate-code=false adopts a definition; the program describing it previews no change", async () => {
    const client = new DataRobotClient({ endpoint: emu.url, token: emu.token });
    const made = (name: string) =>
      client.createJobDefinition({
        name,
        deploymentId: SEED.deploymentId,
        intakeSettings: { type: "s3", url: "s3://scoring/in/other.csv", credentialId: SEED.credentialId },
        outputSettings: { type: "s3", url: "s3://scoring/out/other.csv", credentialId: SEED.credentialId },
      } as never);
    const adopted = await made(`made-elsewhere-${RUN}`);
    const imported = await pulumi(
      "import",
      PLUGIN_JOB_DEFINITION_TYPE_TOKEN,
      "adopted",
      adopted.id,
      "--generate-code=false",
      "--protect=false",
      "--yes",
    );
    expect(imported).toContain("= 1 imported");
    // Without the flag the CLI asks this machine's old Python host to write the code, which it cannot.
    const unflagged = await made(`made-elsewhere-too-${RUN}`);
    const failed = await pulumiFails(
      "import",
      PLUGIN_JOB_DEFINITION_TYPE_TOKEN,
      "unflagged",
      unflagged.id,
      "--protect=false",
      "--yes",
    );
    // The import itself went through; only the code generation after it failed.
    expectLinesInOrder(failed, ["= 1 imported", "error: method GenerateProgram not implemented"]);
    const python = (name: string) => ({
      name,
      deployment_id: SEED.deploymentId,
      intake_settings: { type: "s3", url: "s3://scoring/in/other.csv", credential_id: SEED.credentialId },
      output_settings: { type: "s3", url: "s3://scoring/out/other.csv", credential_id: SEED.credentialId },
    });
    declare({
      nightly: current(),
      webhook: webhook(),
      adopted: python(`made-elsewhere-${RUN}`),
      unflagged: python(`made-elsewhere-too-${RUN}`),
    });
    const preview = await pulumi("preview", "--diff");
    expectLinesInOrder(preview, ["Resources:", "5 unchanged"]);
    expect(preview).not.toMatch(/to (update|create|replace|delete)/);
    expectNoSecrets(stateFiles(), secrets);
  });

  it("keeps every secret out of the state files, the CLI's output and its debug output", async () => {
    expectNoSecrets(stateFiles(), secrets);
    expectNoSecrets(printed.join("\n"), secrets);
    const debug = await pulumi("preview", "--debug");
    expectNoSecrets(debug, secrets);
    const verbose = await pulumi("preview", "--logtostderr", "-v=9");
    // At -v=7 and above the engine itself traces every property it marshals, secrets included (Pulumi's own
    // verbose logging; docs/python.md says so). Nothing else (the plugin's log, the program's) holds one.
    const lines = verbose.split("\n").filter((line) => secrets.some((secret) => line.includes(secret)));
    expect(lines.length).toBeGreaterThan(0);
    const engineTraces =
      /^\{"time":"[^"]+","level":"INFO","msg":"(Marshaling property for RPC|Unmarshaling property for RPC|Planner decided not to update)/;
    expect(lines.filter((line) => !engineTraces.test(line))).toEqual([]);
    const quieter = await pulumi("preview", "--logtostderr", "-v=5");
    expectNoSecrets(quieter, secrets);
  });

  it("pulumi destroy deletes every definition, imported ones included", async () => {
    const destroy = await pulumi("destroy", "--yes");
    expect(destroy).toContain("- 5 deleted");
    expect(await emu.admin.definitions()).toEqual([]);
  });
});

/** The nightly definition as the program declares it after the tests above changed it. */
function current(): Record<string, unknown> {
  const changed = nightly();
  changed.intake_settings = {
    ...(changed.intake_settings as object),
    url: "https://acct.blob.core.windows.net/in/new.csv",
  };
  changed.schedule = { ...(changed.schedule as object), hour: [3] };
  delete changed.include_prediction_status;
  return changed;
}
