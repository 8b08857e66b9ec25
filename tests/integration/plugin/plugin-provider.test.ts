/**
 * The native plugin's adapter (plugin/provider.ts) against the emulator, with the values the engine sends: its own
 * config namespace, secret sentinels, URNs. What the engine would store (secrets wrapped at every secret path, also
 * for a read by id as in `pulumi import`), the failures it shows (naming the property), the warnings it logs against
 * the resource, the name derived from the URN and the detailed diff.
 */
import { SEED } from "../../../emulator";
import { useEmulator } from "../helpers";
import { DataRobotClient } from "../../../provider/client";
import { generatedName } from "../../../provider/job-definition/operations";
import { PluginProvider, pluginConfigSource, type Severity } from "../../../plugin/provider";
import { JobCancelledError } from "../../../provider/run/errors";
import { SECRET_SIG, SPECIAL_SIG_KEY } from "../../../plugin/values";

jest.setTimeout(30_000);

const emu = useEmulator();
const URN = "urn:pulumi:dev::scoring::datarobot-batch:index:BatchPredictionJobDefinition::nightly";
const RUN_URN = "urn:pulumi:dev::scoring::datarobot-batch:index:BatchPredictionJobRun::smoke";
const secret = (value: unknown) => ({ [SPECIAL_SIG_KEY]: SECRET_SIG, value });
const SAS_URL = "https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sig=SECRETSIG";

function provider(logged: { severity: Severity; message: string; urn?: string }[] = []): PluginProvider {
  const plugin = new PluginProvider({
    env: {},
    log: (severity, message, urn) => logged.push({ severity, message, urn }),
    createClient: (endpoint, token) =>
      new DataRobotClient({ endpoint, token, sleep: async () => undefined, retryDeadlineMs: 5_000 }),
  });
  // As the engine sends them in Configure: `<package>:config:<key>`.
  plugin.configure(
    pluginConfigSource(
      new Map([
        ["datarobot-batch:config:endpoint", emu.url],
        ["datarobot-batch:config:apiToken", emu.token],
      ]),
    ),
  );
  return plugin;
}

const inputs = () => ({
  deploymentId: SEED.deploymentId,
  intakeSettings: { type: "azure", url: SAS_URL, credentialId: SEED.credentialId },
  predictionInstance: { hostName: "pred.example.com", apiKey: secret("PIKEY") },
});

