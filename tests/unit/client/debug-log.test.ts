/**
 * The debug log (provider/client/debug-log.ts): where its lines go, what they say, and that no secret reaches them.
 */
import { DataRobotClient } from "../../../provider/client";
import {
  createDebugLog,
  debugSinkFromEnv,
  outcomeLine,
  requestLine,
  streamLine,
} from "../../../provider/client/debug-log";
import { definition, logLines, testClient, TOKEN, useScriptServer } from "../helpers";

const server = useScriptServer();

describe("through the client", () => {
  it("one line per request, response and retry, with method, path, status, attempt and wait", async () => {
    logLines.length = 0;
    server.reply({ status: 503 }, { status: 200, body: definition("d1", "n") });
    const { client } = testClient(server);
    await client.getJobDefinition("d1");
    const shape = logLines.map((line) => line.replace(/ \d+ms$/, " <t>ms"));
    expect(shape).toEqual([
      "→ GET /batchPredictionJobDefinitions/d1/ attempt=1",
      "← GET /batchPredictionJobDefinitions/d1/ 503 attempt=1 <t>ms",
      "retry GET /batchPredictionJobDefinitions/d1/ after 503 attempt=1 wait=375ms",
      "→ GET /batchPredictionJobDefinitions/d1/ attempt=2",
      "← GET /batchPredictionJobDefinitions/d1/ 200 attempt=2 <t>ms",
    ]);
  });

  it("logs bodies with secrets replaced by [secret]", async () => {
    logLines.length = 0;
    server.reply({ status: 202, body: definition("d1", "n") });
    const { client } = testClient(server);
    await client.createJobDefinition({
      name: "n",
      predictionInstance: { hostName: "h", apiKey: "AK-very-secret", datarobotKey: "DK-very-secret" },
      outputSettings: { type: "s3", token: "T-very-secret" },
    });
    expect(logLines[0]).toBe(
      '→ POST /batchPredictionJobDefinitions/ attempt=1 body={"name":"n","predictionInstance":{"hostName":"h",' +
        '"apiKey":"[secret]","datarobotKey":"[secret]"},"outputSettings":{"type":"s3","token":"[secret]"}}',
    );
    for (const line of logLines) expect(line).not.toMatch(/very-secret/);
  });

  it("is on by default only with DATAROBOT_BATCH_DEBUG=1, writing to stderr", async () => {
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const previous = process.env.DATAROBOT_BATCH_DEBUG;
    try {
      server.reply({ status: 200, body: definition("d1", "n") }, { status: 200, body: definition("d1", "n") });
      delete process.env.DATAROBOT_BATCH_DEBUG;
      await new DataRobotClient({ endpoint: server.url, token: TOKEN }).getJobDefinition("d1");
      expect(writes).toEqual([]);
      process.env.DATAROBOT_BATCH_DEBUG = "1";
      await new DataRobotClient({ endpoint: server.url, token: TOKEN }).getJobDefinition("d1");
      expect(writes).toHaveLength(2);
      expect(writes[0]).toBe("[datarobot-batch] → GET /batchPredictionJobDefinitions/d1/ attempt=1\n");
      for (const w of writes) expect(w).not.toContain(TOKEN);
    } finally {
      spy.mockRestore();
      if (previous === undefined) delete process.env.DATAROBOT_BATCH_DEBUG;
      else process.env.DATAROBOT_BATCH_DEBUG = previous;
    }
  });
});

describe("debug-log.ts", () => {
  it.each([
    ["1", true],
    ["true", true],
    ["TRUE", true],
    ["0", false],
    ["false", false],
    ["yes", false],
    ["", false],
    [undefined, false],
  ])("DATAROBOT_BATCH_DEBUG=%p: stderr log on = %p", (flag, on) => {
    const env: NodeJS.ProcessEnv = flag === undefined ? {} : { DATAROBOT_BATCH_DEBUG: flag };
    expect(debugSinkFromEnv(env) !== undefined).toBe(on);
  });

  it("with a sink, the log is on and every line it gets has the secrets cut out", () => {
    const lines: string[] = [];
    const log = createDebugLog((line) => lines.push(line), [TOKEN, "short"]);
    expect(log.enabled).toBe(true);
    log.write(`retry after 503, token ${TOKEN} again ${TOKEN}; short stays cut`);
    expect(lines).toEqual(["retry after 503, token [secret] again [secret]; [secret] stays cut"]);
  });

  it("without a sink and with the flag off, the log is disabled and writing is a no-op", () => {
    const previous = process.env.DATAROBOT_BATCH_DEBUG;
    delete process.env.DATAROBOT_BATCH_DEBUG;
    try {
      const log = createDebugLog(undefined, [TOKEN]);
      expect(log.enabled).toBe(false);
      expect(log.write("anything")).toBeUndefined();
    } finally {
      if (previous !== undefined) process.env.DATAROBOT_BATCH_DEBUG = previous;
    }
  });

  it("requestLine: method, url, attempt; the rate-limit wait only when there was one; the body redacted", () => {
    expect(requestLine({ method: "GET" }, "/x/?offset=0", 1, 0, [TOKEN])).toBe("→ GET /x/?offset=0 attempt=1");
    expect(
      requestLine(
        { method: "PATCH", body: { name: "n", note: TOKEN, predictionInstance: { apiKey: "AK-1234" } } },
        "/x/",
        3,
        40,
        [TOKEN],
      ),
    ).toBe(
      '→ PATCH /x/ attempt=3 rateLimitWait=40ms body={"name":"n","note":"[secret]","predictionInstance":{"apiKey":"[secret]"}}',
    );
  });

  it("requestLine cuts a large body so one request cannot flood the log", () => {
    const line = requestLine({ method: "POST", body: { name: "x".repeat(5000) } }, "/x/", 1, 0, []);
    expect(line.length).toBeLessThan(2100);
    expect(line).toMatch(/…\(\d+ more chars\)$/);
  });

  it("outcomeLine and streamLine", () => {
    expect(outcomeLine("GET /x/", 200, 12, 1)).toBe("← GET /x/ 200 attempt=1 12ms");
    expect(outcomeLine("GET /x/", "failed ECONNRESET", 3, 2)).toBe("← GET /x/ failed ECONNRESET attempt=2 3ms");
    expect(outcomeLine("PUT /up/", 202, 7)).toBe("← PUT /up/ 202 7ms");
    expect(streamLine("PUT /up/")).toBe("→ PUT /up/ (stream)");
  });
});
