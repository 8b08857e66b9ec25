/**
 * `npm run demo` as a new user meets it: run non-interactively (no TTY), its key lines asserted, then
 * `--run` and `--destroy`. Uses its own demo folder so a developer's .demo/ is left alone.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./helpers";

jest.setTimeout(300_000);

const demoDir = path.join(repoRoot, ".e2e", `demo-${process.pid}`);

function demo(...args: string[]): { status: number | null; out: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, DATAROBOT_BATCH_DEMO_DIR: demoDir };
  delete env.DATAROBOT_ENDPOINT;
  delete env.DATAROBOT_API_TOKEN;
  const result = spawnSync(path.join(repoRoot, "node_modules", ".bin", "tsx"), ["scripts/demo.ts", ...args], {
    cwd: repoRoot,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

afterAll(() => {
  fs.rmSync(demoDir, { recursive: true, force: true });
});

describe("npm run demo", () => {
  it("deploys the quickstart, shows it, runs it, previews a change, and says what next", () => {
    const { status, out } = demo();
    expect(out).toContain("DataRobot batch prediction job definitions as code: the demo");
    expect(out).toMatch(/pulumi v3\.248\.0 (found in the cache|found on PATH|built)/);
    expect(out).toMatch(/using the local DataRobot emulator at http:\/\/127\.0\.0\.1:\d+\/api\/v2/);
    // 3. the engine's own progress, then the summary
    expect(out).toMatch(/│ .*BatchPredictionJobDefinition quickstart/);
    expect(out).toContain('✔ {"create":2}');
    // 4. the definition in words
    expect(out).toMatch(/id: +[0-9a-f]{24}/);
    expect(out).toContain("name:      quickstart-scoring");
    expect(out).toContain("schedule:  every day at 02:00 UTC (stored, not enabled)");
    expect(out).toMatch(/next run: +\d{4}-\d\d-\d\dT02:00:00/);
    expect(out).toContain("data flow: dataset → jdbc (insert into scored_customers)");
    // 5. live progress to completion
    expect(out).toMatch(/RUNNING +\d+ rows scored/);
    expect(out).toMatch(/✔ job [0-9a-f]{24} COMPLETED in [\d.]+ s after \d+ polls/);
    // 6. the reviewer's preview: one update, exactly the two changed fields, the warning, and the Markdown comment
    expect(out).toContain("1 job definition changes: 1 to update.");
    expect(out).toContain("~ quickstart [quickstart-scoring] (update)");
    expect(out).toContain('! Output table changed: "scored_customers" → "scored_customers_v2"');
    expect(out).toContain('outputSettings.table: "scored_customers" -> "scored_customers_v2"');
    expect(out).toContain("schedule.hour: [2] -> [3]");
    expect(out).toContain("schedule: every day at 02:00 UTC (disabled) -> every day at 03:00 UTC (disabled)");
    const comment = fs.readFileSync(path.join(demoDir, "pull-request-comment.md"), "utf8");
    expect(comment.split("\n")[0]).toBe("<!-- datarobot-batch-preview stack=demo -->");
    expect(comment).toContain("| <code>outputSettings.table</code> |");
    // 7. what next
    expect(out).toContain("npm run demo -- --destroy");
    expect(out).toMatch(/Demo finished in [\d.]+ s\./);
    expect(status).toBe(0);
  });

  it("re-runs the deployed definition with --run", () => {
    const { status, out } = demo("--run");
    expect(out).toMatch(/✔ job [0-9a-f]{24} COMPLETED/);
    expect(status).toBe(0);
  });

  it("destroys the stack with --destroy, although the emulator now listens on another port", () => {
    const { status, out } = demo("--destroy");
    expect(out).toContain('"delete":2');
    expect(status).toBe(0);
    const state = JSON.parse(fs.readFileSync(path.join(demoDir, "emulator-state.json"), "utf8"));
    expect(state.definitions).toEqual([]);
  });
});
