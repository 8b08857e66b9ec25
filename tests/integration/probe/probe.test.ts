/**
 * The probe against the emulator in each server behaviour: it must name every behaviour correctly, and leave nothing
 * behind (also after an injected failure mid-run, and after Ctrl-C of the built CLI). The localFile upload step has
 * its own file (probe-local-file.test.ts); it is skipped here to keep these runs short.
 */
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { SEED, type EmulatorConfig } from "../../../emulator";
import { useEmulator } from "../helpers";
import { formatReport, NAME_PREFIX, ProbeHttp, reportJson, runProbe } from "../../../sdk/probe";

jest.setTimeout(30_000);

const emu = useEmulator();

const STEPS = ["patch", "null", "echo", "unknown", "duplicate", "chunk"];

const DEFAULTS = {
  patchSemantics: "merge",
  nullInWrite: "clear",
  serverFilledFields: "none",
  unknownFields: "keep",
  duplicateNameStatus: 409,
  chunkSizeRange: "positive",
};

async function probe(steps = STEPS) {
  const http = new ProbeHttp(emu.url, emu.token);
  return runProbe({ http, deploymentId: SEED.deploymentId, steps, sleep: async () => undefined });
}

function behaviours(result: Awaited<ReturnType<typeof probe>>): Record<string, unknown> {
  return Object.fromEntries(result.findings.map((finding) => [finding.key, finding.behaviour]));
}

async function probeDefinitionsLeft(): Promise<unknown[]> {
  return (await emu.admin.definitions()).filter((d) => String(d.name).startsWith(NAME_PREFIX));
}

const HOSTILE: Partial<EmulatorConfig> = {
  patchSemantics: "fill-defaults",
  nullInWrite: "reject",
  serverFilledFields: "documented",
  unknownFields: "keep",
  duplicateNameStatus: 422,
  chunkSizeRange: "recalled",
};

