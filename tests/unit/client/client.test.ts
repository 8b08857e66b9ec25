/**
 * Operations (provider/client/client.ts): the requests each one sends (method, path, query, headers, body) and how it
 * reads the answers. Lists are in pagination.test.ts, the create's recovery in create-recovery.test.ts, the debug log
 * in debug-log.test.ts.
 */
import * as util from "node:util";
import {
  DataRobotClient,
  NetworkError,
  NotFoundError,
  ServerError,
  ConflictError,
  ResponseMismatchError,
} from "../../../provider/client";
import { resolveDefinition } from "../../../provider/run/resolve";
import { caught, definition, job, testClient, TOKEN, useScriptServer } from "../helpers";

const pkg = require("../../../package.json") as { version: string };

const server = useScriptServer();

describe("construction", () => {
  it("normalises the endpoint", () => {
    const client = new DataRobotClient({ endpoint: "app.datarobot.com", token: TOKEN });
    expect(client.endpoint).toBe("https://app.datarobot.com/api/v2");
  });

  it("requires a token", () => {
    expect(() => new DataRobotClient({ endpoint: "app.datarobot.com", token: "  " })).toThrow(
      "DataRobot API token is empty: set datarobot:apiToken or DATAROBOT_API_TOKEN",
    );
  });

  it("does not show the token when the client itself is printed or serialised", () => {
    const client = new DataRobotClient({ endpoint: "app.datarobot.com", token: TOKEN });
    expect(JSON.stringify(client)).toBe('{"endpoint":"https://app.datarobot.com/api/v2"}');
    expect(util.inspect(client, { depth: 20, showHidden: true })).not.toContain(TOKEN);
    expect(util.inspect(client)).toBe("DataRobotClient { endpoint: 'https://app.datarobot.com/api/v2' }");
  });
});

describe("headers", () => {
  it("sends Bearer auth, JSON accept/content type and a User-Agent naming package, version and node", async () => {
    server.reply({ status: 202, body: definition("d1", "n1") });
    const { client } = testClient(server, { userAgentSuffix: "ci-pipeline/7" });
    await client.createJobDefinition({ name: "n1" });
    const headers = server.requests[0].headers;
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(headers.accept).toBe("application/json");
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["user-agent"]).toBe(`pulumi-datarobot-batch/${pkg.version} (node ${process.version}) ci-pipeline/7`);
  });

  it("sends no Content-Type without a body", async () => {
    server.reply({ status: 200, body: definition("d1", "n1") });
    const { client } = testClient(server);
    await client.getJobDefinition("d1");
    expect(server.requests[0].headers["content-type"]).toBeUndefined();
    expect(server.requests[0].headers["user-agent"]).toBe(
      `pulumi-datarobot-batch/${pkg.version} (node ${process.version})`,
    );
  });
});

