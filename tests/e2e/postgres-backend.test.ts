/**
 * Team pipelines on shared state: Pulumi's PostgreSQL backend (`postgres://`) with several CI runners at once.
 * A real PostgreSQL server (scripts/postgres.js: initdb + pg_ctl on a free loopback port, in a temporary directory)
 * holds the state of one stack per environment of examples/pipeline; every runner is a process of its own with a
 * fresh checkout (work directory, PULUMI_HOME), as on separate CI machines, against the emulator:
 *  - deploys of different stacks run in parallel; runAfterDeploy and `datarobot-batch run --stack` read the outputs;
 *  - three pull-request previews (`datarobot-batch preview --markdown`) run while `main` deploys one of their stacks:
 *    all succeed, and the only writes DataRobot receives are the deploy's;
 *  - two deploys of the same stack: the second is refused by the lock, succeeds when retried, no duplicates;
 *  - a runner SIGKILLed mid-deploy: cancel, refresh --clear-pending-creates and the pipeline restore the declared set.
 * The server is stopped at the end (and on any exit): nothing keeps running.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { SEED } from "../../emulator";
import type { ScoringSettings } from "../../examples/pipeline/program";
import { startPostgres, type RunningPostgres } from "../../scripts/postgres";
import {
  killProcessesIn,
  repoRoot,
  type RunnerArgs,
  type RunnerResult,
  spawnTs,
  type TsChild,
  useEmulator,
} from "./helpers";

jest.setTimeout(600_000);

const RUNNER = path.join(__dirname, "helpers", "pipeline-runner.ts");
const PASSPHRASE = `team-${randomBytes(6).toString("hex")}`;
const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
const DEFINITIONS_PATH = "/batchPredictionJobDefinitions";
const ONE_DEFINITION_PATH = "/batchPredictionJobDefinitions/*";

const root = path.join(repoRoot, ".e2e", `postgres-${randomBytes(4).toString("hex")}`);
let pg: RunningPostgres;
const emu = useEmulator(
  { jobDurationMs: 300 },
  { beforeClose: () => killProcessesIn(root) }, // providers of a killed runner, if a test failed before reaping them
);
let runners = 0;

function settings(stack: string, release: string): ScoringSettings {
  return {
    deploymentId: SEED.deploymentId,
    credentialId: SEED.credentialId,
    outputPrefix: `s3://scoring/${stack}/${release}`,
    namePrefix: `pipeline-${stack}`,
  };
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  result?: RunnerResult;
}

/** Starts a runner on a fresh checkout of its own (nothing shared with other runners but the backend). */
function startRunner(args: Omit<RunnerArgs, "backendUrl" | "workDir">): TsChild & { workDir: string } {
  const workDir = path.join(root, `runner-${++runners}-${args.command}-${args.stackName}`);
  const child = spawnTs(RUNNER, [JSON.stringify({ ...args, backendUrl: pg.url, workDir })], {
    ...process.env,
    DATAROBOT_ENDPOINT: emu.url,
    DATAROBOT_API_TOKEN: emu.token,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
  });
  return { ...child, workDir };
}

async function finished(runner: TsChild): Promise<Finished> {
  const { code, signal, output } = await runner.exited;
  const line = output.split("\n").find((l) => l.startsWith("RESULT "));
  return { code, signal, output, ...(line ? { result: JSON.parse(line.slice("RESULT ".length)) } : {}) };
}

async function run(args: Omit<RunnerArgs, "backendUrl" | "workDir">): Promise<Finished> {
  return finished(startRunner(args));
}

/** Exit code 0, or a failure showing what the runner printed. */
function expectSuccess(done: Finished): void {
  if (done.code !== 0) throw new Error(`runner exited ${done.code ?? done.signal}:\n${done.output}`);
}

async function definitionsByName(): Promise<Map<string, string[]>> {
  const byName = new Map<string, string[]>();
  for (const d of await emu.admin.definitions()) {
    byName.set(String(d.name), [...(byName.get(String(d.name)) ?? []), String(d.id)]);
  }
  return byName;
}

function declaredNames(stacks: readonly string[]): string[] {
  return stacks.flatMap((s) => [`pipeline-${s}-nightly`, `pipeline-${s}-weekly`]).sort();
}

/** Keys of the state table under a folder of the backend's file layout (keys start with the database name). */
function keys(folder: string): string[] {
  return pg
    .psql(`SELECT key FROM pulumi_state WHERE key LIKE '${pg.database}/.pulumi/${folder}/%' ORDER BY key`)
    .split("\n")
    .filter(Boolean);
}

/** The stacks' locks: rows of the state table, like the state itself. */
function locks(): string[] {
  return keys("locks");
}

async function waitFor(what: string, condition: () => Promise<boolean> | boolean, runner?: TsChild): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${runner?.output() ?? ""}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Writes DataRobot received, as "METHOD path definitionId" with the definition the write concerns. */
async function writes(): Promise<string[]> {
  return (await emu.admin.requests())
    .filter((r) => r.method !== "GET")
    .map((r) => {
      const id = /[0-9a-f]{24}/.exec(r.path)?.[0] ?? (r.body as { jobDefinitionId?: string })?.jobDefinitionId;
      return `${r.method} ${r.path.replace(/[0-9a-f]{24}/, "<id>")} ${id ?? "-"}`;
    })
    .sort();
}

