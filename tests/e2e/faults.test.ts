/**
 * Faults through the real engine: throttling (429) and outages (503) during up, refresh and destroy are ridden out by
 * the client's retries; an `up` SIGKILLed while creates are in flight is recovered with cancel + refresh + up, ending
 * with exactly the declared definitions — no duplicates, nothing lost; a refresh answered with another definition's
 * body (a proxy or cache mixing up answers) fails and re-points nothing; a quota's 429 fails only its own update.
 */
import * as path from "node:path";
import { DataRobotClient } from "../../provider/client";
import { SEED } from "../../emulator";
import {
  createInlineStack,
  type DeclaredDefinition,
  definitionsProgram,
  emulatorConfig,
  EngineLog,
  expectNoSecrets,
  filesText,
  freshApiToken,
  killProcessesIn,
  nightlySchedule,
  spawnTs,
  type TestStack,
  useEmulator,
} from "./helpers";

jest.setTimeout(120_000);

const API_TOKEN = freshApiToken();
const DEFINITIONS_PATH = "/batchPredictionJobDefinitions";
const ONE_DEFINITION_PATH = "/batchPredictionJobDefinitions/*";

const emu = useEmulator(
  { token: API_TOKEN },
  {
    beforeClose: async () => {
      for (const t of stacks) await t.cleanup();
    },
  },
);
const log = new EngineLog();
const stacks: TestStack[] = [];

function definitions(prefix: string, count: number): DeclaredDefinition[] {
  return Array.from({ length: count }, (_, i) => ({
    resource: `${prefix}${i}`,
    args: {
      name: `${prefix}-${i}`,
      deploymentId: SEED.deploymentId,
      intakeSettings: { type: "dataset", datasetId: SEED.datasetId },
      outputSettings: { type: "s3", url: `s3://scoring/${prefix}/${i}.csv`, credentialId: SEED.credentialId },
      schedule: nightlySchedule(i),
    },
  }));
}

/** A stack of `declared` against this file's emulator, destroyed before the emulator closes. */
async function definitionsStack(projectName: string, declared: DeclaredDefinition[]): Promise<TestStack> {
  const t = await createInlineStack({
    projectName,
    program: definitionsProgram(() => declared),
    config: emulatorConfig(emu),
  });
  stacks.push(t);
  return t;
}

