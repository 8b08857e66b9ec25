/**
 * examples/python as its README tells a user to run it, against the emulator: the stack config it documents
 * (its checked-in stack file Pulumi.emulator.yaml with the emulator's ids, the secret `datarobot-batch:apiToken`), `pulumi
 * up` (the definition, then its run after the deploy), the exported outputs, `datarobot-batch run --stack` and
 * `datarobot-batch preview --stack` (the pull-request review) on the Python stack, and `pulumi destroy`.
 *
 * The program runs with the cached venv holding the wheel of generated/python (PULUMI_PYTHON_CMD: this machine's
 * Python host ignores Pulumi.yaml's `virtualenv`); the engine finds the plugin on PATH.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SEED } from "../../emulator";
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

const cli = path.join(repoRoot, "dist", "sdk", "cli", "main.js");
const folder = "python";
let session: CliSession;
let launcherDir: string;
let python: string;
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "python-example-e2e-"));
const printed: string[] = [];

async function inFolder(command: string, ...args: string[]): Promise<{ status: number | null; output: string }> {
  const result = await session.run(folder, command, args, { env: { PULUMI_PYTHON_CMD: python } });
  printed.push(result.output);
  return result;
}

async function ok(command: string, ...args: string[]): Promise<string> {
  const result = await inFolder(command, ...args);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.output}`);
  return result.output;
}

const emu = useEmulator(
  { timeScale: 20 },
  {
    beforeClose: async () => {
      await session?.run(folder, "pulumi", ["destroy", "--yes", "--non-interactive"], {
        env: { PULUMI_PYTHON_CMD: python },
      });
      session?.cleanup();
    },
  },
);

beforeAll(async () => {
  ({ python } = venvWithGeneratedSdk(path.join(temp, "wheel")));
  launcherDir = pluginLauncherDir();
  session = new CliSession({ path: [launcherDir] });
  copyFolder(path.join(repoRoot, "examples", "python"), path.join(session.root, folder));
  await session.login();
});

afterAll(() => {
  if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
  fs.rmSync(temp, { recursive: true, force: true });
});

describe("examples/python as its README runs it", () => {
  it("deploys its emulator stack as documented: the definition, then one run of it", async () => {
    // The checked-in stack file holds the emulator's seeded ids; only the port (random here) and the token differ.
    expect(fs.readFileSync(path.join(repoRoot, "examples", "python", "Pulumi.emulator.yaml"), "utf8")).toContain(
      `datarobot-batch-python:deploymentId: ${SEED.deploymentId}\n  datarobot-batch-python:credentialId: ${SEED.credentialId}\n`,
    );
    await ok("pulumi", "stack", "init", "emulator", "--non-interactive");
    await ok("pulumi", "config", "set", "datarobot-batch:endpoint", emu.url);
    await ok("pulumi", "config", "set", "--secret", "datarobot-batch:apiToken", emu.token);
    const up = await ok("pulumi", "up", "--yes", "--non-interactive");
    expect(up).toContain("+ 3 created");
    const outputs = JSON.parse(await ok("pulumi", "stack", "output", "--json"));
    expect(outputs).toEqual({
      definitionId: expect.stringMatching(/^[0-9a-f]{24}$/),
      definitionName: expect.stringMatching(/^nightly-scoring-[0-9a-f]{7}$/),
      nextScheduledRunTime: expect.stringMatching(/T02:00:00/),
      runStatus: "COMPLETED",
      scoredRows: expect.any(Number),
      batchPredictionJobDefinitions: [outputs.definitionId],
    });
    const [stored] = await emu.admin.definitions();
    expect(stored).toMatchObject({
      id: outputs.definitionId,
      enabled: true,
      schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
      batchPredictionJob: {
        deploymentId: SEED.deploymentId,
        intakeSettings: { type: "s3", url: "s3://scoring/input/customers.csv", credentialId: SEED.credentialId },
        outputSettings: {
          type: "s3",
          url: "s3://scoring/output/customers-scored.csv",
          credentialId: SEED.credentialId,
        },
        includePredictionStatus: true,
        passthroughColumnsSet: "all",
      },
    });
    expect(await ok("pulumi", "preview", "--non-interactive")).toContain("3 unchanged");
  });

  it("datarobot-batch run --stack emulator runs the exported definition with the stack's datarobot-batch:* config", async () => {
    const { definitionId, definitionName } = JSON.parse(await ok("pulumi", "stack", "output", "--json"));
    await emu.admin.clearRequests();
    // No DATAROBOT_ENDPOINT/DATAROBOT_API_TOKEN in the environment (CliSession removes them): the stack's config.
    const run = await inFolder("node", cli, "run", "--stack", "emulator");
    expect(run.output).toMatch(new RegExp(`${definitionName} +[0-9a-f]{24} +COMPLETED +\\d+ rows`));
    expect(run.status).toBe(0);
    const started = (await emu.admin.requests()).filter(
      (r) => r.method === "POST" && r.path.startsWith("/batchPredictions/fromJobDefinition"),
    );
    expect(started.map((r) => r.body)).toEqual([expect.objectContaining({ jobDefinitionId: definitionId })]);
  });

  it("datarobot-batch preview --stack emulator reviews a change of the Python stack", async () => {
    await ok("pulumi", "config", "set", "hour", "4");
    const review = await inFolder("node", cli, "preview", "--stack", "emulator", "--markdown", "review.md");
    expect(review.status).toBe(0);
    const { definitionName } = JSON.parse(await ok("pulumi", "stack", "output", "--json"));
    expectLinesInOrder(review.output, [
      "DataRobot batch prediction job definitions: preview of stack emulator",
      "1 job definition changes: 1 to update.",
      `~ nightly-scoring [${definitionName}] (update)`,
      "schedule: every day at 02:00 UTC (enabled) -> every day at 04:00 UTC (enabled)",
      "schedule.hour: [2] -> [4]",
    ]);
    const markdown = fs.readFileSync(path.join(session.root, folder, "review.md"), "utf8");
    expect(markdown).toContain("every day at 04:00 UTC");
  });

  it("pulumi destroy removes the definition; no secret reached the state files or the output", async () => {
    const destroy = await ok("pulumi", "destroy", "--yes", "--non-interactive");
    expect(destroy).toContain("- 3 deleted");
    expect(await emu.admin.definitions()).toEqual([]);
    expectNoSecrets(filesText(path.join(session.root, "backend")), [emu.token]);
    expectNoSecrets(printed.join("\n"), [emu.token]);
  });
});
