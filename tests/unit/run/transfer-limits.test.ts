/**
 * The transfers of a localFile run against a hostile server: a download that streams without end stops at the byte
 * limit, a stall says "timed out" (not "aborted"), and a trickle is cut at the run's deadline (no file, and no temp
 * file, is left); an upload the server never answers ends at the run's deadline too.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { DataRobotClient } from "../../../provider/client";
import { realClock } from "../../../provider/run/clock";
import { JobCancelledError, JobTimeoutError, LocalFileTransferError } from "../../../provider/run/errors";
import { downloadResults } from "../../../provider/run/local-file";
import { RunSession } from "../../../provider/run/session";
import { uploadIntake, withResults } from "../../../provider/run/transfers";

const TOKEN = "tok-download-limits";
let server: http.Server;
let base = "";
let dir = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const mode = req.url?.split("/").slice(-2)[0];
    if (mode === "hang") return; // reads nothing, answers nothing
    res.writeHead(200, { "Content-Type": "text/csv" });
    if (mode === "stall") {
      res.write("a,b\n1,2\n"); // then nothing
      return;
    }
    const [chunk, every] = mode === "endless" ? ["x".repeat(65_536), 1] : ["y", 100];
    const timer = setInterval(() => res.write(chunk), every);
    res.on("close", () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dl-limits-"));
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = (timeoutMs = 30_000) =>
  new DataRobotClient({ endpoint: base, token: TOKEN, requestsPerSecond: 0, timeoutMs });

it("an endless body stops at the byte limit, with an error naming the limit and how to raise it", async () => {
  const file = path.join(dir, "out.csv");
  const t0 = Date.now();
  await expect(downloadResults(client(), `${base}/jobs/endless/`, file, { maxBytes: 1024 * 1024 })).rejects.toThrow(
    "the results are larger than the download limit of 1 MiB (maxDownloadBytes, CLI --max-download-size); " +
      "raise it if such results are expected",
  );
  expect(Date.now() - t0).toBeLessThan(5000);
  expect(fs.readdirSync(dir)).toEqual([]);
});

it("a stalled body hits the idle timeout and says it timed out", async () => {
  const file = path.join(dir, "out.csv");
  await expect(downloadResults(client(300), `${base}/jobs/stall/`, file)).rejects.toThrow(
    "timed out: no data for 300 ms (the idle timeout of a transfer)",
  );
  expect(fs.readdirSync(dir)).toEqual([]);
});

it("a trickle is cut at the run's deadline: JobTimeoutError (exit 4), the link to fetch the results later", async () => {
  const file = path.join(dir, "out.csv");
  const job = { id: "j1", status: "COMPLETED", links: { download: `${base}/jobs/trickle/` } };
  const session = new RunSession(client(), realClock, { id: "d1", label: '"defn" (d1)' }, job);
  const t0 = Date.now();
  const error = await withResults(session, { localOutput: true, outputFile: file }, session.result(true), {
    deadline: { remainingMs: 500, timeoutMs: 10_000 },
  }).catch((e: unknown) => e);
  expect(Date.now() - t0).toBeLessThan(3000);
  expect(error).toBeInstanceOf(JobTimeoutError);
  expect(error).not.toBeInstanceOf(LocalFileTransferError);
  expect((error as Error).message).toBe(
    `Batch prediction job j1 of definition "defn" (d1) completed, but downloading its results to ${file} did not ` +
      `finish within the run's timeout of 10.0 s; no file was written. The results can be downloaded from ` +
      `${base}/jobs/trickle/ (or raise the timeout)`,
  );
  expect(fs.readdirSync(dir)).toEqual([]);
});

it("an upload the server never answers ends at the run's deadline (the run then times out and aborts the job)", async () => {
  const intake = path.join(dir, "in.csv");
  fs.writeFileSync(intake, "a,b\n1,2\n");
  const job = { id: "j1", status: "INITIALIZING", links: { csvUpload: `${base}/jobs/hang/` } };
  const session = new RunSession(client(), realClock, { id: "d1", label: '"defn" (d1)' }, job);
  const t0 = Date.now();
  const upload = { file: intake, size: 8, multipart: false, quote: '"' };
  expect(await uploadIntake(session, upload, { deadline: { remainingMs: 300, timeoutMs: 10_000 } })).toBe("timeout");
  expect(Date.now() - t0).toBeLessThan(3000);
});

it("a signal (Ctrl-C, SIGTERM) during the download ends it at once: JobCancelledError (exit 130), no file", async () => {
  const file = path.join(dir, "out.csv");
  const job = { id: "j1", status: "COMPLETED", links: { download: `${base}/jobs/trickle/` } };
  const session = new RunSession(client(), realClock, { id: "d1", label: '"defn" (d1)' }, job);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error("terminated")), 300);
  const t0 = Date.now();
  const error = await withResults(session, { localOutput: true, outputFile: file }, session.result(true), {
    signal: controller.signal,
    deadline: { remainingMs: 60_000, timeoutMs: 60_000 },
  }).catch((e: unknown) => e);
  expect(Date.now() - t0).toBeLessThan(2000);
  expect(error).toBeInstanceOf(JobCancelledError);
  expect((error as JobCancelledError).disposition).toBe("already-finished");
  expect((error as Error).message).toBe(
    `Batch prediction job j1 of definition "defn" (d1) completed, but downloading its results to ${file} was ` +
      `cancelled; no file was written. The results can be downloaded from ${base}/jobs/trickle/`,
  );
  expect(fs.readdirSync(dir)).toEqual([]);
});
