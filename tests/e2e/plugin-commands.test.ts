/**
 * The plugin's single executable also serves this package's commands, for a team with `pulumi` and no Node.js (a
 * Python or YAML team): packed once by scripts/plugin-package.js from its default entry (executable/main.ts), then
 * run with PATH holding only the engine's bin folder. `emulator` starts the emulator, `probe` probes it, `run <id>`
 * runs a definition created over the REST API, and on a YAML stack deployed with the same executable as its plugin,
 * `run --stack` and `preview --stack` drive the Pulumi CLI through the Automation API bundled inside it. The version it
 * reports (`--version`, the schema the engine reads) is the packaged one, not "0.0.0" for a missing package.json.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SEED } from "../../emulator";
import {
  CliSession,
  expectLinesInOrder,
  packAndUnpack,
  pathWithoutNode,
  repoRoot,
  type UnpackedPlugin,
} from "./helpers";

jest.setTimeout(300_000);

const packageVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string })
  .version;

interface Emulator {
  child: ChildProcess;
  url: string;
  adminUrl: string;
  token: string;
}

describe("the plugin executable serves the commands without Node.js", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-commands-"));
  const session = new CliSession();
  let plugin: UnpackedPlugin;
  let bin: string;
  let emulator: Emulator;

  /** Runs the executable as a user types it: PATH without node, in the session (its PULUMI_HOME and backend). */
  const exe = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    session.run(cwd, plugin.executable, args, { env: { PATH: bin, ...env } });
  const connection = () => ({ DATAROBOT_ENDPOINT: emulator.url, DATAROBOT_API_TOKEN: emulator.token });
  const api = async (method: string, route: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${emulator.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
  const requests = async () =>
    (await (await fetch(`${emulator.adminUrl}/requests`)).json()) as { method: string; path: string; body: unknown }[];

  beforeAll(async () => {
    plugin = await packAndUnpack(work);
    bin = pathWithoutNode();
    await session.login();
  });

  afterAll(() => {
    emulator?.child.kill("SIGTERM");
    session.cleanup();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("prints its version (the packaged one), its usage, and a usage error for a mistyped command", async () => {
    const version = await exe(".", ["--version"]);
    expect(version).toEqual({ status: 0, output: `${packageVersion}\n` });
    const help = await exe(".", ["--help"]);
    expect(help.status).toBe(0);
    expectLinesInOrder(help.output, [
      "pulumi-resource-datarobot-batch run|preview|probe ...",
      "pulumi-resource-datarobot-batch emulator ...",
    ]);
    const typo = await exe(".", ["prevew", "--stack", "dev"]);
    expect(typo.status).toBe(2);
    expect(typo.output).toMatch(/^pulumi-resource-datarobot-batch: unknown command "prevew"\nUsage:/);
    // The CLI's own help and usage errors, from inside the executable.
    const runHelp = await exe(".", ["run", "--help"]);
    expect(runHelp.status).toBe(0);
    expect(runHelp.output).toContain("datarobot-batch run --stack <stack> [--cwd <dir>] [options]");
  });

  it("starts the emulator, and waits for it", async () => {
    const child = spawn(plugin.executable, ["emulator", "--port", "0", "--job-duration-ms", "300"], {
      cwd: work,
      env: { PATH: bin, HOME: work },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const banner = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Other user's token")) resolve(output);
      });
      child.on("exit", (code) => reject(new Error(`the emulator exited ${code} before listening:\n${output}`)));
    });
    const field = (label: string) => {
      const match = new RegExp(`${label}[^:]*:\\s+(\\S+)`).exec(banner);
      if (!match) throw new Error(`no ${label} in the emulator's banner:\n${banner}`);
      return match[1]!;
    };
    emulator = { child, url: field("API base"), adminUrl: field("Admin"), token: field("Owner token") };
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
    expect(await api("GET", "/batchPredictionJobDefinitions/")).toMatchObject({ data: [] });
  });

  it("probe finds the emulator's behaviours and deletes its definitions", async () => {
    const probe = await exe(".", ["probe", "--deployment-id", SEED.deploymentId, "--watch", "1s"], connection());
    expect(probe.status).toBe(0);
    expectLinesInOrder(probe.output, [
      `DataRobot at ${emulator.url} (deployment ${SEED.deploymentId}):`,
      "PATCH of one job-spec field (intakeSettings)     merge",
      "create with a name already taken                 409",
      "Cleanup: deleted 7 probe definition(s) named pulumi-datarobot-batch-probe-",
    ]);
    expect(await api("GET", "/batchPredictionJobDefinitions/")).toMatchObject({ data: [] });
  });

  it("run <id> runs a definition created over the REST API and waits for its job", async () => {
    const created = await api("POST", "/batchPredictionJobDefinitions/", {
      name: "made-by-hand",
      deploymentId: SEED.deploymentId,
      intakeSettings: { type: "s3", url: "s3://scoring/in/data.csv" },
      outputSettings: { type: "s3", url: "s3://scoring/out/scores.csv" },
      enabled: false,
    });
    const before = (await requests()).length;
    const run = await exe(".", ["run", String(created.id), "--json"], connection());
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.output.slice(run.output.indexOf("{\n"))) as Record<string, unknown>;
    expect(summary).toMatchObject({
      definitionId: created.id,
      name: "made-by-hand",
      outcome: "COMPLETED",
      scoredRows: 1000,
    });
    const started = (await requests()).slice(before).filter((r) => r.path.endsWith("/fromJobDefinition/"));
    expect(started.map((r) => r.body)).toEqual([{ jobDefinitionId: created.id }]);
  });

  describe("on a YAML stack deployed with the executable as its plugin", () => {
    const project = "yaml-commands";
    const writeProgram = (schedule?: Record<string, unknown[]>) =>
      fs.writeFileSync(
        path.join(session.root, project, "Pulumi.yaml"),
        [
          `name: ${project}`,
          "runtime: yaml",
          // The engine starts the unpacked executable itself (no Node.js launcher in between).
          `plugins: { providers: [{ name: datarobot-batch, path: ${JSON.stringify(plugin.dir)} }] }`,
          "resources:",
          "  nightly:",
          "    type: datarobot-batch:index:BatchPredictionJobDefinition",
          "    properties:",
          `      deploymentId: ${SEED.deploymentId}`,
          "      intakeSettings: { type: s3, url: s3://scoring/in/data.csv }",
          "      outputSettings: { type: s3, url: s3://scoring/out/scores.csv }",
          "      enabled: false",
          ...(schedule ? [`      schedule: ${JSON.stringify(schedule)}`] : []),
          "outputs:",
          "  batchPredictionJobDefinitions: [ '${nightly.id}' ]",
          "",
        ].join("\n"),
      );
    /** `pulumi` itself, from the engine's bin folder: PATH as the executable's commands see it. */
    const pulumi = (...args: string[]) =>
      session.ok(project, "pulumi", [...args, "--non-interactive"], { env: { PATH: bin } });
    let definitionId: string;

    beforeAll(async () => {
      fs.mkdirSync(path.join(session.root, project));
      writeProgram();
      await pulumi("stack", "init", "dev");
      await pulumi("config", "set", "datarobot-batch:endpoint", emulator.url);
      await pulumi("config", "set", "--secret", "datarobot-batch:apiToken", emulator.token);
      await pulumi("up", "--yes");
      definitionId = JSON.parse(await pulumi("stack", "output", "--json")).batchPredictionJobDefinitions[0] as string;
    });

    it("the engine reads the packaged version from the executable's schema", async () => {
      const schema = JSON.parse(await pulumi("package", "get-schema", plugin.executable)) as { version: string };
      expect(schema.version).toBe(packageVersion);
    });

    it("run --stack runs the definitions the stack exports, with the stack's config", async () => {
      const before = (await requests()).length;
      // From another folder, as a pipeline step would: --cwd names the project.
      const run = await exe(".", ["run", "--stack", "dev", "--cwd", path.join(session.root, project)]);
      expect(run.status).toBe(0);
      expect(run.output).toMatch(new RegExp(`nightly-[0-9a-f]{7}\\s+[0-9a-f]{24}\\s+COMPLETED\\s+1000 rows`));
      const started = (await requests()).slice(before).filter((r) => r.path.endsWith("/fromJobDefinition/"));
      expect(started.map((r) => r.body)).toEqual([{ jobDefinitionId: definitionId }]);
    });

    it("preview --stack reviews a change of the program", async () => {
      writeProgram({ minute: [0], hour: [3], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] });
      const preview = await exe(project, ["preview", "--stack", "dev"]);
      expect(preview.status).toBe(0);
      expectLinesInOrder(preview.output, [
        "DataRobot batch prediction job definitions: preview of stack dev",
        "1 job definition changes: 1 to update.",
        "~ nightly [nightly-",
        "schedule: none (disabled) -> every day at 03:00 UTC (disabled)",
      ]);
      // A preview changes nothing in DataRobot.
      const definition = await api("GET", `/batchPredictionJobDefinitions/${definitionId}/`);
      expect(definition.schedule ?? null).toBeNull();
    });
  });
});