describe("the plugin adapter", () => {
  it("check: names the resource from the URN, wraps every secret path, logs the model's warnings", async () => {
    const logged: { severity: Severity; message: string; urn?: string }[] = [];
    const result = await provider(logged).check(URN, {}, { ...inputs(), quantumScoringMode: "fast" });
    expect(result.failures).toEqual([]);
    expect(result.inputs.name).toBe(generatedName("nightly", "scoring", "dev"));
    expect(result.inputs.predictionInstance).toEqual({ hostName: "pred.example.com", apiKey: secret("PIKEY") });
    // A URL with a SAS signature is a secret by the model even when the program passed it plain.
    expect((result.inputs.intakeSettings as Record<string, unknown>).url).toEqual(secret(SAS_URL));
    expect(logged).toEqual([
      {
        severity: "warning",
        message: expect.stringMatching(/^quantumScoringMode \(Python: quantum_scoring_mode\): not a field/),
        urn: URN,
      },
    ]);
  });

  it("check: a failure names its property path, and how a Python program spells it", async () => {
    const result = await provider().check(URN, {}, { ...inputs(), intakeSettings: { type: "azure" } });
    // No `property`: the engine would print "property intakeSettings.url value {<nil>} has a problem".
    expect(result.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(/^intakeSettings\.url \(Python: intake_settings\.url\): required /),
      },
    ]);
  });

  it("check: takes the snake_case keys a Python dict leaves inside a union as the camelCase fields", async () => {
    const result = await provider().check(
      URN,
      {},
      {
        ...inputs(),
        outputSettings: {
          type: "s3",
          url: "s3://bucket/out.csv",
          credential_id: SEED.credentialId,
          server_side_encryption: { algorithm: "AES256", customer_key: secret("CUSTKEY") },
        },
        columnNamesRemapping: { customer_id: "id" },
      },
    );
    expect(result.failures).toEqual([]);
    expect(result.inputs.outputSettings).toEqual({
      type: "s3",
      url: "s3://bucket/out.csv",
      credentialId: SEED.credentialId,
      serverSideEncryption: { algorithm: "AES256", customerKey: secret("CUSTKEY") },
    });
    // A map's keys are the user's own (column names): never renamed.
    expect(result.inputs.columnNamesRemapping).toEqual([{ inputName: "customer_id", outputName: "id" }]);
  });

  it("read by id alone (pulumi import) returns inputs and outputs with secrets wrapped", async () => {
    const client = new DataRobotClient({ endpoint: emu.url, token: emu.token });
    const created = await client.createJobDefinition({
      name: "made-elsewhere",
      deploymentId: SEED.deploymentId,
      intakeSettings: { type: "azure", url: SAS_URL, credentialId: SEED.credentialId },
    } as never);
    const read = await provider().read(URN, created.id, {}, {});
    expect(read.id).toBe(created.id);
    expect((read.inputs!.intakeSettings as Record<string, unknown>).url).toEqual(secret(SAS_URL));
    expect((read.outs!.intakeSettings as Record<string, unknown>).url).toEqual(secret(SAS_URL));
    expect(JSON.stringify(read)).not.toMatch(/"url":"https:\/\/acct/);
  });

  it("create, diff with nested paths, update and delete", async () => {
    const plugin = provider();
    const checked = await plugin.check(URN, {}, { ...inputs(), name: "nightly-plugin" });
    const created = await plugin.create(URN, checked.inputs);
    expect(created.outs.predictionInstance).toMatchObject({ apiKey: secret("PIKEY") });
    const next = await plugin.check(URN, checked.inputs, {
      ...inputs(),
      name: "nightly-plugin",
      schedule: { minute: [0], hour: [3], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
    });
    const diff = await plugin.diff(URN, created.id, created.outs, next.inputs, checked.inputs);
    expect(diff).toEqual({ changes: true, replaces: [], detailedDiff: { schedule: { kind: "add", replace: false } } });
    const same = await plugin.diff(URN, created.id, created.outs, checked.inputs, checked.inputs);
    expect(same.changes).toBe(false);
    const updated = await plugin.update(URN, created.id, created.outs, next.inputs);
    expect(updated.schedule).toMatchObject({ hour: [3] });
    await plugin.delete(URN, created.id, updated);
    expect((await emu.admin.definitions()).map((d) => d.id)).not.toContain(created.id);
  });

  it("a run's check names its property", async () => {
    const result = await provider().check(RUN_URN, {}, { timeoutSeconds: -1, jobDefinitionId: "x" });
    expect(result.failures).toEqual([
      { property: "", reason: "timeoutSeconds (Python: timeout_seconds): must be a positive number (got -1)" },
    ]);
  });

  it("Cancel (the user's Ctrl-C) ends a run in flight: the job is aborted and the create fails saying so", async () => {
    const plugin = provider();
    const checked = await plugin.check(URN, {}, { ...inputs(), name: "cancelled-run" });
    const definition = await plugin.create(URN, checked.inputs);
    await emu.admin.setBehavior(definition.id, { outcome: "complete", durationMs: 10 * 60_000 });
    const run = await plugin.check(RUN_URN, {}, { jobDefinitionId: definition.id, timeoutSeconds: 3600 });
    const started = Date.now();
    const creating = plugin.create(RUN_URN, run.inputs);
    setTimeout(() => plugin.cancel(), 300);
    const error = await creating.catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(JobCancelledError);
    expect((error as JobCancelledError).disposition).toBe("aborted");
    expect((error as Error).message).toMatch(/"cancelled-run".*cancelled.*the job was aborted/);
    const jobs = await emu.admin.jobs();
    expect(jobs.find((job) => job.id === (error as JobCancelledError).jobId)?.status).toBe("ABORTED");
  });

  it("without a token the error names the plugin's own config key", async () => {
    const plugin = new PluginProvider({ env: {}, log: () => undefined });
    plugin.configure(pluginConfigSource(new Map([["datarobot-batch:config:endpoint", emu.url]])));
    const checked = await plugin.check(URN, {}, { ...inputs(), name: "no-token" });
    await expect(plugin.create(URN, checked.inputs)).rejects.toThrow(/datarobot-batch:apiToken/);
  });
});
