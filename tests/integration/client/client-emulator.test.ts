/**
 * The client against the real emulator over HTTP, with faults injected through the admin API and request counts
 * read from the emulator's request log.
 */
import { SEED, RequestLogEntry } from "../../../emulator";
import { useEmulator } from "../helpers";
import { leakCollector } from "../../fixtures/leak-check";
import {
  ConflictError,
  DataRobotClient,
  DataRobotClientOptions,
  DeadlineExceededError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from "../../../provider/client";

const TOKEN = "it-owner-token-7c1e93b0d5a24f68";
const OTHER_TOKEN = "it-other-token-0b8d2a6c4e1f3957";
const DEFINITIONS_PATH = "/batchPredictionJobDefinitions";

const { caught, logLines, assertNoLeak } = leakCollector();

const emu = useEmulator({ token: TOKEN, otherToken: OTHER_TOKEN, jobDurationMs: 400 });
// Declared after useEmulator: runs once the emulator is closed.
afterAll(() => {
  // No token in any error or log line produced in this file.
  assertNoLeak([TOKEN, OTHER_TOKEN]);
});

function client(options: Partial<DataRobotClientOptions> = {}): DataRobotClient {
  return new DataRobotClient({
    endpoint: emu.url,
    token: TOKEN,
    requestsPerSecond: 0,
    logger: (line) => logLines.push(line),
    ...options,
  });
}

function body(name: string): Record<string, unknown> {
  return {
    name,
    deploymentId: SEED.deploymentId,
    intakeSettings: { type: "dataset", datasetId: SEED.datasetId },
    outputSettings: { type: "s3", url: "s3://bucket/out.csv", credentialId: SEED.credentialId },
  };
}

/** "POST /batchPredictionJobDefinitions/ 0" lines of the emulator's request log. */
async function traffic(): Promise<string[]> {
  const log: RequestLogEntry[] = await emu.admin.requests();
  return log.map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
}

describe("job definitions", () => {
  it("create, get, update, find, delete", async () => {
    const dr = client();
    const created = await dr.createJobDefinition(body("crud"));
    expect(created.name).toBe("crud");
    expect(created.batchPredictionJob.deploymentId).toBe(SEED.deploymentId);
    expect((await dr.getJobDefinition(created.id)).id).toBe(created.id);
    const updated = await dr.updateJobDefinition(created.id, { name: "crud-renamed" });
    expect(updated.name).toBe("crud-renamed");
    expect((await dr.findJobDefinitionByName("crud-renamed"))?.id).toBe(created.id);
    expect(await dr.findJobDefinitionByName("crud")).toBeUndefined();
    await dr.deleteJobDefinition(created.id);
    expect(await caught(dr.getJobDefinition(created.id))).toBeInstanceOf(NotFoundError);
    expect(await traffic()).toEqual([
      "POST /batchPredictionJobDefinitions/ 202",
      `GET /batchPredictionJobDefinitions/${created.id}/ 200`,
      `PATCH /batchPredictionJobDefinitions/${created.id}/ 200`,
      "GET /batchPredictionJobDefinitions/ 200",
      "GET /batchPredictionJobDefinitions/ 200",
      `DELETE /batchPredictionJobDefinitions/${created.id}/ 204`,
      `GET /batchPredictionJobDefinitions/${created.id}/ 404`,
    ]);
  });

  it("lists every page by following next (105 definitions, pages of 100)", async () => {
    const dr = client();
    for (let i = 0; i < 105; i++) await dr.createJobDefinition(body(`bulk-${String(i).padStart(3, "0")}`));
    await emu.admin.clearRequests();
    const all = await dr.listJobDefinitions({ searchName: "bulk-" });
    expect(all).toHaveLength(105);
    expect(new Set(all.map((d) => d.id)).size).toBe(105);
    const pages = (await emu.admin.requests()).map((entry) => entry.query);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toEqual({ offset: "0", limit: "100", searchName: "bulk-" });
    expect(pages[1]).toMatchObject({ offset: "100", limit: "100", searchName: "bulk-" });
  });

  it("invalid fields → ValidationError with DataRobot's field errors", async () => {
    const dr = client();
    const error = (await caught(
      dr.createJobDefinition({ ...body("bad"), intakeSettings: { type: "s3" } }),
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(422);
    expect(Object.keys(error.fieldErrors ?? {})).toContain("intakeSettings.url");
    expect(error.message).toMatch(
      /^DataRobot API: POST \/batchPredictionJobDefinitions\/ failed with 422 \(.+\): .*intakeSettings\.url: /,
    );
    expect(await traffic()).toEqual(["POST /batchPredictionJobDefinitions/ 422"]);
  });

  it("a taken name → ConflictError, not retried", async () => {
    const dr = client();
    await dr.createJobDefinition(body("taken"));
    const error = (await caught(dr.createJobDefinition(body("taken")))) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(await traffic()).toEqual([
      "POST /batchPredictionJobDefinitions/ 202",
      "POST /batchPredictionJobDefinitions/ 409",
    ]);
  });

  it("a wrong token → UnauthorizedError; another user's definition → ForbiddenError", async () => {
    const created = await client().createJobDefinition(body("mine"));
    const wrong = (await caught(
      client({ token: "not-a-valid-token-123" }).getJobDefinition(created.id),
    )) as UnauthorizedError;
    expect(wrong).toBeInstanceOf(UnauthorizedError);
    expect(wrong.status).toBe(401);
    const other = (await caught(
      client({ token: OTHER_TOKEN }).updateJobDefinition(created.id, { name: "theirs" }),
    )) as ForbiddenError;
    expect(other).toBeInstanceOf(ForbiddenError);
    expect(other.status).toBe(403);
  });
});

describe("safe create under injected faults", () => {
  it("connection dropped AFTER the server stored the definition → exactly one definition, no second POST", async () => {
    await emu.admin.addFault({ method: "POST", path: DEFINITIONS_PATH, drop: "after" });
    const dr = client();
    const created = await dr.createJobDefinition(body("dropped-after"));
    expect(created.name).toBe("dropped-after");
    const stored = (await emu.admin.definitions()).filter((d) => d.name === "dropped-after");
    expect(stored).toHaveLength(1);
    expect(stored[0].id).toBe(created.id);
    expect(await traffic()).toEqual([
      "POST /batchPredictionJobDefinitions/ 0",
      "GET /batchPredictionJobDefinitions/ 200",
    ]);
    const lookup = (await emu.admin.requests())[1];
    expect(lookup.query.searchName).toBe("dropped-after");
  });

  it("connection dropped BEFORE handling → lookup finds nothing → POST again → exactly one definition", async () => {
    await emu.admin.addFault({ method: "POST", path: DEFINITIONS_PATH, drop: "before" });
    const created = await client().createJobDefinition(body("dropped-before"));
    expect((await emu.admin.definitions()).filter((d) => d.name === "dropped-before").map((d) => d.id)).toEqual([
      created.id,
    ]);
    expect(await traffic()).toEqual([
      "POST /batchPredictionJobDefinitions/ 0",
      "GET /batchPredictionJobDefinitions/ 200",
      "POST /batchPredictionJobDefinitions/ 202",
    ]);
  });

  it("503 on create → lookup, then POST again", async () => {
    await emu.admin.addFault({ method: "POST", path: DEFINITIONS_PATH, status: 503 });
    await client().createJobDefinition(body("after-503"));
    expect(await traffic()).toEqual([
      "POST /batchPredictionJobDefinitions/ 503",
      "GET /batchPredictionJobDefinitions/ 200",
      "POST /batchPredictionJobDefinitions/ 202",
    ]);
    expect((await emu.admin.definitions()).filter((d) => d.name === "after-503")).toHaveLength(1);
  });
});

describe("retries, Retry-After and the deadline", () => {
  it("429 with Retry-After: 2 is waited for (measured), then retried once", async () => {
    const created = await client().createJobDefinition(body("rate-limited"));
    await emu.admin.clearRequests();
    await emu.admin.addFault({
      method: "GET",
      path: "/batchPredictionJobDefinitions/*",
      status: 429,
      headers: { "Retry-After": "2" },
      body: { message: "Too many requests" },
    });
    const started = Date.now();
    const got = await client().getJobDefinition(created.id);
    const elapsed = Date.now() - started;
    expect(got.id).toBe(created.id);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(4000);
    const log = await emu.admin.requests();
    expect(log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      `GET /batchPredictionJobDefinitions/${created.id}/ 429`,
      `GET /batchPredictionJobDefinitions/${created.id}/ 200`,
    ]);
    expect(log[0].fault).toBeDefined();
    expect(Date.parse(log[1].time) - Date.parse(log[0].time)).toBeGreaterThanOrEqual(1990);
    expect(
      logLines.some((line) =>
        /^retry GET \/batchPredictionJobDefinitions\/\w+\/ after 429 attempt=1 wait=\d+ms retryAfter=2000ms$/.test(
          line,
        ),
      ),
    ).toBe(true);
  });

  it("a 503 storm longer than the deadline ends in a clear DeadlineExceededError", async () => {
    await emu.admin.addFault({ method: "GET", path: "/batchPredictions/*", status: 503, times: 0 });
    const dr = client({ retryDeadlineMs: 1500 });
    const started = Date.now();
    const error = (await caught(dr.getJob("64b0000000000000000000ff"))) as DeadlineExceededError;
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error.lastError.status).toBe(503);
    expect(error.message).toMatch(
      /^DataRobot API: GET \/batchPredictions\/64b0000000000000000000ff\/ gave up after \d+ attempts in \d+\.\d s \(retry deadline 1\.5 s\); last error: 503 \(Injected fault: HTTP 503\)$/,
    );
    const log = await emu.admin.requests();
    expect(log.length).toBe(error.attempts);
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(log.every((e) => e.status === 503)).toBe(true);
  });

  it("maxRetries bounds the attempts of a 502 storm", async () => {
    await emu.admin.addFault({ method: "GET", path: "/batchPredictionJobDefinitions", status: 502, times: 0 });
    const error = await caught(client({ maxRetries: 2 }).listJobDefinitions());
    expect(error.message).toBe(
      "DataRobot API: GET /batchPredictionJobDefinitions/ failed with 502 (Injected fault: HTTP 502) [after 3 attempts]",
    );
    expect(await traffic()).toEqual(Array(3).fill("GET /batchPredictionJobDefinitions/ 502"));
  });

  it("the client-side rate limit spaces requests: 30 at 20/s take at least 0.5 s (20 burst, then 50 ms apart)", async () => {
    const dr = client({ requestsPerSecond: 20 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, () => dr.listJobDefinitions()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(480);
    expect((await emu.admin.requests()).every((e) => e.status === 200)).toBe(true);
    expect(await emu.admin.requests()).toHaveLength(30);
  });

  it("delete: dropped after deleting → the retry's 404 counts as done", async () => {
    const created = await client().createJobDefinition(body("to-delete"));
    await emu.admin.clearRequests();
    await emu.admin.addFault({ method: "DELETE", path: "/batchPredictionJobDefinitions/*", drop: "after" });
    await client().deleteJobDefinition(created.id);
    expect(await emu.admin.definitions()).toEqual([]);
    expect(await traffic()).toEqual([
      `DELETE /batchPredictionJobDefinitions/${created.id}/ 0`,
      `DELETE /batchPredictionJobDefinitions/${created.id}/ 404`,
    ]);
  });
});

describe("jobs", () => {
  it("start a run, poll it to COMPLETED, list it", async () => {
    const dr = client();
    const definition = await dr.createJobDefinition(body("runner"));
    const job = await dr.startJobFromDefinition(definition.id);
    expect(["INITIALIZING", "RUNNING"]).toContain(job.status);
    let current = await dr.getJob(job.id);
    for (let i = 0; i < 100 && !["COMPLETED", "FAILED", "ABORTED"].includes(current.status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      current = await dr.getJob(job.id);
    }
    expect(current.status).toBe("COMPLETED");
    expect((await dr.listJobs({ jobDefinitionId: definition.id })).map((j) => j.id)).toEqual([job.id]);
    const requests = await emu.admin.requests();
    expect(
      requests.filter((e) => e.method === "POST" && e.path === "/batchPredictions/fromJobDefinition/"),
    ).toHaveLength(1);
  });

  it("abort a running job; aborting it again → ConflictError", async () => {
    const dr = client();
    await emu.admin.setConfig({ jobDurationMs: 60_000 });
    const definition = await dr.createJobDefinition(body("abortable"));
    const job = await dr.startJobFromDefinition(definition.id);
    await dr.abortJob(job.id);
    const again = (await caught(dr.abortJob(job.id))) as ConflictError;
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.message).toBe(
      `DataRobot API: DELETE /batchPredictions/${job.id}/ failed with 409 (Job ${job.id} has already finished with status ABORTED)`,
    );
    expect((await traffic()).slice(-2)).toEqual([
      `DELETE /batchPredictions/${job.id}/ 202`,
      `DELETE /batchPredictions/${job.id}/ 409`,
    ]);
  });

  it("start: a dropped connection after the job started is NOT retried and says a job may have started", async () => {
    const dr = client();
    const definition = await dr.createJobDefinition(body("ambiguous-run"));
    await emu.admin.clearRequests();
    await emu.admin.addFault({ method: "POST", path: "/batchPredictions/fromJobDefinition", drop: "after" });
    const error = (await caught(dr.startJobFromDefinition(definition.id))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toContain(`A batch prediction job may have been started for definition ${definition.id}`);
    expect(await traffic()).toEqual(["POST /batchPredictions/fromJobDefinition/ 0"]);
    expect((await emu.admin.jobs()).length).toBe(1); // the emulator did start exactly one
  });

  it("start: a 429 is retried and starts exactly one job", async () => {
    const dr = client();
    const definition = await dr.createJobDefinition(body("throttled-run"));
    await emu.admin.clearRequests();
    await emu.admin.addFault({
      method: "POST",
      path: "/batchPredictions/fromJobDefinition",
      status: 429,
      headers: { "Retry-After": "0" },
    });
    await dr.startJobFromDefinition(definition.id);
    expect(await traffic()).toEqual([
      "POST /batchPredictions/fromJobDefinition/ 429",
      "POST /batchPredictions/fromJobDefinition/ 202",
    ]);
    expect((await emu.admin.jobs()).length).toBe(1);
  });

  it("start: a connection refused before sending is retried (nothing can have started)", async () => {
    const dr = client({ endpoint: "http://127.0.0.1:1", maxRetries: 1, retryDeadlineMs: 5000 });
    const error = (await caught(dr.startJobFromDefinition("64b0000000000000000000aa"))) as NetworkError;
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.attempts).toBe(2);
    expect(error.outcomeUnknown).toBe(false);
  });
});
