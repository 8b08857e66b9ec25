/**
 * Every status and failure is mapped to its typed error with a message a person can act on.
 */
import * as net from "node:net";
import {
  ConflictError,
  DataRobotApiError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  ValidationError,
} from "../../../provider/client";
import { caught, testClient, TOKEN, useScriptServer } from "../helpers";

const server = useScriptServer();

describe("status → typed error", () => {
  it("422 carries DataRobot's message and the field errors, flattened to dotted paths", async () => {
    server.reply({
      status: 422,
      body: {
        message: "Invalid field data",
        errors: { intakeSettings: { url: "must be an s3:// URL" }, schedule: { hour: ["bad value", "too many"] } },
      },
    });
    const { client } = testClient(server);
    const error = (await caught(client.updateJobDefinition("abc", { name: "x" }))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(DataRobotApiError);
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe(
      "DataRobot API: PATCH /batchPredictionJobDefinitions/abc/ failed with 422 (Invalid field data): " +
        "intakeSettings.url: must be an s3:// URL; schedule.hour: bad value; too many",
    );
    expect(error.status).toBe(422);
    expect(error.method).toBe("PATCH");
    expect(error.path).toBe("/batchPredictionJobDefinitions/abc/");
    expect(error.apiMessage).toBe("Invalid field data");
    expect(error.fieldErrors).toEqual({
      "intakeSettings.url": "must be an s3:// URL",
      "schedule.hour": "bad value; too many",
    });
    expect(error.retryable).toBe(false);
    expect(server.requests).toHaveLength(1); // never retried
  });

  it("keeps dotted keys as sent and indexes nested lists", async () => {
    server.reply({
      status: 422,
      body: { message: "Invalid", errors: { "intakeSettings.url": "required", passthroughColumns: [{ name: "bad" }] } },
    });
    const { client } = testClient(server);
    const error = (await caught(client.createJobDefinition({ name: "n" }))) as ValidationError;
    expect(error.fieldErrors).toEqual({ "intakeSettings.url": "required", "passthroughColumns[0].name": "bad" });
  });

  it.each([
    [404, NotFoundError, "GET", "Not found", ""],
    [409, ConflictError, "GET", "Name already used", ""],
    [400, ValidationError, "GET", "Bad request", ""],
    [
      401,
      UnauthorizedError,
      "GET",
      "Invalid token",
      ". Check the API token (datarobot:apiToken or DATAROBOT_API_TOKEN) and the endpoint",
    ],
    [
      403,
      ForbiddenError,
      "GET",
      "No access",
      ". The token's user lacks permission for this resource (e.g. on the deployment)",
    ],
    [500, ServerError, "GET", "Internal error", ""],
    [501, ServerError, "GET", "Not implemented", ""],
  ])("%i → %p", async (status, type, method, message, hint) => {
    server.reply({ status, body: { message } });
    const { client } = testClient(server);
    const error = (await caught(client.getJobDefinition("d1"))) as DataRobotApiError;
    expect(error).toBeInstanceOf(type);
    expect(error.message).toBe(
      `DataRobot API: ${method} /batchPredictionJobDefinitions/d1/ failed with ${status} (${message})${hint}`,
    );
    expect(error.status).toBe(status);
    expect(error.fieldErrors).toBeUndefined();
    expect(server.requests).toHaveLength(1); // 500 and 501 are not retried
  });

  it("keeps errorName", async () => {
    server.reply({ status: 409, body: { message: "Job already added", errorName: "JobAlreadyAdded" } });
    const { client } = testClient(server);
    const error = (await caught(client.getJob("j1"))) as ConflictError;
    expect(error.errorName).toBe("JobAlreadyAdded");
  });

  it("uses the start of a non-JSON body, or the status text when the body is empty", async () => {
    server.reply({ status: 502, body: "<html>Bad gateway from the load balancer</html>" }, { status: 404 });
    const { client } = testClient(server, { maxRetries: 0 });
    const first = (await caught(client.getJob("j1"))) as ServerError;
    expect(first.apiMessage).toBe("<html>Bad gateway from the load balancer</html>");
    const second = (await caught(client.getJob("j1"))) as NotFoundError;
    expect(second.message).toBe("DataRobot API: GET /batchPredictions/j1/ failed with 404 (Not Found)");
  });

  it("429 that persists through every retry → RateLimitedError with the attempt count", async () => {
    server.reply(
      { status: 429, body: { message: "Too many requests" } },
      { status: 429, body: { message: "Too many requests" } },
      { status: 429, body: { message: "Too many requests" } },
    );
    const { client, time } = testClient(server, { maxRetries: 2 });
    const error = (await caught(client.getJob("j1"))) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.attempts).toBe(3);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      "DataRobot API: GET /batchPredictions/j1/ failed with 429 (Too many requests) [after 3 attempts]. " +
        "DataRobot is rate limiting this client; lower requestsPerSecond or try again later",
    );
    expect(time.sleeps).toEqual([375, 750]); // random 0.5: 3/4 of 500 and 1000
  });

  it("a redirect is an error, not followed (it would drop a PATCH body)", async () => {
    server.reply({ status: 301, headers: { Location: "https://elsewhere.example.com/api/v2/x/" } });
    const { client } = testClient(server);
    const error = (await caught(client.getJobDefinition("d1"))) as DataRobotApiError;
    expect(error.constructor).toBe(DataRobotApiError);
    expect(error.message).toBe(
      "DataRobot API: GET /batchPredictionJobDefinitions/d1/ failed with 301 (unexpected redirect to https://elsewhere.example.com/api/v2/x/)",
    );
  });

  it("a 2xx body of the wrong shape is reported, not passed on", async () => {
    server.reply({ status: 200, body: { nothing: true } });
    const { client } = testClient(server);
    const error = await caught(client.getJobDefinition("d1"));
    expect(error.message).toBe(
      "DataRobot API: GET /batchPredictionJobDefinitions/d1/ failed with 200 (unexpected response body: expected a job definition with an id)",
    );
  });

  it("scrubs the token if the server echoes it back", async () => {
    server.reply({ status: 401, body: { message: `Token ${TOKEN} is invalid`, errors: { auth: `bad ${TOKEN}` } } });
    const { client } = testClient(server);
    const error = (await caught(client.getJobDefinition("d1"))) as UnauthorizedError;
    expect(error.apiMessage).toBe("Token [secret] is invalid");
    expect(error.fieldErrors).toEqual({ auth: "bad [secret]" });
  });
});

