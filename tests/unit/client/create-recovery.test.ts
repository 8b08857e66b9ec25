/**
 * POST create is made safe to retry (provider/client/create-recovery.ts): after an ambiguous failure the client looks
 * the definition up by its exact name before posting again, so a retry never creates a duplicate.
 */
import {
  ConflictError,
  DeadlineExceededError,
  NetworkError,
  ServerError,
  ValidationError,
} from "../../../provider/client";
import { caught, definition, envelope, testClient, useScriptServer } from "../helpers";

const DEPLOYMENT = "5f0000000000000000000001";
const body = { name: "nightly", deploymentId: DEPLOYMENT, intakeSettings: { type: "dataset", datasetId: "x" } };
const stored = definition("d1", "nightly");

const server = useScriptServer();

const calls = () =>
  server.requests.map((r) => `${r.method} ${r.path}${r.query.searchName ? `?searchName=${r.query.searchName}` : ""}`);

describe("ambiguous failure → lookup by exact name", () => {
  it.each([
    ["a dropped connection", { drop: true }],
    ["a 502", { status: 502 }],
    ["a 503", { status: 503, body: { message: "Service unavailable" } }],
    ["a 504", { status: 504 }],
  ])("after %s: found → returned, no second POST", async (_label, failure) => {
    server.reply(failure, { status: 200, body: envelope([definition("d0", "nightly-old"), stored]) });
    const { client } = testClient(server);
    const created = await client.createJobDefinition(body);
    expect(created.id).toBe("d1");
    expect(calls()).toEqual([
      "POST /batchPredictionJobDefinitions/",
      "GET /batchPredictionJobDefinitions/?searchName=nightly",
    ]);
  });

  it("not found → POST again (once)", async () => {
    server.reply(
      { drop: true },
      { status: 200, body: envelope([definition("d0", "nightly-old")]) },
      { status: 202, body: stored },
    );
    const { client } = testClient(server);
    expect((await client.createJobDefinition(body)).id).toBe("d1");
    expect(calls()).toEqual([
      "POST /batchPredictionJobDefinitions/",
      "GET /batchPredictionJobDefinitions/?searchName=nightly",
      "POST /batchPredictionJobDefinitions/",
    ]);
    expect(server.requests[2].body).toEqual(body);
  });

  it("name taken on the retry (stored after our lookup) → looks again and returns ours", async () => {
    server.reply(
      { status: 503 },
      { status: 200, body: envelope([]) },
      { status: 409, body: { message: "Name already in use" } },
      { status: 200, body: envelope([stored]) },
    );
    const { client } = testClient(server);
    expect((await client.createJobDefinition(body)).id).toBe("d1");
    expect(calls()).toEqual([
      "POST /batchPredictionJobDefinitions/",
      "GET /batchPredictionJobDefinitions/?searchName=nightly",
      "POST /batchPredictionJobDefinitions/",
      "GET /batchPredictionJobDefinitions/?searchName=nightly",
    ]);
  });

  it("a definition of that name on another deployment is not adopted; the conflict is reported", async () => {
    const stranger = definition("dx", "nightly", { batchPredictionJob: { deploymentId: "5f00000000000000000000ff" } });
    server.reply(
      { status: 503 },
      { status: 200, body: envelope([stranger]) },
      { status: 409, body: { message: "Name already in use" } },
      { status: 200, body: envelope([stranger]) },
    );
    const { client } = testClient(server);
    const error = await caught(client.createJobDefinition(body));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      "DataRobot API: POST /batchPredictionJobDefinitions/ failed with 409 (Name already in use) [after 2 attempts]",
    );
  });

  it("a definition of that name created long before this operation is not adopted", async () => {
    const old = definition("dx", "nightly", { created: "2020-01-01T00:00:00.000000Z" });
    server.reply({ drop: true }, { status: 200, body: envelope([old]) }, { status: 202, body: stored });
    const { client } = testClient(server);
    expect((await client.createJobDefinition(body)).id).toBe("d1");
    expect(server.count("POST")).toBe(2);
  });

  it("a 409 on the FIRST attempt is a plain conflict (no lookup: nothing ambiguous happened)", async () => {
    server.reply({ status: 409, body: { message: "Name already in use" } });
    const { client } = testClient(server);
    expect(await caught(client.createJobDefinition(body))).toBeInstanceOf(ConflictError);
    expect(calls()).toEqual(["POST /batchPredictionJobDefinitions/"]);
  });

  it("a 422 on the first attempt is a validation error, not retried", async () => {
    server.reply({ status: 422, body: { message: "Invalid field data", errors: { numConcurrent: "must be ≥ 1" } } });
    const { client } = testClient(server);
    const error = await caught(client.createJobDefinition(body));
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls()).toEqual(["POST /batchPredictionJobDefinitions/"]);
  });
});

