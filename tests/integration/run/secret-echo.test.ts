/**
 * A FAILED job whose statusDetails and logs quote the API token, the job's spec (secrets included) and its URLs
 * percent-encoded, with terminal escapes (the emulator's `echoSecrets` behavior): the library's errors (message,
 * fields, `JSON.stringify(err)`, a deep inspect), runAfterDeploy's summary and the CLI's text and `--json` output
 * show none of the secrets, in any quoted form, and no raw control character.
 */
import * as util from "node:util";
import { SEED } from "../../../emulator";
import { scaledClock } from "../../../provider/run/clock";
import { JobFailedError } from "../../../provider/run/errors";
import { runJobDefinition } from "../../../provider/run/run";
import { main, EXIT } from "../../../sdk/cli/main";
import { runAfterDeploy } from "../../../sdk/run/after-deploy";
import { fakeCliIo, TIME_SCALE, useRunHarness } from "../helpers";

jest.setTimeout(30_000);

const h = useRunHarness();

/** The SAS signature as it sits in the URL (percent-encoded), and as it decodes: `AbC/dEf+GhI=`-like. */
const SIG_DECODED = "SiGSECRET/dEf+GhI=";
const SIG = encodeURIComponent(SIG_DECODED);
/** A header value with a quote and a backslash: JSON-escaped when the server quotes the spec. */
const HEADER = 'HDRSECRET"987\\xyz';
const API_KEY = "PIAPIKEYSECRET55";
const DATAROBOT_KEY = "DRKEYSECRET66";

async function createEchoingDefinition(name: string): Promise<string> {
  const definition = await h.client.createJobDefinition({
    name,
    enabled: false,
    deploymentId: SEED.deploymentId,
    intakeSettings: {
      type: "azure",
      url: `https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&sig=${SIG}`,
      credentialId: SEED.credentialId,
    },
    outputSettings: {
      type: "http",
      url: "https://hooks.example.com/scores",
      method: "PUT",
      headers: { Authorization: `Bearer ${HEADER}`, "X-Team": "ml" },
    },
    predictionInstance: {
      hostName: "pred.example.com",
      sslEnabled: true,
      apiKey: API_KEY,
      datarobotKey: DATAROBOT_KEY,
    },
  });
  await h.emulator.admin.setBehavior(definition.id, {
    outcome: "fail",
    durationMs: 5_000,
    echoSecrets: true,
  });
  return definition.id;
}

/** Every form in which the server's echo holds a secret: raw, percent-encoded (once and twice), JSON-escaped. */
function leakedForms(): string[] {
  const secrets = [h.emulator.token, SIG, SIG_DECODED, HEADER, API_KEY, DATAROBOT_KEY];
  return secrets.flatMap((secret) => [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1),
  ]);
}

function expectScrubbed(text: string): void {
  for (const form of leakedForms()) expect(text).not.toContain(form);
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u001b\u009b\u202e]/);
  expect(text).toContain("[secret]");
}

describe("a FAILED job echoing the token and the definition's secrets", () => {
  it("the emulator's echo holds them all (the test would see a leak)", async () => {
    const id = await createEchoingDefinition("echo-raw");
    const job = await h.client.startJobFromDefinition(id);
    const clock = scaledClock(TIME_SCALE);
    let seen = await h.client.getJob(job.id);
    while (seen.status !== "FAILED") {
      await clock.sleep(1_000);
      seen = await h.client.getJob(job.id);
    }
    const raw = `${seen.statusDetails} ${(seen.logs ?? []).join(" ")}`;
    for (const secret of [h.emulator.token, SIG, HEADER.replace(/["\\]/g, (c) => `\\${c}`), API_KEY, DATAROBOT_KEY])
      expect(raw).toContain(secret);
    expect(raw).toContain(encodeURIComponent(SIG));
    expect(raw).toContain("\u001b[31m");
  });

  it("runJobDefinition: JobFailedError's message, fields, JSON and inspect hold no secret and no raw control", async () => {
    await createEchoingDefinition("echo-lib");
    const error = await runJobDefinition("echo-lib", { client: h.client, clock: h.clock() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    const failed = error as JobFailedError;
    expect(failed.statusDetails).toContain("token=[secret]");
    expect(failed.message).toContain("\\u001b[31mcannot write the results\\u001b[0m");
    expectScrubbed(failed.message);
    expectScrubbed(failed.statusDetails ?? "");
    expectScrubbed(failed.logs.join("\n"));
    expectScrubbed(JSON.stringify(failed));
    expectScrubbed(util.inspect(failed, { depth: Infinity }));
    // The job stays useful: its spec is there with the secret values masked.
    const spec = failed.job?.jobSpec as Record<string, Record<string, unknown>>;
    expect(spec.predictionInstance.datarobotKey).toBe("[secret]"); // apiKey is write-only: DataRobot never returns it
    expect(spec.outputSettings.headers).toEqual({ Authorization: "[secret]", "X-Team": "[secret]" });
    expect(spec.intakeSettings.url).toBe(
      "https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&sig=[secret]",
    );
  });

  it("runAfterDeploy: the summary's error holds no secret", async () => {
    await createEchoingDefinition("echo-deploy");
    const summary = await runAfterDeploy(
      { outputs: { batchPredictionJobDefinitions: { value: ["echo-deploy"] } } },
      { client: h.client, clock: h.clock() },
    );
    expect(summary.runs).toMatchObject([{ reference: "echo-deploy", outcome: "FAILED" }]);
    expectScrubbed(JSON.stringify(summary));
  });

  it("the CLI: text output and --json hold no secret and no raw control character", async () => {
    await createEchoingDefinition("echo-cli");
    const text = fakeCliIo(h.emulator, { columns: 72 });
    expect(await main(["run", "echo-cli"], text.io)).toBe(EXIT.FAILED);
    expect(text.stdout()).toContain("ended with status FAILED");
    expectScrubbed(text.stdout() + text.stderr());

    const json = fakeCliIo(h.emulator, { columns: 72 });
    expect(await main(["run", "echo-cli", "--json"], json.io)).toBe(EXIT.FAILED);
    const parsed = JSON.parse(json.stdout()) as { outcome: string; error: string };
    expect(parsed.outcome).toBe("FAILED");
    expectScrubbed(json.stdout() + json.stderr());
    expectScrubbed(parsed.error);
  });

  it("the CLI: a definition name holding terminal escapes (set out of band) is printed escaped", async () => {
    const id = await createEchoingDefinition("echo-name");
    await h.emulator.admin.editDefinition(id, { name: "echo-\u001b[2J\u202ename" });
    const text = fakeCliIo(h.emulator, { columns: 72 });
    expect(await main(["run", id], text.io)).toBe(EXIT.FAILED);
    expect(text.stdout()).toContain("echo-\\u001b[2J\\u202ename");
    expectScrubbed(text.stdout() + text.stderr());
  });
});
