/**
 * Secrets never reach errors or logs. The other test files each check every error they saw (assertNoSecretLeak in
 * afterAll); this file tests the redaction helpers and proves that the leak check is able to fail.
 */
import * as util from "node:util";
import axios from "axios";
import { redactedJson, redactText, redactValue } from "../../../provider/client/redact";
import { DataRobotApiError } from "../../../provider/client";
import { assertNoSecretLeak, caught, logLines, ScriptServer, seenErrors, testClient, TOKEN } from "./helpers";

describe("redactValue", () => {
  it("replaces the values of secret keys at any depth, case-insensitively, and leaves the input alone", () => {
    const input = {
      name: "n",
      predictionInstance: { hostName: "h", apiKey: "a", DataRobotKey: "b" },
      list: [{ token: "c", other: 1 }],
      password: null,
    };
    expect(redactValue(input)).toEqual({
      name: "n",
      predictionInstance: { hostName: "h", apiKey: "[secret]", DataRobotKey: "[secret]" },
      list: [{ token: "[secret]", other: 1 }],
      password: null,
    });
    expect(input.predictionInstance.apiKey).toBe("a");
  });

  it("redactText removes every occurrence of a secret", () => {
    expect(redactText(`a ${TOKEN} b ${TOKEN}`, [TOKEN])).toBe("a [secret] b [secret]");
    expect(redactText("abc", [""])).toBe("abc");
  });

  it("redactedJson cuts long bodies", () => {
    expect(redactedJson({ text: "x".repeat(50) }, [], 20)).toBe('{"text":"xxxxxxxxxxx…(41 more chars)');
  });
});

describe("the leak check", () => {
  it("would catch a raw axios error: they embed the Authorization header", async () => {
    let raw: unknown;
    try {
      await axios.get("http://127.0.0.1:1/api/v2/x/", { headers: { Authorization: `Bearer ${TOKEN}` }, proxy: false });
    } catch (error) {
      raw = error;
    }
    expect(util.inspect(raw, { depth: 10 })).toContain(TOKEN);
    const before = seenErrors.length;
    seenErrors.push(raw);
    expect(() => assertNoSecretLeak()).toThrow();
    seenErrors.splice(before);
  });

  it("would catch a token in a log line", () => {
    logLines.push(`oops ${TOKEN}`);
    expect(() => assertNoSecretLeak()).toThrow();
    logLines.pop();
  });
});

describe("errors from the client", () => {
  let server: ScriptServer;
  beforeAll(async () => {
    server = await ScriptServer.start();
  });
  afterAll(async () => {
    await server.close();
    assertNoSecretLeak();
  });

  it("a connection failure keeps no request config, headers or cause", async () => {
    const { client } = testClient(server, { endpoint: "http://127.0.0.1:1", maxRetries: 0 });
    const error = (await caught(client.getJobDefinition("d1"))) as DataRobotApiError;
    expect(Object.keys(error).sort()).toEqual(
      [
        "apiMessage",
        "attempts",
        "code",
        "method",
        "name",
        "outcomeUnknown",
        "path",
        "phase",
        "retryable",
        "status",
      ].sort(),
    );
    expect(error.cause).toBeUndefined();
    expect(util.inspect(error, { showHidden: true, depth: 10 })).not.toContain("authorization");
  });

  it("a deadline error carries only our own last error", async () => {
    server.onRequest(() => ({ status: 503 }));
    const { client } = testClient(server, { retryDeadlineMs: 1000 });
    const error = (await caught(
      client.updateJobDefinition("d1", { predictionInstance: { apiKey: "AK-1" } }),
    )) as DataRobotApiError;
    expect(JSON.stringify(error)).not.toContain("AK-1");
    expect(util.inspect(error, { showHidden: true, depth: 10 })).not.toMatch(/AK-1|Bearer/);
  });
});
