/**
 * The emulator surviving hostile clients as a server, against the real CLI in a child process (so its memory can be
 * measured from /proc and a crash is visible as an exit): 100 unauthenticated 50 MB uploads, oversized authenticated
 * uploads, a 5000-deep definition with an enabled schedule, and every hostile key and escape, without a 500 or a crash
 * and with the resident memory under 400 MB throughout.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { resolve } from "node:path";
import { call, eventually, EVERY_MINUTE, sleep } from "../helpers";
import { deepDefinition, HOSTILE_REQUESTS } from "./hostile-requests";

const root = resolve(__dirname, "../../..");
const MB = 1024 * 1024;
const TOKEN = "emulator-owner-token";

/** Resident memory of a process in MB, from /proc/<pid>/status. */
function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

/**
 * Streams `totalMb` megabytes (one reused 1 MB buffer, never a 50 MB string) and resolves with the answer's status,
 * or "no answer: <code>" when the connection failed before any answer arrived.
 */
function upload(url: string, headers: Record<string, string | number>, totalMb: number): Promise<number | string> {
  const chunk = Buffer.alloc(MB, 0x61);
  return new Promise((done) => {
    let status: number | undefined;
    const req = request(url, { method: "POST", headers, agent: false }, (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on("end", () => done(status as number));
      res.on("error", () => done(status as number));
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (status === undefined) done(`no answer: ${error.code ?? error.message}`);
    });
    let sent = 0;
    const pump = (): void => {
      while (sent < totalMb && !req.destroyed && status === undefined) {
        sent += 1;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

/** Runs `count` tasks with at most `parallel` at a time; returns their results in order. */
async function inBatches<T>(count: number, parallel: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

let child: ChildProcessWithoutNullStreams;
let output = "";
let api: string;
let admin: string;
let peakRss = 0;
let sampler: NodeJS.Timeout;

beforeAll(async () => {
  // node --import tsx runs the CLI in this one process, so the pid is the emulator's own.
  child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "emulator/cli.ts",
      "--port",
      "0",
      "--time-scale",
      "600",
      // The hostile list expects the strict refusals of hostile names used as keys and adapter types (by default
      // they are plain unknown values, stored as sent).
      "--unknown-fields",
      "reject",
      "--unknown-adapter-types",
      "reject",
    ],
    {
      cwd: root,
    },
  );
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  api = await eventually(async () => /API base \(DATAROBOT_ENDPOINT\): (\S+)/.exec(output)?.[1], 30_000, 50);
  admin = api.replace(/\/api\/v2$/, "/__admin");
  sampler = setInterval(() => {
    if (child.exitCode === null) peakRss = Math.max(peakRss, rssMb(child.pid as number));
  }, 25);
}, 40_000);

afterAll(async () => {
  clearInterval(sampler);
  const exited = new Promise((done) => child.once("exit", done));
  child.kill("SIGTERM");
  await exited;
});

afterEach(() => {
  // Whatever a test sent, the emulator is still running and its memory stayed bounded.
  expect(child.exitCode).toBeNull();
  expect(peakRss).toBeLessThan(400);
});

describe("the emulator as a server survives hostile traffic", () => {
  it("100 unauthenticated 50 MB uploads (4 at a time) are refused with 401 without being read", async () => {
    const statuses = await inBatches(100, 4, (index) =>
      upload(
        `${api}/batchPredictionJobDefinitions/`,
        // Half declare their length, half are chunked (the server cannot know the size up front).
        index % 2 === 0
          ? { "Content-Type": "text/plain", "Content-Length": 50 * MB }
          : { "Content-Type": "application/json" },
        50,
      ),
    );
    expect(statuses.filter((status) => status !== 401)).toEqual([]);
    const log = (await call(admin, "GET", "/requests")).body as Array<{ status: number; body: unknown }>;
    expect(log).toHaveLength(100);
    expect(log.every((entry) => entry.status === 401 && entry.body === null)).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(log))).toBeLessThan(100_000);
  }, 120_000);

  it("authenticated uploads over the 10 MB limit get 413 and are not kept", async () => {
    const statuses = await inBatches(10, 2, (index) =>
      upload(
        `${api}/batchPredictionJobDefinitions/`,
        {
          "Content-Type": "application/json",
          Authorization: `Bearer ${TOKEN}`,
          ...(index % 2 === 0 && { "Content-Length": 50 * MB }),
        },
        50,
      ),
    );
    expect(statuses).toEqual(new Array(10).fill(413));
    expect((await call(admin, "GET", "/definitions")).body).toEqual([]);
  }, 60_000);

  it("a 5000-deep definition with an enabled schedule is refused with 422; the scheduler and lists keep going", async () => {
    const response = await call(api, "POST", "/batchPredictionJobDefinitions/", undefined, {
      token: TOKEN,
      rawBody: deepDefinition(5000, `, "enabled": true, "schedule": ${JSON.stringify(EVERY_MINUTE)}`),
    });
    expect(response.status).toBe(422);
    expect(Object.values(response.body.errors as Record<string, string>)).toEqual([
      "is nested too deeply: at most 32 levels of objects and arrays are allowed",
    ]);
    // timeScale 600: an emulated minute every 100 ms, so several scheduler minutes pass here.
    await sleep(500);
    expect(child.exitCode).toBeNull();
    for (const path of ["/batchPredictionJobDefinitions/", "/batchPredictions/"])
      expect((await call(api, "GET", path, undefined, { token: TOKEN })).status).toBe(200);
    for (const path of ["/definitions", "/requests", "/jobs"])
      expect((await call(admin, "GET", path)).status).toBe(200);
    expect((await call(admin, "GET", "/jobs")).body).toEqual([]);
  }, 30_000);

  it("every hostile key and escape gets a 4xx, never a 500", async () => {
    const answers: string[] = [];
    for (const hostile of HOSTILE_REQUESTS) {
      const response = await call(hostile.target === "api" ? api : admin, hostile.method, hostile.path, undefined, {
        token: hostile.target === "api" ? TOKEN : undefined,
        rawBody: hostile.rawBody,
      });
      answers.push(`${hostile.label}: ${hostile.expected.includes(response.status) ? "ok" : response.status}`);
    }
    expect(answers.filter((answer) => !answer.endsWith(": ok"))).toEqual([]);
    expect((await call(api, "GET", "/version/", undefined, { token: TOKEN })).status).toBe(200);
    expect(output).not.toMatch(/Emulator scheduler|FATAL|Error/);
  }, 60_000);
});