describe("the probe names each server behaviour", () => {
  it.each<[string, Partial<EmulatorConfig>]>([
    ["the defaults", {}],
    ["patchSemantics replace-spec", { patchSemantics: "replace-spec" }],
    ["patchSemantics fill-defaults", { patchSemantics: "fill-defaults" }],
    ["nullInWrite reject", { nullInWrite: "reject" }],
    ["nullInWrite ignore", { nullInWrite: "ignore" }],
    ["serverFilledFields documented", { serverFilledFields: "documented" }],
    ["unknownFields ignore", { unknownFields: "ignore" }],
    ["unknownFields reject", { unknownFields: "reject" }],
    ["duplicateNameStatus 422", { duplicateNameStatus: 422 }],
    ["chunkSizeRange recalled", { chunkSizeRange: "recalled" }],
    ["all hostile at once", HOSTILE],
  ])("%s", async (_name, config) => {
    await emu.admin.setConfig(config);
    const result = await probe();
    expect(behaviours(result)).toEqual({ ...DEFAULTS, ...config });
    expect(result.errors).toEqual([]);
    expect(result.cleanup.failed).toEqual([]);
    expect(await probeDefinitionsLeft()).toEqual([]);
    expect(await emu.admin.definitions()).toEqual([]);
  });

  it("reports the filled paths as evidence and prints the emulator options reproducing the server", async () => {
    await emu.admin.setConfig(HOSTILE);
    const result = await probe();
    const echo = result.findings.find((f) => f.key === "serverFilledFields");
    expect(echo?.evidence).toContain("batchJobType");
    expect(echo?.evidence).toContain("intakeSettings.format");
    const text = formatReport(result);
    expect(text).toMatch(/^UNKNOWN\s+BEHAVIOUR\s+EVIDENCE$/m);
    expect(text).toContain(
      "datarobot-batch-emulator --patch-semantics fill-defaults --null-in-write reject --server-filled-fields documented " +
        "--unknown-fields keep --duplicate-name-status 422 --chunk-size-range recalled",
    );
    expect(text).toContain(
      'startEmulator({"patchSemantics":"fill-defaults","nullInWrite":"reject","serverFilledFields":"documented",' +
        '"unknownFields":"keep","duplicateNameStatus":422,"chunkSizeRange":"recalled"})',
    );
    expect(text).toMatch(
      /Cleanup: deleted \d+ probe definition\(s\) named pulumi-datarobot-batch-probe-[0-9a-f]{8}-\*/,
    );
    expect(reportJson(result).emulator).toEqual({
      command: expect.stringContaining("--patch-semantics fill-defaults"),
      options: HOSTILE,
    });
  });

  it("names its definitions <prefix>-<run>-<step>, disabled, and only deletes what it created", async () => {
    const bystander = await emu.admin.definitions(); // empty after reset
    expect(bystander).toEqual([]);
    const own = await fetch(`${emu.url}/batchPredictionJobDefinitions/`, {
      method: "POST",
      headers: { Authorization: `Bearer ${emu.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        name: `${NAME_PREFIX}-not-this-run`,
        deploymentId: SEED.deploymentId,
        intakeSettings: { type: "localFile" },
      }),
    });
    expect(own.status).toBe(202);
    await emu.admin.clearRequests();
    const result = await probe();
    const requests = await emu.admin.requests();
    const posts = requests.filter((r) => r.method === "POST").map((r) => r.body as { name: string; enabled: boolean });
    expect(posts.length).toBeGreaterThan(0);
    for (const body of posts) {
      expect(body.name).toMatch(new RegExp(`^${result.runPrefix}-(patch|null|echo|unknown|duplicate|chunk)$`));
      expect(body.enabled).toBe(false);
    }
    const left = await emu.admin.definitions();
    expect(left.map((d) => d.name)).toEqual([`${NAME_PREFIX}-not-this-run`]);
  });
});

describe("cleanup after failures", () => {
  it("an injected 500 on every PATCH: those steps are unclear, the rest settle, nothing is left", async () => {
    await emu.admin.addFault({ method: "PATCH", path: "/batchPredictionJobDefinitions/*", status: 500, times: 0 });
    const result = await probe();
    expect(behaviours(result)).toMatchObject({
      patchSemantics: "unclear",
      nullInWrite: "unclear",
      chunkSizeRange: "positive",
    });
    expect(result.findings.find((f) => f.key === "patchSemantics")?.evidence).toContain("PATCH answered 500");
    await emu.admin.clearFaults();
    expect(await emu.admin.definitions()).toEqual([]);
  });

  it("a connection dropped after a create was stored: the lost definition is found by its run prefix and deleted", async () => {
    // The first create (step "patch") is handled and stored, but its answer never arrives.
    await emu.admin.addFault({ method: "POST", path: "/batchPredictionJobDefinitions", drop: "after", times: 1 });
    const result = await probe();
    expect(result.errors).toEqual([
      { step: "patch", message: expect.stringContaining("POST /batchPredictionJobDefinitions/ failed") },
    ]);
    expect(await emu.admin.definitions()).toEqual([]);
  });

  it("never prints the token, even when the server echoes it", async () => {
    await emu.admin.addFault({
      method: "POST",
      path: "/batchPredictionJobDefinitions",
      status: 422,
      body: { message: `bad token ${emu.token}`, errors: { chunkSize: emu.token } },
      times: 0,
    });
    const result = await probe();
    const printed = formatReport(result) + JSON.stringify(reportJson(result));
    expect(printed).toContain("[secret]");
    expect(printed).not.toContain(emu.token);
  });
});

describe("the built CLI", () => {
  const cli = path.join(__dirname, "..", "..", "..", "dist", "sdk", "cli", "main.js");

  function spawnProbe(args: string[], env: Record<string, string> = { DATAROBOT_ENDPOINT: emu.url }) {
    const { DATAROBOT_ENDPOINT: _inherited, ...inherited } = process.env;
    const child = spawn(process.execPath, [cli, "probe", "--deployment-id", SEED.deploymentId, ...args], {
      env: { ...inherited, DATAROBOT_API_TOKEN: emu.token, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, exited, output: () => ({ stdout, stderr }) };
  }

  it("prints the report and exits 0; requires --deployment-id", async () => {
    const run = spawnProbe(["--watch", "300ms"]);
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toMatch(/^UNKNOWN\s+BEHAVIOUR\s+EVIDENCE$/m);
    expect(run.output().stdout).toContain("datarobot-batch-emulator --patch-semantics merge");
    expect(run.output().stdout).not.toContain(emu.token);
    expect(await emu.admin.definitions()).toEqual([]);
    const usage = spawnSync(process.execPath, [cli, "probe"], { encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("probe: --deployment-id <id> is required");
  });

  it.each([
    ["without DATAROBOT_ENDPOINT", {}],
    ["with DATAROBOT_ENDPOINT naming another address", { DATAROBOT_ENDPOINT: "http://127.0.0.1:9/api/v2" }],
  ])("--endpoint URL probes that URL %s (the token from DATAROBOT_API_TOKEN)", async (_label, env) => {
    const run = spawnProbe(["--endpoint", emu.url, "--watch", "300ms"], env);
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain(`Probing ${emu.url} with throwaway definitions`);
    expect(run.output().stdout).toMatch(/^UNKNOWN\s+BEHAVIOUR\s+EVIDENCE$/m);
    expect(`${run.output().stdout}${run.output().stderr}`).not.toMatch(/not configured for this stack|pulumi config/);
    expect(await emu.admin.definitions()).toEqual([]);
  });

  it("SIGINT mid-run: exits 130, aborts its job and deletes every definition it created", async () => {
    // A long INITIALIZING phase keeps the probe watching its localFile run until the signal arrives.
    await emu.admin.setConfig({ jobDurationMs: 600_000 });
    const run = spawnProbe(["--watch", "20s"]);
    const deadline = Date.now() + 15_000;
    while ((await emu.admin.jobs()).length === 0) {
      if (Date.now() > deadline) throw new Error(`the probe never started its run: ${JSON.stringify(run.output())}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await emu.admin.definitions()).length).toBeGreaterThan(0);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
    expect(run.output().stdout).toContain("Interrupted: the remaining steps were skipped.");
    expect(await emu.admin.definitions()).toEqual([]);
    expect((await emu.admin.jobs()).map((job) => job.status)).toEqual(["ABORTED"]);
  });
});