beforeAll(async () => {
  fs.mkdirSync(root, { recursive: true });
  pg = await startPostgres();
});

afterAll(async () => {
  await pg?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("one stack per environment in a PostgreSQL backend", () => {
  it("deploys the three environments from three runners at once, state and no lock left in PostgreSQL", async () => {
    const deploys = await Promise.all(
      ENVIRONMENTS.map((stack) => run({ command: "deploy", stackName: stack, settings: settings(stack, "r1") })),
    );
    deploys.forEach(expectSuccess);
    for (const d of deploys) expect(d.output).toContain('==> deployed: {"create":3}');

    const byName = await definitionsByName();
    expect([...byName.keys()].sort()).toEqual(declaredNames(ENVIRONMENTS));
    for (const ids of byName.values()) expect(ids).toHaveLength(1);
    // runAfterDeploy read each stack's outputs from the backend and ran its two definitions once.
    const started = (await emu.admin.requests())
      .filter((r) => r.method === "POST" && r.path.startsWith("/batchPredictions/fromJobDefinition"))
      .map((r) => (r.body as { jobDefinitionId: string }).jobDefinitionId)
      .sort();
    expect(started).toEqual([...byName.values()].flat().sort());

    const stateKeys = keys("stacks");
    for (const stack of ENVIRONMENTS) {
      expect(stateKeys).toContain(`${pg.database}/.pulumi/stacks/datarobot-batch-pipeline/${stack}.json`);
    }
    expect(locks()).toEqual([]);
  });

  it("datarobot-batch run --stack runs the definitions a stack in PostgreSQL exports", async () => {
    await emu.admin.clearRequests();
    const done = await run({ command: "run", stackName: "staging", settings: settings("staging", "r1") });
    expectSuccess(done);
    const byName = await definitionsByName();
    const started = (await emu.admin.requests())
      .filter((r) => r.method === "POST")
      .map((r) => `${r.path} ${(r.body as { jobDefinitionId: string }).jobDefinitionId}`)
      .sort();
    expect(started).toEqual(
      ["pipeline-staging-nightly", "pipeline-staging-weekly"]
        .map((name) => `/batchPredictions/fromJobDefinition/ ${byName.get(name)![0]}`)
        .sort(),
    );
    expect(done.output).toMatch(/pipeline-staging-nightly +[0-9a-f]{24} +COMPLETED/);
  });

  it("three pull-request previews run while main deploys one of their stacks; only the deploy writes", async () => {
    const reviews = path.join(root, "reviews");
    fs.mkdirSync(reviews, { recursive: true }); // the CLI writes a review file into an existing directory only
    // One preview alone, for the figure.
    const alone = await run({
      command: "preview",
      stackName: "dev",
      settings: settings("dev", "r2"),
      markdownFile: path.join(reviews, "alone.md"),
    });
    expectSuccess(alone);
    const aloneMs = alone.result!.endedAt - alone.result!.startedAt;

    await emu.admin.clearRequests();
    // The deploy's PATCHes are slow, so it holds prod's lock while the previews run.
    await emu.admin.addFault({ method: "PATCH", path: ONE_DEFINITION_PATH, latencyMs: 3_000, times: 0 });
    const deploy = startRunner({ command: "deploy", stackName: "prod", settings: settings("prod", "r2") });
    await waitFor("the deploy to take prod's lock", () => locks().length === 1, deploy);
    const previews = await Promise.all(
      ENVIRONMENTS.map((stack) =>
        run({
          command: "preview",
          stackName: stack,
          settings: settings(stack, "r3"),
          markdownFile: path.join(reviews, `${stack}.md`),
        }),
      ),
    );
    const deployed = await finished(deploy);
    await emu.admin.clearFaults();

    previews.forEach(expectSuccess);
    expectSuccess(deployed);
    for (const [i, stack] of ENVIRONMENTS.entries()) {
      const markdown = fs.readFileSync(path.join(reviews, `${stack}.md`), "utf8");
      expect(markdown.split("\n")[0]).toBe(`<!-- datarobot-batch-preview stack=${stack} -->`);
      expect(previews[i].output).toContain("2 job definitions change: 2 to update.");
    }
    // The previews ran while the deploy held the lock.
    const previewStart = Math.min(...previews.map((p) => p.result!.startedAt));
    const previewEnd = Math.max(...previews.map((p) => p.result!.endedAt));
    expect(previewStart).toBeLessThan(deployed.result!.endedAt);

    // DataRobot received exactly the deploy's writes: a PATCH of each prod definition, then a run of each.
    const prod = await definitionsByName();
    const prodIds = ["pipeline-prod-nightly", "pipeline-prod-weekly"].map((name) => prod.get(name)![0]);
    expect(await writes()).toEqual(
      [
        ...prodIds.map((id) => `PATCH /batchPredictionJobDefinitions/<id>/ ${id}`),
        ...prodIds.map((id) => `POST /batchPredictions/fromJobDefinition/ ${id}`),
      ].sort(),
    );
    const concurrentMs = previewEnd - previewStart;
    console.log(
      `[figures] one preview alone: ${(aloneMs / 1000).toFixed(1)} s; three concurrent previews (during a deploy): ` +
        `${(concurrentMs / 1000).toFixed(1)} s wall time`,
    );
  });

  it("two deploys of the same stack: the second is refused by the lock, then succeeds when retried", async () => {
    await emu.admin.addFault({ method: "PATCH", path: ONE_DEFINITION_PATH, latencyMs: 3_000, times: 0 });
    const first = startRunner({ command: "deploy", stackName: "staging", settings: settings("staging", "r2") });
    await waitFor("the first deploy to take staging's lock", () => locks().length === 1, first);
    const second = await run({ command: "deploy", stackName: "staging", settings: settings("staging", "r2") });
    const firstDone = await finished(first);
    await emu.admin.clearFaults();

    expectSuccess(firstDone);
    expect(firstDone.output).toContain('==> deployed: {"same":1,"update":2}');
    expect(second.code).toBe(1);
    expect(second.result?.locked).toBe(true);
    expect(second.output).toMatch(
      /==> deploy refused: the stack "staging" is locked by another update: created by \S+@\S+ \(pid \d+\) at \S+\n/,
    );
    // The backend URL in the engine's message is redacted; the database password appears nowhere.
    expect(second.output).not.toContain(pg.password);
    expect(locks()).toEqual([]);

    const retried = await run({ command: "deploy", stackName: "staging", settings: settings("staging", "r2") });
    expectSuccess(retried);
    expect(retried.output).toContain('==> deployed: {"same":3}');
    const byName = await definitionsByName();
    expect([...byName.keys()].sort()).toEqual(declaredNames(ENVIRONMENTS));
    for (const ids of byName.values()) expect(ids).toHaveLength(1);
    const staging = (await emu.admin.definitions()).filter((d) => String(d.name).startsWith("pipeline-staging-"));
    expect(
      staging.map((d) => (d.batchPredictionJob as { outputSettings: { url: string } }).outputSettings.url).sort(),
    ).toEqual(["s3://scoring/staging/r2/nightly.csv", "s3://scoring/staging/r2/weekly.csv"]);
  });

  it("a runner SIGKILLed mid-deploy: cancel, refresh --clear-pending-creates, then the pipeline restore the declared set", async () => {
    await emu.admin.clearRequests();
    // The creates are held 2 s by DataRobot and then handled: they succeed after the runner died.
    await emu.admin.addFault({ method: "POST", path: DEFINITIONS_PATH, latencyMs: 2_000, times: 0 });
    const killed = startRunner({ command: "deploy", stackName: "qa", settings: settings("qa", "r1") });
    await waitFor(
      "both creates to reach DataRobot",
      async () => (await emu.admin.requests()).filter((r) => r.method === "POST").length === 2,
      killed,
    );
    killed.killGroup();
    expect((await killed.exited).signal).toBe("SIGKILL");
    // The engine starts plugins in process groups of their own: reap the dynamic-provider process too.
    killProcessesIn(killed.workDir);
    await emu.admin.clearFaults();
    await waitFor("the held creates to finish", async () => (await definitionsByName()).has("pipeline-qa-weekly"));

    // The dead runner's lock stays in PostgreSQL: the next pipeline run is refused.
    expect(locks()).toHaveLength(1);
    const refused = await run({ command: "deploy", stackName: "qa", settings: settings("qa", "r1") });
    expect(refused.code).toBe(1);
    expect(refused.result?.locked).toBe(true);

    expectSuccess(await run({ command: "recover", stackName: "qa", settings: settings("qa", "r1") }));
    expect(locks()).toEqual([]);
    await emu.admin.clearRequests();
    const resumed = await run({ command: "deploy", stackName: "qa", settings: settings("qa", "r1") });
    expectSuccess(resumed);
    // adoptExisting takes over what the dead runner created: no POST of a definition, no duplicate.
    expect((await writes()).filter((w) => w.startsWith("POST /batchPredictionJobDefinitions"))).toEqual([]);
    const byName = await definitionsByName();
    expect([...byName.keys()].sort()).toEqual(declaredNames([...ENVIRONMENTS, "qa"]));
    for (const ids of byName.values()) expect(ids).toHaveLength(1);
    expect(resumed.output).toMatch(/pipeline-qa-nightly +[0-9a-f]{24} +COMPLETED/);
  });

  it("stops its PostgreSQL server and removes its data", async () => {
    const { port, dataDir } = pg;
    await pg.stop();
    expect(pg.isRunning()).toBe(false);
    expect(fs.existsSync(dataDir)).toBe(false);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.on("connect", () => (socket.destroy(), resolve(false)));
      socket.on("error", () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
