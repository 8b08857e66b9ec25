/**
 * Every kind of secret a definition can hold, through the real engine with DATAROBOT_BATCH_DEBUG=1: an SSE-C
 * customerKey, http output headers (Authorization, X-Api-Key), an Azure SAS `sig=` and `https://user:pass@` inside
 * URLs, and a prediction instance apiKey. The stack is created, every secret is changed, a 422 whose body quotes the
 * secrets is provoked, and the stack is refreshed. None of the values (each a distinctive marker) may appear in the
 * state files on disk (stack file, backups, history), in what the engine printed for `preview --diff`, `up` and
 * `refresh` (debug log included), in error messages, or in the review's text, Markdown and JSON; the review and the
 * diff still name each secret that changed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { SEED } from "../../emulator";
import { DataRobotClient } from "../../provider/client";
import { main, type CliIo } from "../../sdk/cli/main";
import { reviewPreview } from "../../sdk/review";
import {
  type DeclaredDefinition,
  definitionsProgram,
  definitionsWithSecrets,
  EngineLog,
  expectNoSecrets,
  expectSecretsOnlyInDebugTraces,
  filesText,
  freshApiToken,
  SECRET_SIG,
  secretMarkers,
  type Secrets,
  useEmulatorStack,
} from "./helpers";

jest.setTimeout(240_000);

const RUN = randomBytes(4).toString("hex");
const API_TOKEN = freshApiToken();

const { generations: GENERATIONS, addedOutside: ADDED_OUTSIDE, all: ALL_MARKERS } = secretMarkers(RUN);

function declaredWith(s: Secrets): DeclaredDefinition[] {
  const { sse, webhook } = definitionsWithSecrets(s, { prefix: "secrets", run: RUN });
  return [
    { resource: "sse", args: sse },
    { resource: "webhook", args: webhook },
  ];
}

let declared = declaredWith(GENERATIONS[0]);
const log = new EngineLog();
/** Every text a person or a pull request could see, besides the engine's own output. */
const seen: { label: string; text: string }[] = [];
const t = useEmulatorStack({
  projectName: "secrets",
  program: definitionsProgram(() => declared),
  emulator: { token: API_TOKEN },
  envVars: { DATAROBOT_BATCH_DEBUG: "1" },
});

async function previewCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: {},
    openStack: async () => t.stack,
  };
  const code = await main(["preview", "--stack", "test", ...args], io);
  return { code, out: out.join(""), err: err.join("") };
}