describe("unambiguous failures are retried directly", () => {
  it("429: the server refused it, so POST again without a lookup, after Retry-After", async () => {
    server.reply({ status: 429, headers: { "Retry-After": "2" } }, { status: 202, body: stored });
    const { client, time } = testClient(server, { random: () => 0 });
    expect((await client.createJobDefinition(body)).id).toBe("d1");
    expect(calls()).toEqual(["POST /batchPredictionJobDefinitions/", "POST /batchPredictionJobDefinitions/"]);
    expect(time.sleeps).toEqual([2000]);
  });
});

describe("without a name", () => {
  const nameless = { deploymentId: DEPLOYMENT };

  it("an ambiguous failure is not retried (a retry could duplicate) and says it may exist", async () => {
    server.reply({ drop: true });
    const { client } = testClient(server);
    const error = (await caught(client.createJobDefinition(nameless))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toBe(
      "DataRobot API: POST /batchPredictionJobDefinitions/ failed: connection closed before a response was received (ECONNRESET). " +
        "The definition may have been created (it has no name to look it up by); check before creating it again",
    );
    expect(server.requests).toHaveLength(1);
  });

  it("a 429 is still retried", async () => {
    server.reply({ status: 429 }, { status: 202, body: stored });
    const { client } = testClient(server);
    expect((await client.createJobDefinition(nameless)).id).toBe("d1");
    expect(server.count("POST")).toBe(2);
  });
});

describe("giving up", () => {
  it("a 500 is not retried, and the error says the definition may exist", async () => {
    server.reply({ status: 500, body: { message: "Internal error" } });
    const { client } = testClient(server);
    const error = (await caught(client.createJobDefinition(body))) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toBe(
      'DataRobot API: POST /batchPredictionJobDefinitions/ failed with 500 (Internal error). The definition "nightly" ' +
        "may have been created; look it up by name before creating it again",
    );
  });

  it("a 503 storm ends at the deadline: every POST preceded by a lookup", async () => {
    server.onRequest((request) =>
      request.method === "POST"
        ? { status: 503, body: { message: "Unavailable" } }
        : { status: 200, body: envelope([]) },
    );
    try {
      const { client, time } = testClient(server, { retryDeadlineMs: 3000, random: () => 0 });
      const error = (await caught(client.createJobDefinition(body))) as DeadlineExceededError;
      expect(error).toBeInstanceOf(DeadlineExceededError);
      // waits 250, 500, 1000 (1750 ms); the next, 2000, would cross 3000.
      expect(time.sleeps).toEqual([250, 500, 1000]);
      expect(error.attempts).toBe(4);
      expect(error.message).toBe(
        "DataRobot API: POST /batchPredictionJobDefinitions/ gave up after 4 attempts in 1.8 s (retry deadline 3.0 s); " +
          'last error: 503 (Unavailable). The definition "nightly" may have been created; look it up by name before creating it again',
      );
      expect(error.outcomeUnknown).toBe(true);
      expect(error.lastError.outcomeUnknown).toBe(true);
      expect(calls().filter((c) => c.startsWith("POST"))).toHaveLength(4);
      expect(calls().filter((c) => c.startsWith("GET"))).toHaveLength(3);
    } finally {
      server.onRequest(() => ({ status: 599, body: { message: "unscripted request" } }));
    }
  });
});

describe("a create answered 2xx with an unreadable body (the server stored it, the id was lost)", () => {
  it.each([
    ["an empty 200", { status: 200 }],
    ["a 202 that is not JSON", { status: 202, body: "<html>gateway</html>" }],
    ["a 200 cut off mid-JSON", { status: 200, body: '{"id": "d1", "na' }],
  ])(
    "after %s: looked up by exact name like a dropped connection, found → returned, no second POST",
    async (_l, answer) => {
      server.reply(answer, { status: 200, body: envelope([stored]) });
      const { client } = testClient(server);
      expect((await client.createJobDefinition(body)).id).toBe("d1");
      expect(calls()).toEqual([
        "POST /batchPredictionJobDefinitions/",
        "GET /batchPredictionJobDefinitions/?searchName=nightly",
      ]);
    },
  );

  it("without a name to look it up by: fails at once saying it may have been created", async () => {
    server.reply({ status: 200 });
    const { client } = testClient(server);
    const error = await caught(client.createJobDefinition({ deploymentId: DEPLOYMENT }));
    expect(error.message).toBe(
      "DataRobot API: POST /batchPredictionJobDefinitions/ failed with 200 (unexpected response body: expected a " +
        "job definition with an id). The definition may have been created (it has no name to look it up by); check " +
        "before creating it again",
    );
    expect((error as ServerError).outcomeUnknown).toBe(true);
    expect(server.count("POST")).toBe(1);
  });

  it("answered so on every attempt and never found: the error says it may have been created", async () => {
    server.reply(
      ...Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? { status: 200 } : { status: 200, body: envelope([]) })),
    );
    const { client } = testClient(server, { maxRetries: 2 });
    const error = await caught(client.createJobDefinition(body));
    expect(error.message).toContain('The definition "nightly" may have been created; look it up by name');
    expect((error as ServerError).outcomeUnknown).toBe(true);
  });
});