describe("job definitions", () => {
  it("create: POST with the flat body as given, returns the definition", async () => {
    const body = { name: "nightly", deploymentId: "5f0000000000000000000001", intakeSettings: { type: "dataset" } };
    server.reply({ status: 202, body: definition("d1", "nightly") });
    const { client } = testClient(server);
    const created = await client.createJobDefinition(body);
    expect(created.id).toBe("d1");
    expect(server.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ["POST", "/batchPredictionJobDefinitions/", body],
    ]);
  });

  it("get, update (PATCH body as given) and delete use the canonical paths with trailing slash", async () => {
    server.reply(
      { status: 200, body: definition("d1", "n1") },
      { status: 200, body: definition("d1", "n2", { enabled: true }) },
      { status: 204 },
    );
    const { client } = testClient(server);
    expect((await client.getJobDefinition("d1")).name).toBe("n1");
    const updated = await client.updateJobDefinition("d1", { name: "n2", schedule: null });
    expect(updated.enabled).toBe(true);
    await expect(client.deleteJobDefinition("d1")).resolves.toBeUndefined();
    expect(server.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ["GET", "/batchPredictionJobDefinitions/d1/", null],
      ["PATCH", "/batchPredictionJobDefinitions/d1/", { name: "n2", schedule: null }],
      ["DELETE", "/batchPredictionJobDefinitions/d1/", null],
    ]);
  });

  it("encodes ids in paths and refuses empty ids", async () => {
    server.reply({ status: 404, body: { message: "Not found" } });
    const { client } = testClient(server);
    await caught(client.getJobDefinition("a/b?c"));
    expect(server.requests[0].path).toBe("/batchPredictionJobDefinitions/a%2Fb%3Fc/");
    await expect(client.getJobDefinition("")).rejects.toThrow(TypeError);
  });

  it("get: 404 → NotFoundError, not retried", async () => {
    server.reply({ status: 404, body: { message: "Not found" } });
    const { client } = testClient(server);
    expect(await caught(client.getJobDefinition("gone"))).toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(1);
  });

  it("PATCH and GET are retried on 502/503/504 and connection drops", async () => {
    server.reply({ status: 502 }, { status: 504 }, { drop: true }, { status: 200, body: definition("d1", "n") });
    const { client, time } = testClient(server);
    await client.updateJobDefinition("d1", { enabled: false });
    expect(server.count("PATCH")).toBe(4);
    expect(time.sleeps).toEqual([375, 750, 1500]);
  });

  it("honours Retry-After (seconds) on 503", async () => {
    server.reply({ status: 503, headers: { "Retry-After": "7" } }, { status: 200, body: definition("d1", "n") });
    const { client, time } = testClient(server, { random: () => 0 });
    await client.getJobDefinition("d1");
    expect(time.sleeps).toEqual([7000]);
  });

  it("honours Retry-After as an HTTP date on 429", async () => {
    const at = new Date(Date.now() + 3000).toUTCString();
    server.reply({ status: 429, headers: { "Retry-After": at } }, { status: 200, body: definition("d1", "n") });
    const { client, time } = testClient(server, { random: () => 0 });
    await client.getJobDefinition("d1");
    expect(time.sleeps).toHaveLength(1);
    expect(time.sleeps[0]).toBeGreaterThan(1000); // second resolution of HTTP dates
    expect(time.sleeps[0]).toBeLessThanOrEqual(3000);
  });

  it("delete: a 404 on the retry after a dropped connection means our first DELETE worked", async () => {
    server.reply({ drop: true }, { status: 404, body: { message: "Not found" } });
    const { client } = testClient(server);
    await expect(client.deleteJobDefinition("d1")).resolves.toBeUndefined();
    expect(server.count("DELETE")).toBe(2);
  });

  it("delete: a 404 on the first attempt is reported", async () => {
    server.reply({ status: 404, body: { message: "Not found" } });
    const { client } = testClient(server);
    expect(await caught(client.deleteJobDefinition("d1"))).toBeInstanceOf(NotFoundError);
  });

  it("delete: 409 (jobs still running) is reported, not retried", async () => {
    server.reply({ status: 409, body: { message: "Jobs are running" } });
    const { client } = testClient(server);
    const error = await caught(client.deleteJobDefinition("d1"));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      "DataRobot API: DELETE /batchPredictionJobDefinitions/d1/ failed with 409 (Jobs are running)",
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe("jobs", () => {
  it("startJobFromDefinition: POST fromJobDefinition with the definition id", async () => {
    server.reply({ status: 202, body: job("j1", "INITIALIZING") });
    const { client } = testClient(server);
    const started = await client.startJobFromDefinition("d1");
    expect(started.id).toBe("j1");
    expect(server.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ["POST", "/batchPredictions/fromJobDefinition/", { jobDefinitionId: "d1" }],
    ]);
  });

  it("startJobFromDefinition: retries a 429 (the server did not act on it)", async () => {
    server.reply({ status: 429, headers: { "Retry-After": "1" } }, { status: 202, body: job("j1", "INITIALIZING") });
    const { client, time } = testClient(server, { random: () => 0 });
    expect((await client.startJobFromDefinition("d1")).id).toBe("j1");
    expect(server.count("POST")).toBe(2);
    expect(time.sleeps).toEqual([1000]);
  });

  it.each([
    [
      "a dropped connection",
      { drop: true },
      NetworkError,
      "failed: connection closed before a response was received (ECONNRESET)",
    ],
    ["a 503", { status: 503, body: { message: "Unavailable" } }, ServerError, "failed with 503 (Unavailable)"],
    ["a 504", { status: 504 }, ServerError, "failed with 504 (Gateway Timeout)"],
  ])(
    "startJobFromDefinition: %s is not retried and says a job may have started",
    async (_label, reply, type, outcome) => {
      server.reply(reply);
      const { client } = testClient(server);
      const error = await caught(client.startJobFromDefinition("d1"));
      expect(error).toBeInstanceOf(type);
      expect(error.message).toBe(
        `DataRobot API: POST /batchPredictions/fromJobDefinition/ ${outcome}. A batch prediction job may have been started ` +
          "for definition d1; check its jobs (GET /batchPredictions/?batchPredictionJobDefinitionId=...) before starting another",
      );
      expect((error as ServerError).outcomeUnknown).toBe(true);
      expect(server.count("POST")).toBe(1);
    },
  );

  it("startJobFromDefinition: 404 (definition gone) is a plain NotFoundError", async () => {
    server.reply({ status: 404, body: { message: "Not found" } });
    const { client } = testClient(server);
    const error = (await caught(client.startJobFromDefinition("d1"))) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.outcomeUnknown).toBe(false);
  });

  it("getJob returns the job and the server's Retry-After polling hint", async () => {
    server.reply(
      { status: 200, body: job("j1", "RUNNING"), headers: { "Retry-After": "3" } },
      { status: 200, body: job("j1", "COMPLETED") },
    );
    const { client } = testClient(server);
    const running = await client.getJob("j1");
    expect(running.status).toBe("RUNNING");
    expect(running.retryAfterMs).toBe(3000);
    const done = await client.getJob("j1");
    expect(done.status).toBe("COMPLETED");
    expect("retryAfterMs" in done).toBe(false);
    expect(server.requests.map((r) => r.path)).toEqual(["/batchPredictions/j1/", "/batchPredictions/j1/"]);
  });

  it("abortJob: DELETE the job (202); a 409 on a retry after a drop counts as done", async () => {
    server.reply(
      { status: 202, body: { message: "Job cancelled" } },
      { drop: true },
      { status: 409, body: { message: "Already aborted" } },
    );
    const { client } = testClient(server);
    await expect(client.abortJob("j1")).resolves.toBeUndefined();
    await expect(client.abortJob("j2")).resolves.toBeUndefined();
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([
      ["DELETE", "/batchPredictions/j1/"],
      ["DELETE", "/batchPredictions/j2/"],
      ["DELETE", "/batchPredictions/j2/"],
    ]);
  });

  it("abortJob: a 409 on the first attempt (already finished) is reported", async () => {
    server.reply({ status: 409, body: { message: "Job already completed" } });
    const { client } = testClient(server);
    expect(await caught(client.abortJob("j1"))).toBeInstanceOf(ConflictError);
  });
});

