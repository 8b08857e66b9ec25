/**
 * The Python package as users get it: the wheel and the sdist of generated/python built as the release workflow builds
 * them (`python -m build --no-isolation` with scripts/python-sdk/requirements-build.txt), the wheel installed with pip
 * into a fresh virtual environment OUTSIDE the repository (next to the Pulumi SDK at the engine's version), and
 * examples/python deployed and destroyed with it through the real engine against the emulator. The venv is
 * activated as its README says (its bin/ first on PATH, VIRTUAL_ENV set), not named with PULUMI_PYTHON_CMD: the
 * other Python tests use the shared cached venv and the repository's files; this one alone sees what the wheel
 * ships.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SEED } from "../../emulator";
import { CliSession, copyFolder, pluginLauncherDir, repoRoot, useEmulator } from "./helpers";

jest.setTimeout(600_000);

const VERSION = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version as string;
const requirements = (name: string) => path.join(repoRoot, "scripts", "python-sdk", name);

let tmp: string;
let venv: string;
let dist: string;
let session: CliSession;
let launcherDir: string;

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    cwd: options.cwd ?? tmp,
    env: options.env ?? process.env,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${output}`);
  return output;
}

const emu = useEmulator(
  { timeScale: 20 },
  {
    beforeClose: async () => {
      await session?.run("project", "pulumi", ["destroy", "--yes", "--non-interactive"], { env: activated() });
      session?.cleanup();
    },
  },
);

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-datarobot-batch-python-packaging-"));
  venv = path.join(tmp, "venv");
  run(process.env.PYTHON ?? "python3", ["-m", "venv", venv]);
  const python = path.join(venv, "bin", "python");
  const pip = (...args: string[]) => run(python, ["-m", "pip", "--disable-pip-version-check", "-q", ...args]);
  // The release workflow's build, from a copy (setuptools writes build/ and *.egg-info next to the sources).
  pip("install", "-r", requirements("requirements-build.txt"));
  const source = path.join(tmp, "source");
  fs.cpSync(path.join(repoRoot, "generated", "python"), source, { recursive: true });
  dist = path.join(tmp, "dist");
  run(python, ["-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", dist, source]);
  // What `pip install pulumi-datarobot-batch` does, with pulumi held at the engine's version.
  pip("install", "-c", requirements("requirements-pulumi.txt"), path.join(dist, wheelName()));
  launcherDir = pluginLauncherDir();
  session = new CliSession({ path: [launcherDir, path.join(venv, "bin")] });
  copyFolder(path.join(repoRoot, "examples", "python"), path.join(session.root, "project"));
  await session.login();
});

afterAll(() => {
  if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const wheelName = () => `pulumi_datarobot_batch-${VERSION}-py3-none-any.whl`;
/** `source venv/bin/activate`: the session puts the venv's bin/ on PATH; this names the venv. */
const activated = () => ({ VIRTUAL_ENV: venv });

describe("the Python package built for a release", () => {
  it("is a wheel and an sdist named by the package's version", () => {
    expect(fs.readdirSync(dist).sort()).toEqual([wheelName(), `pulumi_datarobot_batch-${VERSION}.tar.gz`].sort());
    const members = run("tar", ["-tzf", path.join(dist, `pulumi_datarobot_batch-${VERSION}.tar.gz`)]).split("\n");
    for (const file of ["pyproject.toml", "README.md", "pulumi_datarobot_batch/pulumi-plugin.json"]) {
      expect(members).toContain(`pulumi_datarobot_batch-${VERSION}/${file}`);
    }
  });

  it("installs into a fresh venv outside the repository and imports from there", () => {
    expect(path.relative(repoRoot, venv).startsWith("..")).toBe(true);
    const report = JSON.parse(
      run(path.join(venv, "bin", "python"), [
        "-c",
        "import json, importlib.metadata as m, pulumi_datarobot_batch as p, pulumi; " +
          "print(json.dumps({'file': p.__file__, 'version': m.version('pulumi_datarobot_batch'), " +
          "'pulumi': m.version('pulumi'), 'plugin': json.load(open(p.__file__.replace('__init__.py', 'pulumi-plugin.json')))}))",
      ]),
    );
    expect(report.file.startsWith(path.join(venv, "lib"))).toBe(true);
    expect(report).toMatchObject({
      version: VERSION,
      pulumi: "3.248.0",
      plugin: { resource: true, name: "datarobot-batch", version: VERSION },
    });
  });

  it("deploys examples/python with the activated venv, and destroys it", async () => {
    const env = activated();
    const pulumi = (...args: string[]) => session.ok("project", "pulumi", [...args, "--non-interactive"], { env });
    await pulumi("stack", "init", "dev");
    await pulumi("config", "set", "datarobot-batch:endpoint", emu.url);
    await pulumi("config", "set", "--secret", "datarobot-batch:apiToken", emu.token);
    await pulumi("config", "set", "deploymentId", SEED.deploymentId);
    await pulumi("config", "set", "credentialId", SEED.credentialId);
    expect(await pulumi("up", "--yes")).toContain("+ 3 created");
    const outputs = JSON.parse(await pulumi("stack", "output", "--json"));
    expect(outputs.runStatus).toBe("COMPLETED");
    expect((await emu.admin.definitions()).map((d) => d.id)).toEqual([outputs.definitionId]);
    expect(await pulumi("destroy", "--yes")).toContain("- 3 deleted");
    expect(await emu.admin.definitions()).toEqual([]);
  });
});
