import { request } from "node:http";
import { SEED } from "../../../emulator";
import { call, clientOf, createDefinitionAs, definitionBody, useEmulator } from "../helpers";

const emu = useEmulator({ timeScale: 100, jobDurationMs: 60_000 });
const owner = clientOf(emu);

/** Resolves with the socket error code when the server drops the connection, or the status if it answers. */
function outcome(path: string, method = "GET", body?: unknown): Promise<string | number> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${emu.url}${path}`,
      { method, agent: false, headers: { Authorization: `Bearer ${emu.token}`, "Content-Type": "application/json" } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    req.end(payload);
  });
}

const createDefinition = (overrides?: Record<string, unknown>) => createDefinitionAs(owner, overrides);

describe("faults", () => {
  it("answers 429 with Retry-After (default 1) for the given times, then handles normally", async () => {
    const { id } = await emu.admin.addFault({
      method: "GET",
      path: "/batchPredictionJobDefinitions",
      status: 429,
      times: 2,
    });
    expect(id).toMatch(/^fault-\d+$/);
    for (let i = 0; i < 2; i++) {
      const res = await owner.get("/batchPredictionJobDefinitions/");
      expect(res.status).toBe(429);
      expect(res.headers["retry-after"]).toBe("1");
      expect(res.body).toEqual({ message: "Injected fault: HTTP 429" });
    }
    expect((await owner.get("/batchPredictionJobDefinitions/")).status).toBe(200);
    // Other methods on the same path are not affected.
    await emu.admin.addFault({ method: "GET", path: "/batchPredictionJobDefinitions", status: 503 });
    expect((await owner.post("/batchPredictionJobDefinitions/", definitionBody())).status).toBe(202);
    const log = await emu.admin.requests();
    expect(log.map((entry) => [entry.method, entry.status, entry.fault])).toEqual([
      ["GET", 429, `${id} status 429`],
      ["GET", 429, `${id} status 429`],
      ["GET", 200, undefined],
      ["POST", 202, undefined],
    ]);
  });

  it("uses the given status, headers and body; times 0 means forever", async () => {
    await emu.admin.addFault({
      path: "/version",
      status: 502,
      headers: { "X-Test": "yes", "Retry-After": "7" },
      body: { message: "bad gateway" },
      times: 0,
    });
    for (let i = 0; i < 3; i++) {
      const res = await owner.get("/version/");
      expect(res.status).toBe(502);
      expect(res.headers["x-test"]).toBe("yes");
      expect(res.headers["retry-after"]).toBe("7");
      expect(res.body).toEqual({ message: "bad gateway" });
    }
    await emu.admin.clearFaults();
    expect((await owner.get("/version/")).status).toBe(200);
  });

  it("adds latency before handling", async () => {
    await emu.admin.addFault({ path: "/version", latencyMs: 150 });
    const started = Date.now();
    expect((await owner.get("/version/")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("drop before: the socket closes and nothing is stored", async () => {
    await emu.admin.addFault({ method: "POST", path: "/batchPredictionJobDefinitions", drop: "before" });
    expect(await outcome("/batchPredictionJobDefinitions/", "POST", definitionBody({ name: "lost" }))).toBe(
      "ECONNRESET",
    );
    expect(await emu.admin.definitions()).toEqual([]);
    const [entry] = await emu.admin.requests();
    expect(entry).toMatchObject({ method: "POST", status: 0, fault: expect.stringContaining("drop before") });
  });

  it("drop after: the request is handled (definition stored) but never answered", async () => {
    await emu.admin.addFault({ method: "POST", path: "/batchPredictionJobDefinitions", drop: "after" });
    expect(await outcome("/batchPredictionJobDefinitions/", "POST", definitionBody({ name: "ghost" }))).toBe(
      "ECONNRESET",
    );
    const stored = await emu.admin.definitions();
    expect(stored.map((d) => d.name)).toEqual(["ghost"]);
    const [entry] = await emu.admin.requests();
    expect(entry).toMatchObject({ status: 0, fault: expect.stringContaining("drop after") });
  });

  it("rejects malformed fault specs with 400", async () => {
    await expect(emu.admin.addFault({ path: "(" })).rejects.toThrow(/400/);
    await expect(emu.admin.addFault({ path: "/x" })).rejects.toThrow(
      /at least one of status, drop, latencyMs or answer/,
    );
    await expect(emu.admin.addFault({ path: "/x", answer: "garbage" as "empty" })).rejects.toThrow(
      /answer must be one of \\"empty\\", \\"another-definition\\"/,
    );
    await expect(emu.admin.addFault({ path: "/x", answer: "empty", drop: "after" })).rejects.toThrow(/400/);
  });

  it('answer "empty" (with status 200): the create is stored, then answered 200 with no body at all', async () => {
    await emu.admin.addFault({ method: "POST", path: "/batchPredictionJobDefinitions", status: 200, answer: "empty" });
    const res = await owner.post("/batchPredictionJobDefinitions/", definitionBody({ name: "stored-but-lost" }));
    expect([res.status, res.text]).toEqual([200, ""]);
    expect((await emu.admin.definitions()).map((d) => d.name)).toEqual(["stored-but-lost"]);
    const [entry] = await emu.admin.requests();
    expect(entry).toMatchObject({ status: 200, fault: expect.stringContaining("answer empty") });
  });

  it('answer "another-definition": a GET of one definition is answered with another stored one\'s body', async () => {
    const first = await createDefinition({ name: "first" });
    const second = await createDefinition({ name: "second" });
    await emu.admin.addFault({ method: "GET", path: "/batchPredictionJobDefinitions/*", answer: "another-definition" });
    expect((await owner.get(`/batchPredictionJobDefinitions/${first.id}/`)).body).toMatchObject({ id: second.id });
    expect((await owner.get(`/batchPredictionJobDefinitions/${first.id}/`)).body).toMatchObject({ id: first.id });
  });
});

describe("request log", () => {
  it("records /api/v2 traffic with path as sent, query, body and user, never the Authorization header", async () => {
    await owner.get("/batchPredictionJobDefinitions?limit=5&searchName=x");
    await call(emu.url, "POST", "/batchPredictionJobDefinitions/", { name: "n" }, { token: emu.otherToken });
    await call(emu.url, "GET", "/version/", undefined, { auth: "Bearer wrong-secret" });
    await emu.admin.definitions(); // admin traffic is not logged
    const log = await emu.admin.requests();
    expect(log).toHaveLength(3);
    expect(log[0]).toMatchObject({
      seq: expect.any(Number),
      method: "GET",
      path: "/batchPredictionJobDefinitions",
      query: { limit: "5", searchName: "x" },
      body: null,
      status: 200,
      user: "owner",
    });
    expect(log[0].time).toMatch(/Z$/);
    expect(log[1]).toMatchObject({
      method: "POST",
      path: "/batchPredictionJobDefinitions/",
      body: { name: "n" },
      status: 422,
      user: "other",
    });
    expect(log[2]).toMatchObject({ status: 401, user: null });
    const text = JSON.stringify(log);
    for (const secret of [emu.token, emu.otherToken, "wrong-secret", "Authorization", "Bearer"])
      expect(text).not.toContain(secret);
    await emu.admin.clearRequests();
    expect(await emu.admin.requests()).toEqual([]);
  });
});

describe("out-of-band changes", () => {
  it("PATCH /__admin/definitions/{id} edits without validation and bumps updated, without a log entry", async () => {
    const definition = await createDefinition({ name: "ui" });
    await emu.admin.clearRequests();
    const edited = await emu.admin.editDefinition(definition.id, {
      schedule: { minute: [99] },
      outputSettings: { type: "gcp", url: "gs://b/o.csv" },
      columnNamesRemapping: { a: "b" },
    });
    expect(edited.schedule).toEqual({ minute: [99] });
    expect(Date.parse(edited.updated as string)).toBeGreaterThan(Date.parse(definition.updated));
    const seen = (await owner.get(`/batchPredictionJobDefinitions/${definition.id}/`)).body;
    expect(seen.batchPredictionJob.outputSettings).toEqual({ type: "gcp", url: "gs://b/o.csv" });
    expect(seen.batchPredictionJob.columnNamesRemapping).toEqual([{ inputName: "a", outputName: "b" }]);
    expect(seen.nextScheduledRunTime).toBeNull(); // an invalid schedule has no next run
    expect((await emu.admin.requests()).map((e) => e.method)).toEqual(["GET"]);
  });

  it("DELETE /__admin/definitions/{id} removes it; later API calls get 404", async () => {
    const definition = await createDefinition();
    await emu.admin.deleteDefinition(definition.id);
    expect((await owner.get(`/batchPredictionJobDefinitions/${definition.id}/`)).status).toBe(404);
    await expect(emu.admin.deleteDefinition(definition.id)).rejects.toThrow(/404/);
  });
});

describe("fixtures, config, jobs, reset", () => {
  it("adds fixtures listed by the read routes", async () => {
    const created = await emu.admin.addFixtures({
      deployments: [{ id: "64b00000000000000000d0ff", label: "extra" }],
      credentials: [{ name: "gcp-cred", credentialType: "gcp" }],
      dataStores: [{ canonicalName: "snowflake", type: "snowflake" }],
      datasets: [{ name: "more.csv" }],
    });
    expect(created.deployments).toEqual([{ id: "64b00000000000000000d0ff", label: "extra" }]);
    expect(created.credentials[0].id).toMatch(/^[0-9a-f]{24}$/);
    const deployments = (await owner.get("/deployments/")).body;
    expect(deployments.totalCount).toBe(3);
    expect((await owner.get(`/credentials/${created.credentials[0].id}/`)).body).toMatchObject({
      name: "gcp-cred",
      credentialType: "gcp",
    });
  });

  it("PUT /__admin/config returns the effective config and rejects unknown keys", async () => {
    const config = await emu.admin.setConfig({ duplicateNameStatus: 422, jobDurationMs: 1000 });
    expect(config).toMatchObject({
      duplicateNameStatus: 422,
      jobDurationMs: 1000,
      timeScale: 100,
      deleteWhileRunning: "conflict",
    });
    await expect(emu.admin.setConfig({ nope: 1 } as never)).rejects.toThrow(/Unknown config key nope/);
    await expect(emu.admin.setConfig({ timeScale: -1 })).rejects.toThrow(/Invalid value/);
  });

  it("GET /__admin/jobs lists every job; reset drops definitions, jobs, faults, log and config overrides", async () => {
    const definition = await createDefinition();
    await owner.post("/batchPredictions/fromJobDefinition/", { jobDefinitionId: definition.id });
    const jobs = await emu.admin.jobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ batchPredictionJobDefinition: { id: definition.id } });
    await emu.admin.addFault({ path: "/**", status: 500, times: 0 });
    await emu.admin.setConfig({ duplicateNameStatus: 422 });
    await emu.admin.addFixtures({ deployments: [{ label: "temporary" }] });
    await emu.admin.reset();
    expect(await emu.admin.definitions()).toEqual([]);
    expect(await emu.admin.jobs()).toEqual([]);
    expect(await emu.admin.requests()).toEqual([]);
    expect((await emu.admin.config()).duplicateNameStatus).toBe(409);
    const deployments = (await owner.get("/deployments/")).body;
    expect(deployments.data.map((d: { id: string }) => d.id)).toEqual([SEED.deploymentId, SEED.secondDeploymentId]);
  });

  it("behavior for an unknown definition is 404, bad outcome 400", async () => {
    await expect(emu.admin.setBehavior("64b00000000000000000beef", { outcome: "fail" })).rejects.toThrow(/404/);
    const definition = await createDefinition();
    await expect(emu.admin.setBehavior(definition.id, { outcome: "explode" as never })).rejects.toThrow(/400/);
  });

  it("the clock runs timeScale times faster than real time", async () => {
    const a = Date.parse((await emu.admin.clock()).now);
    await new Promise((r) => setTimeout(r, 50));
    const b = Date.parse((await emu.admin.clock()).now);
    expect(b - a).toBeGreaterThanOrEqual(4000);
  });
});
