/**
 * Conformance: DataRobot's official Python SDK (pinned in scripts/python-sdk/requirements.txt), unmodified, drives
 * the emulator through the whole job-definition life cycle (scripts/python-sdk/conformance.py). Every SDK step must
 * succeed, and the emulator's request log must show what the SDK really sent and that it was answered correctly.
 *
 * Python is a prerequisite the project installs itself (scripts/python-sdk/setup.sh); this test is never skipped.
 * The first run downloads the SDK from PyPI (~10-30 s); later runs reuse the cached virtual environment.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { SEED, startEmulator, type RunningEmulator } from "../../../emulator";

const execFileAsync = promisify(execFile);
const root = path.resolve(__dirname, "../../..");
const setupScript = path.join(root, "scripts/python-sdk/setup.sh");
const conformanceScript = path.join(root, "scripts/python-sdk/conformance.py");

/** The steps conformance.py runs, in order; each prints one JSON line. */
const EXPECTED_STEPS = [
  "client_bad_token",
  "client_bearer",
  "client",
  "create",
  "create_duplicate_name",
  "get",
  "create_more",
  "list_search_name",
  "list_limit_offset",
  "list_follow_next",
  "update",
  "run_on_schedule",
  "run_once",
  "wait_for_completion",
  "get_status",
  "delete",
];

interface StepResult {
  step: string;
  ok: boolean;
  error?: string;
  traceback?: string;
  [fact: string]: unknown;
}

/** One entry of GET /__admin/requests (the admin routes: emulator/README.md). */
interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  user: "owner" | "other" | null;
}

interface ExecFailure {
  code?: number;
  stdout?: string;
  stderr?: string;
  message: string;
}

/** Runs setup.sh and returns the venv's python (last stdout line) plus how long it took. */
async function setupPython(): Promise<{ python: string; ms: number }> {
  const started = Date.now();
  try {
    const { stdout } = await execFileAsync("bash", [setupScript], { timeout: 10 * 60_000, maxBuffer: 10 << 20 });
    const lines = stdout.trim().split("\n");
    return { python: lines[lines.length - 1], ms: Date.now() - started };
  } catch (error) {
    const failure = error as ExecFailure;
    throw new Error(
      `scripts/python-sdk/setup.sh failed (exit ${failure.code}); it must install Python + the datarobot SDK.\n` +
        `${failure.stderr ?? failure.message}`,
    );
  }
}

async function runConformance(python: string, emulator: RunningEmulator): Promise<StepResult[]> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATAROBOT_ENDPOINT: emulator.url,
    DATAROBOT_API_TOKEN: emulator.token,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    PYTHONUNBUFFERED: "1",
  };
  delete env.DATAROBOT_CONFIG_FILE; // the SDK refuses endpoint/token from two sources
  const args = [
    conformanceScript,
    "--deployment-id",
    SEED.deploymentId,
    "--credential-id",
    SEED.credentialId,
    "--data-store-id",
    SEED.dataStoreId,
    "--max-wait",
    "60",
  ];
  let stdout: string;
  let stderr: string;
  try {
    ({ stdout, stderr } = await execFileAsync(python, args, { env, timeout: 150_000, maxBuffer: 10 << 20 }));
  } catch (error) {
    const failure = error as ExecFailure;
    stdout = failure.stdout ?? "";
    stderr = failure.stderr ?? failure.message;
  }
  const lines = stdout.split("\n").filter((line) => line.startsWith("{"));
  if (lines.length === 0) throw new Error(`conformance.py printed no step results.\nstderr:\n${stderr}`);
  return lines.map((line) => JSON.parse(line) as StepResult);
}