async function requestLog(): Promise<string[]> {
  return (await emu.admin.requests()).map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{24}/, "<id>")} ${r.status}`);
}

async function storedNames(): Promise<string[]> {
  return (await emu.admin.definitions()).map((d) => String(d.name)).sort();
}

afterAll(() => {
  // Nothing printed by any operation of this file carried the token.
  expectNoSecrets(log.everything(), [API_TOKEN]);
});

describe("429 and 503 during up, refresh and destroy", () => {
  const declared = definitions("flaky", 2);
  let t: TestStack;

  beforeAll(async () => {
    t = await definitionsStack("faults", declared);
  });

  it("up rides out throttling and an outage of POST, creating each definition once", async () => {
    await emu.admin.addFault({ method: "POST", path: DEFINITIONS_PATH, status: 429, headers: { "Retry-After": "1" } });
    await emu.admin.addFault({ method: "POST", path: DEFINITIONS_PATH, status: 503, times: 2 });
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    const posts = (await requestLog()).filter((line) => line.startsWith("POST"));
    expect(posts).toEqual([
      "POST /batchPredictionJobDefinitions/ 429",
      "POST /batchPredictionJobDefinitions/ 503",
      "POST /batchPredictionJobDefinitions/ 503",
      "POST /batchPredictionJobDefinitions/ 202",
      "POST /batchPredictionJobDefinitions/ 202",
    ]);
    expect(await storedNames()).toEqual(["flaky-0", "flaky-1"]);
  });

  it("refresh rides out 429 and 503 on GET and reports no drift", async () => {
    await emu.admin.clearRequests();
    await emu.admin.addFault({ method: "GET", path: ONE_DEFINITION_PATH, status: 503, times: 2 });
    await emu.admin.addFault({ method: "GET", path: ONE_DEFINITION_PATH, status: 429 });
    const refresh = await t.stack.refresh({ ...log.capture() });
    expect(refresh.summary.resourceChanges).toEqual({ same: 3 });
    const gets = await requestLog();
    expect(gets.filter((line) => / (429|503)$/.test(line))).toHaveLength(3);
    expect(gets.filter((line) => line.endsWith(" 200"))).toHaveLength(2);
    await t.stack.preview({ expectNoChanges: true, ...log.capture() });
  });

  it("destroy rides out 503 and 429 on DELETE and leaves nothing behind", async () => {
    await emu.admin.clearRequests();
    await emu.admin.addFault({ method: "DELETE", path: ONE_DEFINITION_PATH, status: 503 });
    await emu.admin.addFault({ method: "DELETE", path: ONE_DEFINITION_PATH, status: 429 });
    const destroy = await t.stack.destroy({ ...log.capture() });
    expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
    const deletes = await requestLog();
    expect(deletes.sort()).toEqual(
      [
        "DELETE /batchPredictionJobDefinitions/<id>/ 503",
        "DELETE /batchPredictionJobDefinitions/<id>/ 429",
        "DELETE /batchPredictionJobDefinitions/<id>/ 204",
        "DELETE /batchPredictionJobDefinitions/<id>/ 204",
      ].sort(),
    );
    expect(await storedNames()).toEqual([]);
  });
});

describe("an up killed while creates are in flight", () => {
  const declared = definitions("killed", 3);
  let t: TestStack;

  beforeAll(async () => {
    await emu.admin.reset();
    t = await definitionsStack("interrupted", declared);
  });

  /** Starts `up` in a child process group; resolves once DataRobot has received every POST, then SIGKILLs the group. */
  async function upKilledMidFlight(): Promise<string> {
    const child = spawnTs(path.join(__dirname, "helpers", "up-child.ts"), [
      JSON.stringify({ projectName: "interrupted", workDir: t.workDir, declared }),
    ]);
    const deadline = Date.now() + 60_000;
    while ((await emu.admin.requests()).filter((r) => r.method === "POST").length < declared.length) {
      if (Date.now() > deadline) throw new Error(`the POSTs never arrived; child output:\n${child.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.killGroup(); // the Automation API host and the pulumi CLI
    expect((await child.exited).signal).toBe("SIGKILL");
    // The engine starts its plugins in process groups of their own, so the dynamic-provider process outlives the
    // kill (as it would on a CI runner). Reap it, found by its working directory, so the test leaves nothing behind.
    killProcessesIn(t.workDir);
    const output = child.output();
    log.chunks.push(output);
    return output;
  }

  it("leaves DataRobot with the definitions and the state with pending creates and a lock", async () => {
    // The POSTs are held for 2 s and then handled: the creates succeed on the server after the engine died.
    await emu.admin.addFault({ method: "POST", path: DEFINITIONS_PATH, latencyMs: 2000, times: 0 });
    const output = await upKilledMidFlight();
    expect(output).toMatch(/killed0 creating/);
    expect(output).not.toMatch(/created/);
    await emu.admin.clearFaults();
    const deadline = Date.now() + 10_000;
    while ((await storedNames()).length < declared.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await storedNames()).toEqual(["killed-0", "killed-1", "killed-2"]);

    const state = await t.stack.exportStack();
    const pending = (state.deployment.pending_operations ?? []) as { type: string; resource: { urn: string } }[];
    expect(pending.map((p) => [p.type, p.resource.urn.split("::").pop()]).sort()).toEqual([
      ["creating", "killed0"],
      ["creating", "killed1"],
      ["creating", "killed2"],
    ]);
    // The local backend's lock survives the kill: every operation fails until `pulumi cancel`.
    await expect(t.stack.refresh({ ...log.capture() })).rejects.toThrow(/the stack is currently locked/);
  });

  it("cancel + refresh keeps the pending creates; refresh --clear-pending-creates drops them", async () => {
    await t.stack.cancel();
    const refresh = await t.stack.refresh({ ...log.capture() });
    expect(refresh.summary.resourceChanges).toEqual({ same: 1 });
    expect((await t.stack.exportStack()).deployment.pending_operations).toHaveLength(3);

    const cleared = await t.stack.refresh({ clearPendingCreates: true, ...log.capture() });
    expect(cleared.summary.result).toBe("succeeded");
    expect((await t.stack.exportStack()).deployment.pending_operations ?? []).toEqual([]);
  });

  it("without adoptExisting, up refuses to duplicate: a name conflict naming the existing definition", async () => {
    await emu.admin.clearRequests();
    const existing = new Map((await emu.admin.definitions()).map((d) => [String(d.name), String(d.id)]));
    await expect(t.stack.up({ ...log.capture() })).rejects.toThrow(
      new RegExp(`named "killed-0" already exists in this DataRobot organization \\(id ${existing.get("killed-0")}, `),
    );
    expect(await storedNames()).toEqual(["killed-0", "killed-1", "killed-2"]);
    expect((await requestLog()).filter((line) => line.startsWith("POST") && !line.endsWith(" 409"))).toEqual([]);
  });

  it("with adoptExisting, up takes the definitions over (no POST) and ends with exactly the declared ones", async () => {
    // The recovery recipe (docs/troubleshooting.md): these are the stack's own definitions, so destroy may delete them.
    for (const d of declared) Object.assign(d.args, { adoptExisting: true, deleteAdoptedOnDestroy: true });
    const before = new Map((await emu.admin.definitions()).map((d) => [String(d.name), String(d.id)]));
    await emu.admin.clearRequests();
    const up = await t.stack.up({ ...log.capture() });
    expect(up.summary.resourceChanges).toMatchObject({ create: 3 });
    const methods = (await requestLog()).map((line) => line.split(" ")[0]);
    expect(methods.filter((m) => m === "POST")).toEqual([]);
    expect(methods.filter((m) => m === "PATCH")).toHaveLength(3);
    for (const d of declared) expect(up.outputs[`${d.resource}Id`].value).toBe(before.get(String(d.args.name)));
    expect(await storedNames()).toEqual(["killed-0", "killed-1", "killed-2"]);
    await t.stack.up({ expectNoChanges: true, ...log.capture() });
    const destroy = await t.stack.destroy({ ...log.capture() });
    expect(destroy.summary.resourceChanges).toEqual({ delete: 4 });
    expect(await storedNames()).toEqual([]);
    expectNoSecrets(filesText(t.workDir), [API_TOKEN]);
  });
});

