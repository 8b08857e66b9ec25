import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startEmulator } from "../../../emulator";
import { client, definitionBody, eventually } from "../helpers";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "emulator-persist-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("persistence", () => {
  it("keeps definitions, jobs and behaviors across a restart", async () => {
    const file = join(dir, "state.json");
    const first = await startEmulator({ persistFile: file, timeScale: 1000, jobDurationMs: 1000 });
    const api = client(first.url, first.token);
    const created = (await api.post("/batchPredictionJobDefinitions/", definitionBody({ name: "survivor" }))).body;
    await first.admin.setBehavior(created.id, { outcome: "fail", durationMs: 100 });
    const job = (await api.post("/batchPredictions/fromJobDefinition/", { jobDefinitionId: created.id })).body;
    await first.close();
    expect(JSON.parse(readFileSync(file, "utf8")).definitions).toHaveLength(1);

    const second = await startEmulator({ persistFile: file, timeScale: 1000 });
    try {
      const api2 = client(second.url, second.token);
      const again = await api2.get(`/batchPredictionJobDefinitions/${created.id}/`);
      expect(again.status).toBe(200);
      expect(again.body.name).toBe("survivor");
      expect(again.body.created).toBe(created.created);
      expect((await api2.get(`/batchPredictions/${job.id}/`)).body.status).toBe("FAILED");
      const rerun = (await api2.post("/batchPredictions/fromJobDefinition/", { jobDefinitionId: created.id })).body;
      await eventually(async () => (await api2.get(`/batchPredictions/${rerun.id}/`)).body.status === "FAILED");
    } finally {
      await second.close();
    }
  });

  it("refuses a corrupt persistence file with an actionable message", async () => {
    const file = join(dir, "corrupt.json");
    writeFileSync(file, "{not json");
    await expect(startEmulator({ persistFile: file })).rejects.toThrow(/is not valid JSON .*delete it to start fresh/);
  });

  it("in-memory by default: a fresh emulator has no definitions but the seeded fixtures", async () => {
    const emu = await startEmulator();
    try {
      const api = client(emu.url, emu.token);
      expect((await api.get("/batchPredictionJobDefinitions/")).body.totalCount).toBe(0);
      expect((await api.get("/deployments/")).body.totalCount).toBe(2);
    } finally {
      await emu.close();
    }
    const bare = await startEmulator({ seed: false });
    try {
      expect((await client(bare.url, bare.token).get("/deployments/")).body.totalCount).toBe(0);
    } finally {
      await bare.close();
    }
  });
});

describe("cli", () => {
  it("prints its URLs and tokens, serves the API, persists, and stops cleanly on SIGTERM", async () => {
    const file = join(dir, "cli.json");
    const root = resolve(__dirname, "../../..");
    const child = spawn(
      process.execPath,
      [
        join(root, "node_modules/tsx/dist/cli.mjs"),
        "emulator/cli.ts",
        "--port",
        "0",
        "--persist",
        file,
        "--time-scale",
        "10",
      ],
      {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    try {
      const url = await eventually(async () => /API base \(DATAROBOT_ENDPOINT\): (\S+)/.exec(output)?.[1], 15_000, 50);
      expect(output).toMatch(/Admin: +http:\/\/127\.0\.0\.1:\d+\/__admin/);
      expect(output).toContain("emulator-owner-token");
      expect(output).toContain("emulator-other-token");
      const api = client(url, "emulator-owner-token");
      expect((await api.get("/version/")).status).toBe(200);
      expect((await api.post("/batchPredictionJobDefinitions/", definitionBody({ name: "from-cli" }))).status).toBe(
        202,
      );
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(output).toContain("Received SIGTERM");
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8")).definitions.map((d: { name: string }) => d.name)).toEqual([
      "from-cli",
    ]);
  }, 20_000);

  it("exits 2 with usage on an unknown option", async () => {
    const root = resolve(__dirname, "../../..");
    const child = spawn(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), "emulator/cli.ts", "--bogus"], {
      cwd: root,
    });
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on("exit", done));
    expect(code).toBe(2);
    expect(output).toContain("Unknown option --bogus");
    expect(output).toContain("Usage: npm run emulator");
  }, 20_000);
});
