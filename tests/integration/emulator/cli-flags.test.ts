/** The emulator CLI's safety flags through the real command: missing values exit 2, exposed binds warn loudly. */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { eventually } from "../helpers";

const root = resolve(__dirname, "../../..");

/** Starts the CLI; resolves with its output once `until` matches it (then stops it) or once it exits. */
async function runCli(
  args: string[],
  until?: RegExp,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/cli.ts", ...args], { cwd: root });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  if (until) {
    try {
      await eventually(async () => until.test(stdout + stderr), 15_000, 50);
    } finally {
      child.kill("SIGTERM");
    }
  }
  return { code: await exited, stdout, stderr };
}

describe("emulator CLI flags", () => {
  it("--token without a value exits 2 instead of silently using the published default token", async () => {
    const result = await runCli(["--port", "0", "--token"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--token needs a value");
    expect(result.stderr).toContain("Usage: npm run emulator");
    expect(result.stdout).toBe("");
  }, 20_000);

  it("--other-token followed by another flag exits 2", async () => {
    const result = await runCli(["--other-token", "--port", "0"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--other-token needs a value");
  }, 20_000);

  it("--host 0.0.0.0 warns on stderr that the published default tokens are in use", async () => {
    const result = await runCli(["--host", "0.0.0.0", "--port", "0"], /API base/);
    expect(result.stderr).toMatch(
      /^WARNING: the DataRobot emulator listens on 0\.0\.0\.0:\d+, which is not a loopback address\. It accepts the PUBLISHED DEFAULT TOKENS \(emulator-owner-token, emulator-other-token\)/,
    );
    expect(result.stderr).toContain("The admin API (/__admin) has no authentication");
  }, 20_000);

  it("--host 0.0.0.0 with both tokens still warns about the admin API, without naming default tokens", async () => {
    const result = await runCli(
      ["--host", "0.0.0.0", "--port", "0", "--token", "ci-owner", "--other-token", "ci-other"],
      /API base/,
    );
    expect(result.stderr).toMatch(/^WARNING: .*It uses the tokens you gave\. The admin API/);
    expect(result.stderr).not.toContain("emulator-owner-token");
    expect(result.stdout).toContain("ci-owner");
  }, 20_000);

  it("the default loopback bind prints no warning", async () => {
    const result = await runCli(["--port", "0"], /API base/);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/API base \(DATAROBOT_ENDPOINT\): http:\/\/127\.0\.0\.1:\d+\/api\/v2/);
  }, 20_000);
});