describe("a 429 with a quota's Retry-After on one update", () => {
  const declared = definitions("quota", 4);
  let t: TestStack;

  beforeAll(async () => {
    await emu.admin.reset();
    t = await definitionsStack("quota", declared);
    await t.stack.up({ ...log.capture() });
  });

  it("fails that update at once, saying so; the other updates of the process go through", async () => {
    for (const d of declared) (d.args.outputSettings as { url: string }).url = "s3://new/out.csv";
    await emu.admin.clearRequests();
    // The first PATCH, whichever it is, gets the quota answer. One update at a time, so every later PATCH is sent
    // after it: a client paused by its Retry-After (one client per endpoint in the provider process) held them all.
    await emu.admin.addFault({
      method: "PATCH",
      path: ONE_DEFINITION_PATH,
      status: 429,
      headers: { "Retry-After": "600" },
      body: { message: "Quota exceeded" },
    });
    const t0 = Date.now();
    const up = await t.stack.up({ parallel: 1, continueOnError: true, ...log.capture() }).catch((e: Error) => e);
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(up).toBeInstanceOf(Error);
    expect(String((up as Error).message)).toMatch(
      /the server asked to wait 600 s \(Retry-After\), more than the 1\d\d(\.\d)? s left before this operation's deadline\); last error: 429 \(Quota exceeded\)/,
    );
    const patches = (await requestLog()).filter((line) => line.startsWith("PATCH"));
    expect(patches.filter((line) => line.endsWith(" 429"))).toHaveLength(1);
    expect(patches.filter((line) => line.endsWith(" 200"))).toHaveLength(3);
    const urls = (await emu.admin.definitions()).map(
      (d) => (d.batchPredictionJob as { outputSettings: { url: string } }).outputSettings.url,
    );
    expect(urls.filter((url) => url === "s3://new/out.csv")).toHaveLength(3);
  });
});

describe("a proxy or cache answering a refresh with another definition's body", () => {
  const declared = definitions("ours", 1);
  let t: TestStack;
  let theirs: { id: string };

  beforeAll(async () => {
    await emu.admin.reset();
    // Another stack's definition, created first: the fault swaps it in for ours.
    theirs = await new DataRobotClient({ endpoint: emu.url, token: API_TOKEN }).createJobDefinition({
      name: "their-definition",
      deploymentId: SEED.deploymentId,
      intakeSettings: { type: "dataset", datasetId: SEED.datasetId },
    });
    t = await definitionsStack("mixed-answers", declared);
  });

  async function stateIds(): Promise<string[]> {
    const state = await t.stack.exportStack();
    const resources = (state.deployment.resources ?? []) as { type: string; id?: string }[];
    return resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => String(r.id));
  }

  it("refresh fails naming both ids and the proxy, the state keeps our id, destroy deletes ours and not theirs", async () => {
    await t.stack.up({ ...log.capture() });
    const ours = (await emu.admin.definitions()).find((d) => d.name === "ours-0")!;
    expect(await stateIds()).toEqual([ours.id]);

    await emu.admin.addFault({ method: "GET", path: ONE_DEFINITION_PATH, answer: "another-definition", times: 0 });
    const refresh = t.stack.refresh({ ...log.capture() });
    await expect(refresh).rejects.toThrow(
      `GET /batchPredictionJobDefinitions/${ours.id}/ asked about id ${ours.id} but was answered about id ` +
        `${theirs.id}. A proxy or cache between this client and DataRobot may be mixing up answers`,
    );
    expect(await stateIds()).toEqual([ours.id]);

    await emu.admin.clearRequests();
    const destroy = await t.stack.destroy({ ...log.capture() });
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
    expect((await requestLog()).filter((line) => line.startsWith("DELETE"))).toEqual([
      "DELETE /batchPredictionJobDefinitions/<id>/ 204",
    ]);
    expect((await emu.admin.requests()).find((r) => r.method === "DELETE")?.path).toBe(
      `/batchPredictionJobDefinitions/${ours.id}/`,
    );
    expect((await emu.admin.definitions()).map((d) => d.id)).toEqual([theirs.id]);
    await emu.admin.clearFaults();
  });
});