describe("answers checked against what was asked (a proxy or cache mixing up answers)", () => {
  const mixUp = /asked about (job )?(definition )?id .* but was answered about .*A proxy or cache/;

  it("GET of one definition answered with another definition's body: refused, naming both ids, not retried", async () => {
    server.reply({ status: 200, body: definition("other", "their-definition") });
    const { client } = testClient(server);
    const error = await caught(client.getJobDefinition("ours"));
    expect(error).toBeInstanceOf(ResponseMismatchError);
    expect(error.message).toBe(
      "DataRobot API: GET /batchPredictionJobDefinitions/ours/ asked about id ours but was answered about id other. " +
        "A proxy or cache between this client and DataRobot may be mixing up answers (e.g. caching by a key that " +
        "ignores the path); nothing was taken from this answer. Check that proxy (or HTTPS_PROXY), then try again.",
    );
    expect((error as ResponseMismatchError).asked).toBe("ours");
    expect((error as ResponseMismatchError).answered).toBe("other");
    expect(server.requests).toHaveLength(1);
  });

  it("PATCH answered with another definition's body: refused", async () => {
    server.reply({ status: 200, body: definition("other", "n") });
    const { client } = testClient(server);
    const error = await caught(client.updateJobDefinition("ours", { enabled: false }));
    expect(error).toBeInstanceOf(ResponseMismatchError);
    expect(error.message).toMatch(mixUp);
  });

  it("DELETE answered with a body about another definition (or job): refused; a body without an id is not judged", async () => {
    server.reply(
      { status: 200, body: definition("other", "n") },
      { status: 202, body: job("otherjob", "ABORTED") },
      { status: 202, body: { message: "accepted" } },
    );
    const { client } = testClient(server);
    expect(await caught(client.deleteJobDefinition("ours"))).toBeInstanceOf(ResponseMismatchError);
    const jobError = await caught(client.abortJob("ourjob"));
    expect(jobError).toBeInstanceOf(ResponseMismatchError);
    expect(jobError.message).toContain("asked about job id ourjob but was answered about job id otherjob");
    await expect(client.abortJob("ourjob")).resolves.toBeUndefined();
  });

  it("GET of a job answered about another job, and a run started from one definition answered about another", async () => {
    server.reply({ status: 200, body: job("j2", "RUNNING") }, { status: 202, body: job("j3", "INITIALIZING", "d9") });
    const { client } = testClient(server);
    expect((await caught(client.getJob("j1"))).message).toContain(
      "asked about job id j1 but was answered about job id j2",
    );
    const started = await caught(client.startJobFromDefinition("d1"));
    expect(started).toBeInstanceOf(ResponseMismatchError);
    expect(started.message).toContain("asked about job definition id d1 but was answered about job definition id d9");
  });

  it("the same ids pass", async () => {
    server.reply({ status: 200, body: definition("d1", "n") }, { status: 202, body: job("j1", "INITIALIZING", "d1") });
    const { client } = testClient(server);
    expect((await client.getJobDefinition("d1")).id).toBe("d1");
    expect((await client.startJobFromDefinition("d1")).id).toBe("j1");
  });
});

describe("the run helpers resolve a definition by id (provider/run/resolve.ts)", () => {
  it("keep the id asked for, and fail on an answer about another definition", async () => {
    const id = "5f00000000000000000000aa";
    server.reply(
      { status: 200, body: definition(id, "ours") },
      { status: 200, body: definition("5f00000000000000000000bb", "theirs") },
    );
    const { client } = testClient(server);
    expect(await resolveDefinition(client, id)).toMatchObject({ id, name: "ours" });
    const error = await caught(resolveDefinition(client, id));
    expect(error).toBeInstanceOf(ResponseMismatchError);
    expect(error.message).toContain(`asked about id ${id} but was answered about id 5f00000000000000000000bb`);
  });
});
