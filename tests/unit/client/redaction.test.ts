/**
 * Secrets never reach errors or logs. The other test files each check every error they saw (assertNoSecretLeak in
 * afterAll); this file tests the redaction helpers and proves that the leak check is able to fail.
 */
import * as util from "node:util";
import { redactedJson, redactText, redactValue } from "../../../provider/client/redact";
import { DataRobotApiError } from "../../../provider/client";
import { assertNoSecretLeak, caught, logLines, seenErrors, testClient, TOKEN, useScriptServer } from "../helpers";

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

describe("redactText, the one scrubber of server text", () => {
  it("cuts out a secret quoted percent-encoded (upper or lower hex, + for a space, encodeURI's form)", () => {
    const sig = "AbC/dEf+GhI=";
    expect(redactText("GET ...?sig=AbC%2FdEf%2BGhI%3D failed", [sig])).toBe("GET ...?sig=[secret] failed");
    expect(redactText("sig=AbC%2fdEf%2bGhI%3d", [sig])).toBe("sig=[secret]");
    expect(redactText("q=Bearer+tok3n-s3cret", ["Bearer tok3n-s3cret"])).toBe("q=[secret]");
    expect(redactText("url https://h/a%20b/?k=1", ["https://h/a b/?k=1"])).toBe("url [secret]");
  });

  it("cuts out a secret quoted JSON-escaped, once or twice (JSON quoted inside a JSON string)", () => {
    const header = 'tok"en\\with-quote';
    const once = JSON.stringify({ Authorization: header });
    expect(redactText(`bad header: ${once}`, [header])).toBe('bad header: {"Authorization":"[secret]"}');
    const twice = JSON.stringify({ message: once });
    expect(redactText(twice, [header])).not.toContain("with-quote");
  });

  it("masks secrets it was never told by their shape: credential JSON members, name=value pairs, URL credentials", () => {
    const body = { a: 1, apiKey: 'x"y\\z-unknown', nested: { password: "pw-unknown", name: "keep" } };
    const once = JSON.stringify(body);
    expect(redactText(once, [])).toBe('{"a":1,"apiKey":"[secret]","nested":{"password":"[secret]","name":"keep"}}');
    // A JSON text quoted in a JSON string, and that quoted again: the values still go, the rest stays.
    const twice = redactText(JSON.stringify({ message: once }), []);
    const thrice = redactText(JSON.stringify(JSON.stringify({ message: once })), []);
    for (const text of [twice, thrice]) {
      expect(text).not.toMatch(/unknown/);
      expect(text).toContain("keep");
    }
    expect(redactText("log token=abc123 sig=QQQ tokenizer=fine name=ok status code=503", [])).toBe(
      "log token=[secret] sig=[secret] tokenizer=fine name=ok status code=503",
    );
    expect(redactText("PUT https://bob:pa55@hooks.example.com/x?sv=1&sig=S1G failed", [])).toBe(
      "PUT https://[secret]@hooks.example.com/x?sv=1&sig=[secret] failed",
    );
    // An unterminated value is left alone (nothing is cut blindly), in bounded time.
    const started = Date.now();
    redactText(`{"apiKey":"${"\\".repeat(200_000)}`.repeat(2), []);
    redactText("a.".repeat(200_000) + "a=b&".repeat(50_000), []);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("escapes control and bidirectional-override characters visibly", () => {
    const hostile = "\u001b[31mred\u001b[0m\r\nOK\u0000\u009b2J\u202eevil\u2066";
    expect(redactText(hostile, [])).toBe("\\u001b[31mred\\u001b[0m\\u000d\\u000aOK\\u0000\\u009b2J\\u202eevil\\u2066");
    expect(redactText("plain text, ünïcödé and emoji 🚀 stay", [])).toBe("plain text, ünïcödé and emoji 🚀 stay");
  });
});

describe("the leak check", () => {
  it("would catch a raw HTTP library error: such errors embed the request, its Authorization header included", () => {
    // The shape of an error of a general HTTP library (its request config travels with it), which the client never
    // lets out: the check must see the token nested in it.
    const raw = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
      config: { url: "http://127.0.0.1:1/api/v2/x/", headers: { Authorization: `Bearer ${TOKEN}` } },
    });
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
  const server = useScriptServer();

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

  it("a 422 quoting the request's own secrets is scrubbed, and the debug log never shows them", async () => {
    const secrets = {
      customerKey: "SSECKEY-echo-5150",
      apiKey: "PIKEY-echo-6160",
      authorization: "Bearer HDR-echo-7170",
      xApiKey: "XAPI-echo-8180",
      sig: "SASSIG-echo-9190",
      password: "URLPASS-echo-1010",
    };
    const body = {
      name: "nightly",
      intakeSettings: { type: "azure", url: `https://acct.blob.core.windows.net/in/d.csv?sv=2022&sig=${secrets.sig}` },
      outputSettings: {
        type: "http",
        url: `https://bob:${secrets.password}@hooks.example.com/scores`,
        headers: { Authorization: secrets.authorization, "X-Api-Key": secrets.xApiKey },
        serverSideEncryption: { customerKey: secrets.customerKey },
      },
      predictionInstance: { hostName: "pred.example.com", apiKey: secrets.apiKey },
    };
    const quoted = Object.values(secrets).join(", ");
    server.reply({
      status: 422,
      body: {
        message: `Invalid field data: ${quoted} (token ${TOKEN}); HDR-echo-7170 has expired`,
        errors: { outputSettings: { serverSideEncryption: { customerKey: `${secrets.customerKey} is not valid` } } },
      },
    });
    const before = logLines.length;
    const { client } = testClient(server);
    const error = (await caught(client.createJobDefinition(body))) as DataRobotApiError;
    expect(error.status).toBe(422);
    expect(error.message).toContain("outputSettings.serverSideEncryption.customerKey: [secret] is not valid");
    // The URL-level secrets are scrubbed where the server quotes them alone as well.
    expect(error.apiMessage).toBe(
      `Invalid field data: ${Object.keys(secrets)
        .map(() => "[secret]")
        .join(", ")} (token [secret]); [secret] has expired`,
    );
    const logged = logLines.slice(before).join("\n");
    expect(logged).toContain('"hostName":"pred.example.com"');
    expect(logged).toContain("sig=[secret]");
    assertNoSecretLeak([TOKEN, ...Object.values(secrets)]);
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
