/**
 * `datarobot-batch preview|run --stack` against the real Automation API and pulumi CLI: a missing `pulumi`, a missing
 * project and a missing stack each end with one line saying what to do, and exit code 5 (as `--help` promises).
 * The built CLI is spawned as a process, as a pipeline runs it.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { engineBinDir, repoRoot } from "./helpers";

jest.setTimeout(60_000);

const cli = path.join(repoRoot, "dist", "sdk", "cli", "main.js");
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-errors-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runCli(
  args: string[],
  pathDirs: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    HOME: process.env.HOME,
    PATH: pathDirs.join(path.delimiter),
    PULUMI_HOME: path.join(dir, ".pulumi-home"),
    PULUMI_BACKEND_URL: `file://${dir}`,
    PULUMI_CONFIG_PASSPHRASE: "x",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("datarobot-batch --stack: Automation API errors", () => {
  it("pulumi not on PATH: one line saying how to get it, exit 5", async () => {
    const result = await runCli(["preview", "--stack", "dev", "--cwd", dir], [path.dirname(process.execPath)]);
    expect(result.status).toBe(5);
    expect(result.stderr).toBe(
      "datarobot-batch: the pulumi CLI was not found on PATH (--stack drives it through the Automation API). Install " +
        "Pulumi, or in this package's repository run `npm run engine` and add the directory it prints to PATH.\n",
    );
  });

  it("no Pulumi.yaml in the directory: one line naming it, exit 5", async () => {
    const empty = fs.mkdtempSync(path.join(dir, "empty-"));
    const result = await runCli(
      ["run", "--stack", "dev", "--cwd", empty],
      [engineBinDir(), path.dirname(process.execPath)],
    );
    expect(result.status).toBe(5);
    expect(result.stderr).toBe(
      `datarobot-batch: no Pulumi project (Pulumi.yaml) in ${JSON.stringify(empty)}. Run the command in the project ` +
        "directory, or pass --cwd <project directory>.\n",
    );
  });

  it("a stack that does not exist: one line naming it, exit 5", async () => {
    const project = fs.mkdtempSync(path.join(dir, "project-"));
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: cli-errors\nruntime: nodejs\n");
    const result = await runCli(
      ["preview", "--stack", "nope", "--cwd", project],
      [engineBinDir(), path.dirname(process.execPath)],
    );
    expect(result.status).toBe(5);
    expect(result.stderr).toBe(
      `datarobot-batch: stack "nope" was not found in ${JSON.stringify(project)}. List the stacks with \`pulumi stack ls\` ` +
        "in the project directory, or pass --cwd <project directory>.\n",
    );
  });
});