describe("DataRobot Python SDK against the emulator", () => {
  let python: string;
  let emulator: RunningEmulator;
  let steps: StepResult[];
  let requests: LoggedRequest[];

  const fact = <T>(step: string, key: string): T => steps.find((s) => s.step === step)?.[key] as T;
  const find = (predicate: (r: LoggedRequest) => boolean) => requests.filter(predicate);

  beforeAll(async () => {
    ({ python } = await setupPython());
    // Jobs finish in 1.5 s so the SDK's wait_for_completion (which polls every 5 s) needs one or two polls.
    emulator = await startEmulator({ jobDurationMs: 1500 });
    steps = await runConformance(python, emulator);
    requests = (await emulator.admin.requests()) as LoggedRequest[];
  }, 12 * 60_000);

  afterAll(async () => {
    await emulator?.close();
  });

  it("runs every SDK step successfully", () => {
    const failed = steps.find((s) => !s.ok);
    if (failed) throw new Error(`SDK step "${failed.step}" failed: ${failed.error}\n${failed.traceback ?? ""}`);
    expect(steps.map((s) => s.step)).toEqual(EXPECTED_STEPS);
    expect(fact<string>("client", "sdkVersion")).toBe("3.20.0");
  });

  it("setup.sh is idempotent and fast once the environment exists", async () => {
    const again = await setupPython();
    expect(again.python).toBe(python);
    expect(again.ms).toBeLessThan(3000); // < 1 s on an idle machine; slack for a loaded 2-core CI box
  });

  it("answers the SDK's version probe, and 401 for an unknown token", () => {
    const probes = find((r) => r.method === "GET" && r.path === "/version/");
    expect(probes.map((r) => [r.status, r.user])).toEqual([
      [401, null], // dr.Client with a wrong token
      [200, "owner"], // dr.Client(token_type="Bearer")
      [200, "owner"], // dr.Client() with the default Token scheme
    ]);
    expect(fact<number>("client_bad_token", "status")).toBe(401);
  });

  it("accepts both schemes the SDK can send: `Bearer` (token_type) and its default `Token`", () => {
    expect(fact<string>("client_bearer", "authScheme")).toBe("Bearer");
    expect(fact<string>("client", "authScheme")).toBe("Token");
    const bearerList = requests[2]; // the list made right after the Bearer client's version probe
    expect([bearerList.method, bearerList.path, bearerList.query, bearerList.status, bearerList.user]).toEqual([
      "GET",
      "/batchPredictionJobDefinitions/",
      { offset: "0", limit: "1" },
      200,
      "owner",
    ]);
    const authenticated = requests.slice(1); // everything after the deliberate bad-token probe
    expect(authenticated.length).toBeGreaterThan(15);
    expect(authenticated.filter((r) => r.user !== "owner" || r.status === 401 || r.status === 403)).toEqual([]);
  });

  it("receives the flat camelCase create body the SDK sends (no nulls) and answers 202", () => {
    const name = fact<string>("create", "name");
    const creates = find((r) => r.method === "POST" && r.path === "/batchPredictionJobDefinitions/");
    const main = creates.filter((r) => (r.body as { name?: string }).name === name);
    expect(main.map((r) => r.status)).toEqual([202, 409]); // the second is the duplicate-name attempt
    expect(main[0].body).toEqual({
      name,
      enabled: false,
      schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
      deploymentId: SEED.deploymentId,
      numConcurrent: 2,
      intakeSettings: { type: "s3", url: "s3://conformance/in.csv", credentialId: SEED.credentialId },
      outputSettings: {
        type: "jdbc",
        dataStoreId: SEED.dataStoreId,
        credentialId: SEED.credentialId,
        table: "scored",
        schema: "public",
        statementType: "insert",
        createTableIfNotExists: true,
      },
      passthroughColumnsSet: "all",
      maxExplanations: 0,
    });
    expect(fact<number>("create_duplicate_name", "status")).toBe(409);
  });

  it("serves the SDK's PATCH without trailing slash (update, run_on_schedule) with 200 and no redirect", () => {
    const id = fact<string>("create", "id");
    const patches = find((r) => r.method === "PATCH");
    expect(patches.map((r) => [r.path, r.status])).toEqual([
      [`/batchPredictionJobDefinitions/${id}`, 200],
      [`/batchPredictionJobDefinitions/${id}`, 200],
    ]);
    expect(patches[0].body).toMatchObject({ enabled: false, name: fact("update", "name"), numConcurrent: 3 });
    expect(patches[1].body).toEqual({
      enabled: true,
      schedule: { minute: [15, 45], hour: ["*"], dayOfMonth: [1, 15], month: ["*"], dayOfWeek: [1] },
    });
    expect(find((r) => r.status >= 300 && r.status < 400)).toEqual([]);
  });

  it("lists with searchName, with limit/offset, and by following absolute `next` links", () => {
    const prefix = fact<string>("create", "name").replace(/-main$/, "");
    const lists = find((r) => r.method === "GET" && r.path === "/batchPredictionJobDefinitions/");
    expect(lists.every((r) => r.status === 200)).toBe(true);
    const queries = lists.map((r) => r.query);
    // list(limit=0) sends no offset/limit at all, so the emulator must default them.
    expect(queries).toContainEqual({ searchName: `${prefix}-main` });
    expect(queries).toContainEqual({ searchName: prefix, deploymentId: SEED.deploymentId });
    expect(queries).toContainEqual({ searchName: prefix, offset: "0", limit: "2" });
    expect(queries).toContainEqual({ searchName: prefix, offset: "2", limit: "2" });
    // The SDK's paginator with limit=1: the first page, then the two `next` URLs as the emulator built them.
    const paged = queries.filter((q) => q.searchName === prefix && q.limit === "1").map((q) => q.offset ?? "0");
    expect(paged).toEqual(["0", "1", "2"]);
  });

  it("runs once: fromJobDefinition 202, then the SDK polls the job (200 every time) until COMPLETED", () => {
    const id = fact<string>("create", "id");
    const jobId = fact<string>("run_once", "jobId");
    const starts = find((r) => r.method === "POST" && r.path === "/batchPredictions/fromJobDefinition/");
    expect(starts.map((r) => [r.status, r.body])).toEqual([[202, { jobDefinitionId: id }]]);
    const polls = find((r) => r.method === "GET" && r.path === `/batchPredictions/${jobId}/`);
    expect(polls.length).toBeGreaterThanOrEqual(3); // run_once's get, the waiter's polls, refresh, get_status
    expect(polls.every((r) => r.status === 200)).toBe(true);
    expect(fact<string>("wait_for_completion", "status")).toBe("COMPLETED");
    expect(fact<number>("wait_for_completion", "seconds")).toBeLessThan(20);
    expect(fact<string>("get_status", "definitionId")).toBe(id);
  });

  it("deletes with 204, after which GET is 404", () => {
    const id = fact<string>("create", "id");
    const onMain = find((r) => r.path === `/batchPredictionJobDefinitions/${id}/`).map((r) => [r.method, r.status]);
    const deleteAt = onMain.findIndex(([method]) => method === "DELETE");
    expect(onMain[deleteAt]).toEqual(["DELETE", 204]);
    expect(onMain.slice(deleteAt + 1)).toEqual([["GET", 404]]);
    expect(fact<number>("delete", "getAfterDeleteStatus")).toBe(404);
  });
});