describe("network failures → NetworkError (status 0)", () => {
  it("connection refused: phase 'connect', retried, then reported", async () => {
    const port = await freePort();
    const { client, time } = testClient(server, { endpoint: `http://127.0.0.1:${port}`, maxRetries: 2 });
    const error = (await caught(client.getJobDefinition("d1"))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.status).toBe(0);
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.phase).toBe("connect");
    expect(error.attempts).toBe(3);
    expect(error.message).toBe(
      "DataRobot API: GET /batchPredictionJobDefinitions/d1/ failed: connection refused (ECONNREFUSED) [after 3 attempts]",
    );
    expect(time.sleeps).toHaveLength(2);
  });

  it("dropped connection: ECONNRESET, phase 'sent'", async () => {
    server.reply({ drop: true });
    const { client } = testClient(server, { maxRetries: 0 });
    const error = (await caught(client.getJob("j1"))) as NetworkError;
    expect(error.code).toBe("ECONNRESET");
    expect(error.phase).toBe("sent");
    expect(error.message).toBe(
      "DataRobot API: GET /batchPredictions/j1/ failed: connection closed before a response was received (ECONNRESET)",
    );
  });

  it("per-request timeout", async () => {
    server.reply({ status: 200, body: { id: "j1", status: "RUNNING" }, delayMs: 400 });
    const { client } = testClient(server, { maxRetries: 0, timeoutMs: 100 });
    const error = (await caught(client.getJob("j1"))) as NetworkError;
    expect(error.code).toBe("ECONNABORTED");
    expect(error.message).toBe(
      "DataRobot API: GET /batchPredictions/j1/ failed: timed out: no response within 100 ms (ECONNABORTED)",
    );
  });

  it("a timed-out GET is retried and can then succeed", async () => {
    server.reply(
      { status: 200, body: { id: "j1", status: "RUNNING" }, delayMs: 400 },
      { status: 200, body: { id: "j1", status: "COMPLETED" } },
    );
    const { client } = testClient(server, { timeoutMs: 100 });
    const job = await client.getJob("j1");
    expect(job.status).toBe("COMPLETED");
    expect(server.requests).toHaveLength(2);
  });
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