describe("every kind of secret, through the real engine", () => {
  it("creates the definitions: the secrets reach DataRobot, the debug log shows requests with secrets redacted", async () => {
    const preview = await t.stack.preview({ diff: true, ...log.capture() });
    seen.push({ label: "preview --diff (create)", text: preview.stdout });
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    const stored = new Map((await t.emu.admin.definitions()).map((d) => [String(d.name), d]));
    const webhook = stored.get(`secrets-webhook-${RUN}`) as { batchPredictionJob?: Record<string, unknown> };
    expect(JSON.stringify(webhook)).toContain(GENERATIONS[0].xApiKey); // really sent, not redacted on the wire
    // DATAROBOT_BATCH_DEBUG=1 is active: the provider's request lines are in the engine's output.
    expect(log.text()).toMatch(/\[datarobot-batch\] → POST \/batchPredictionJobDefinitions\/ attempt=1 body=/);
    expect(log.text()).toContain("sig=[secret]");
  });

  it("stores each secret leaf encrypted in inputs and outputs, and keeps the rest readable", async () => {
    const state = await t.stack.exportStack();
    const resources = state.deployment.resources as {
      urn: string;
      inputs: Record<string, Record<string, unknown>>;
      outputs: Record<string, Record<string, unknown>>;
    }[];
    const sse = resources.find((r) => r.urn.endsWith("::sse"))!;
    const webhook = resources.find((r) => r.urn.endsWith("::webhook"))!;
    for (const bag of [sse.inputs, sse.outputs]) {
      expect(bag.outputSettings.url).toBe("s3://scoring/out/scores.csv");
      expect((bag.outputSettings.serverSideEncryption as Record<string, unknown>).algorithm).toBe("AES256");
      expect((bag.outputSettings.serverSideEncryption as Record<string, unknown>).customerKey).toHaveProperty(
        SECRET_SIG,
      );
    }
    for (const bag of [webhook.inputs, webhook.outputs]) {
      const headers = bag.outputSettings.headers as Record<string, unknown>;
      expect(Object.keys(headers).sort()).toEqual(["Authorization", "X-Api-Key", "X-Team"]);
      for (const value of Object.values(headers)) expect(value).toHaveProperty(SECRET_SIG);
      expect(bag.outputSettings.url).toHaveProperty(SECRET_SIG);
      expect(bag.outputSettings.type).toBe("http");
      expect(bag.intakeSettings.url).toHaveProperty(SECRET_SIG);
      expect(bag.intakeSettings.credentialId).toBe(SEED.credentialId);
      expect(bag.predictionInstance.apiKey).toHaveProperty(SECRET_SIG);
      expect(bag.predictionInstance.hostName).toBe("pred.example.com");
    }
  });

  it("a second up is a no-op", async () => {
    await t.stack.up({ expectNoChanges: true, ...log.capture() });
  });

  it("changing every secret: preview --diff and the review name each changed secret, never a value", async () => {
    declared = declaredWith(GENERATIONS[1]);
    const preview = await t.stack.preview({ diff: true, ...log.capture() });
    seen.push({ label: "preview --diff (update)", text: preview.stdout });
    expect(preview.changeSummary).toEqual({ same: 1, update: 2 });
    expect(preview.stdout).toMatch(/customerKey\s*:\s*\[secret\]\s*=>\s*\[secret\]/);
    expect(preview.stdout).toMatch(/Authorization\s*:\s*\[secret\]\s*=>\s*\[secret\]/);

    const reviewed = await reviewPreview(t.stack, {
      onOutput: (out) => seen.push({ label: "review engine", text: out }),
    });
    seen.push({ label: "review text", text: reviewed.text });
    seen.push({ label: "review markdown", text: reviewed.markdown });
    seen.push({ label: "review JSON", text: JSON.stringify(reviewed.review) });
    for (const line of [
      "    outputSettings.serverSideEncryption.customerKey: [secret] -> [secret] (changed)",
      "    intakeSettings.url: [secret] -> [secret] (changed)",
      "    outputSettings.headers.Authorization: [secret] -> [secret] (changed)",
      '    outputSettings.headers["X-Api-Key"]: [secret] -> [secret] (changed)',
      "    outputSettings.url: [secret] -> [secret] (changed)",
      "    predictionInstance.apiKey: [secret] -> [secret] (changed)",
    ]) {
      expect(reviewed.text).toContain(`${line}\n`);
    }
    expect(reviewed.text).not.toContain("X-Team"); // unchanged header: not listed
    expect(reviewed.markdown).toContain(
      "| <code>outputSettings.headers.Authorization</code> 🔒 | <code>[secret]</code> | <code>[secret]</code> (changed) |",
    );

    // The command a pipeline runs: text, JSON and the pull-request Markdown.
    const markdownFile = path.join(t.workDir, "review.md");
    const text = await previewCli(["--markdown", markdownFile]);
    const json = await previewCli(["--json", "--no-refresh"]);
    expect([text.code, json.code]).toEqual([0, 0]);
    expect(JSON.parse(json.out).resources).toHaveLength(2);
    seen.push({ label: "cli text", text: text.out + text.err });
    seen.push({ label: "cli json", text: json.out + json.err });
    seen.push({ label: "cli markdown", text: fs.readFileSync(markdownFile, "utf8") });
    fs.rmSync(markdownFile);
  });

  it("up applies the new secrets; DataRobot holds them", async () => {
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toEqual({ same: 1, update: 2 });
    const stored = JSON.stringify(await t.emu.admin.definitions());
    expect(stored).toContain(GENERATIONS[1].customerKey);
    expect(stored).toContain(GENERATIONS[1].sasSig);
    expect(stored).not.toContain(GENERATIONS[0].customerKey);
  });

  it("a 422 whose message quotes the request's secrets is reported with them scrubbed", async () => {
    declared = declaredWith(GENERATIONS[2]);
    const s = GENERATIONS[2];
    // A server quotes the values of the request it rejects: one fault per definition, quoting that one's secrets.
    const ids = new Map((await t.emu.admin.definitions()).map((d) => [String(d.name), String(d.id)]));
    await t.emu.admin.addFault({
      method: "PATCH",
      path: `/batchPredictionJobDefinitions/${ids.get(`secrets-sse-${RUN}`)}/`,
      status: 422,
      times: 0,
      body: {
        message: `Invalid field data: customerKey ${s.customerKey}`,
        errors: {
          outputSettings: { serverSideEncryption: { customerKey: `${s.customerKey} is not a valid AES-256 key` } },
        },
      },
    });
    await t.emu.admin.addFault({
      method: "PATCH",
      path: `/batchPredictionJobDefinitions/${ids.get(`secrets-webhook-${RUN}`)}/`,
      status: 422,
      times: 0,
      body: {
        message: `Invalid field data: apiKey ${s.apiKey}, header ${s.authorization}, sig ${s.sasSig}`,
        errors: {
          intakeSettings: { url: `https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&sig=${s.sasSig}` },
          outputSettings: {
            url: `cannot reach https://bob:${s.urlPassword}@hooks.example.com/scores`,
            headers: { "X-Api-Key": `${s.xApiKey} is not accepted` },
          },
          predictionInstance: { apiKey: `${s.apiKey} is invalid` },
        },
      },
    });
    let failure: Error | undefined;
    try {
      await t.stack.up({ ...log.capture() });
    } catch (error) {
      failure = error as Error;
    } finally {
      await t.emu.admin.clearFaults();
    }
    expect(failure).toBeDefined();
    seen.push({ label: "up error", text: `${failure!.message}\n${String(failure!.stack)}` });
    const printed = log.text();
    expect(printed).toContain("failed with 422 (Invalid field data: customerKey [secret])");
    expect(printed).toContain("outputSettings.serverSideEncryption.customerKey: [secret] is not a valid AES-256 key");
    expect(printed).toContain("failed with 422 (Invalid field data: apiKey [secret], header [secret], sig [secret])");
    expect(printed).toContain("intakeSettings.url: [secret]");
    expect(printed).toContain("outputSettings.url: cannot reach [secret]");
    expect(printed).toContain("outputSettings.headers.X-Api-Key: [secret] is not accepted");
    expect(printed).toContain("predictionInstance.apiKey: [secret] is invalid");
  });

  it("refresh keeps every secret encrypted, and shows a header added outside Pulumi without its value", async () => {
    const stored = (await t.emu.admin.definitions()).find((d) => d.name === `secrets-webhook-${RUN}`)!;
    const outputSettings = (stored.batchPredictionJob as Record<string, Record<string, unknown>>).outputSettings;
    const client = new DataRobotClient({ endpoint: t.emu.url, token: API_TOKEN, requestsPerSecond: 0 });
    await client.updateJobDefinition(String(stored.id), {
      outputSettings: {
        ...outputSettings,
        headers: { ...(outputSettings.headers as object), "X-Added": ADDED_OUTSIDE },
      },
    });
    await t.stack.refresh({ ...log.capture() });
    let state = await t.stack.exportStack();
    const webhookOf = (deployment: typeof state.deployment) =>
      (deployment.resources as { urn: string; outputs: Record<string, Record<string, unknown>> }[]).find((r) =>
        r.urn.endsWith("::webhook"),
      )!;
    // `exportStack` shows secrets in plain text: the added header is not there as a secret, it is not there at all.
    const refreshed = JSON.stringify(webhookOf(state.deployment).outputs);
    expect(refreshed).toContain('"X-Added":"[secret set outside Pulumi]"');
    expect(refreshed).not.toContain(ADDED_OUTSIDE);
    const headers = webhookOf(state.deployment).outputs.outputSettings.headers as Record<string, unknown>;
    expect(headers.Authorization).toHaveProperty(SECRET_SIG);

    // The last up applies generation 3 and removes the header added outside Pulumi.
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toEqual({ same: 1, update: 2 });
    state = await t.stack.exportStack();
    const after = webhookOf(state.deployment).outputs;
    expect(Object.keys(after.outputSettings.headers as object).sort()).toEqual([
      "Authorization",
      "X-Api-Key",
      "X-Team",
    ]);
    expect(after.predictionInstance.apiKey).toHaveProperty(SECRET_SIG);
    expect(JSON.stringify(await t.emu.admin.definitions())).not.toContain(ADDED_OUTSIDE);
  });

  it("no secret of any generation appears on disk, in the engine's output, in errors or in the review", async () => {
    // On disk: the file backend (stack file, .bak, history checkpoints, backups), the stack config, PULUMI_HOME.
    const onDisk = filesText(t.workDir);
    expect(onDisk).toContain(`secrets-webhook-${RUN}`); // the state is really there
    expect(onDisk).toContain(SECRET_SIG);
    expectNoSecrets(onDisk, [API_TOKEN, ...ALL_MARKERS]);
    // Everything the engine printed (preview --diff, up, refresh, the provider's debug log, diagnostics).
    expectNoSecrets(log.text(), [API_TOKEN, ...ALL_MARKERS]);
    for (const { label, text } of seen) {
      try {
        expectNoSecrets(text, [API_TOKEN, ...ALL_MARKERS]);
      } catch (error) {
        throw new Error(`${label}: ${(error as Error).message}`);
      }
    }
    // Engine events: the only place secret values appear are the Node SDK's own debug-level RPC traces.
    expectSecretsOnlyInDebugTraces(log.events, ALL_MARKERS);
  });

  it("destroy deletes both definitions", async () => {
    const destroy = await t.stack.destroy({ ...log.capture() });
    expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
    expectNoSecrets(log.text(), ALL_MARKERS);
  });
});
