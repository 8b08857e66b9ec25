/**
 * The emulator as a server facing careless or hostile clients: body limits, auth before bodies, a bounded
 * request log, depth/size limits, reserved keys and malformed escapes, links from the emulator's own origin, and an
 * admin API that a web page cannot drive.
 */
import { request } from "node:http";
import { SEED, startEmulator } from "../../../emulator";
import { call, client, clientOf, definitionBody, EVERY_MINUTE, sleep, useEmulator } from "../helpers";
import { deepDefinition, HOSTILE_REQUESTS } from "./hostile-requests";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request with full control over headers and a body streamed as `chunks` × `chunk`; resolves on the answer. */
function raw(
  url: string,
  method: string,
  headers: Record<string, string | number>,
  body?: { chunk: Buffer; chunks: number } | string,
): Promise<Answer | "reset"> {
  return new Promise((resolve) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on("error", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    // After an early answer the server closes the connection: the rest of the upload fails, which is expected.
    req.on("error", () => resolve("reset"));
    if (body === undefined || typeof body === "string") {
      req.end(body);
      return;
    }
    let sent = 0;
    const pump = (): void => {
      while (sent < body.chunks) {
        sent += 1;
        if (!req.write(body.chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

const MB = 1024 * 1024;
const json = { "Content-Type": "application/json" };

const warnings: string[] = [];
const emu = useEmulator({ timeScale: 600, maxBodyBytes: MB, warn: (message) => warnings.push(message) });
const owner = clientOf(emu);

const adminBase = () => emu.adminUrl;

describe("request bodies", () => {
  it("answers 401 to an unauthenticated upload without reading it, and logs no body", async () => {
    const answer = await raw(
      `${emu.url}/batchPredictionJobDefinitions/`,
      "POST",
      { "Content-Type": "text/plain", "Content-Length": 20 * MB },
      { chunk: Buffer.alloc(MB, 0x61), chunks: 20 },
    );
    expect(answer).not.toBe("reset");
    const { status, text } = answer as Answer;
    expect(status).toBe(401);
    expect(JSON.parse(text)).toEqual({
      message: "Authentication credentials were not provided: send 'Authorization: Bearer <token>'.",
    });
    const [entry] = await emu.admin.requests();
    expect(entry).toMatchObject({
      status: 401,
      user: null,
      body: null,
      bodyNote: `not read (answered 401): ${20 * MB} bytes`,
    });
  });

  it("answers 413 with a JSON message to a body over the limit, declared or streamed", async () => {
    const headers = { ...json, Authorization: `Bearer ${emu.token}` };
    const declared = await raw(
      `${emu.url}/batchPredictionJobDefinitions/`,
      "POST",
      { ...headers, "Content-Length": 2 * MB },
      {
        chunk: Buffer.alloc(MB, 0x20),
        chunks: 2,
      },
    );
    const streamed = await raw(`${emu.url}/batchPredictionJobDefinitions/`, "POST", headers, {
      chunk: Buffer.alloc(MB / 4, 0x20),
      chunks: 12,
    });
    for (const answer of [declared, streamed]) {
      expect(answer).not.toBe("reset");
      expect((answer as Answer).status).toBe(413);
      expect(JSON.parse((answer as Answer).text)).toEqual({
        message: `The request body is larger than the emulator's limit of ${MB} bytes (option maxBodyBytes, --max-body-bytes)`,
      });
    }
    expect(await emu.admin.definitions()).toEqual([]);
    // Just under the limit is read normally.
    const padded = JSON.stringify(definitionBody({ name: "padded" })).replace(/}$/, `${" ".repeat(MB - 1000)}}`);
    expect(
      (await call(emu.url, "POST", "/batchPredictionJobDefinitions/", undefined, { token: emu.token, rawBody: padded }))
        .status,
    ).toBe(202);
  });

  it("keeps large bodies in the request log as a 4 KB prefix and their size", async () => {
    const body = definitionBody({
      name: "wide",
      passthroughColumns: Array.from({ length: 2000 }, (_, i) => `column_${i}`),
    });
    expect((await owner.post("/batchPredictionJobDefinitions/", body)).status).toBe(202);
    const [entry] = await emu.admin.requests();
    const text = JSON.stringify(body);
    expect(entry.body).toBe(text.slice(0, 4096));
    expect(entry.bodyNote).toBe(`truncated: ${text.length} bytes, first 4096 characters kept`);
  });

  it("leaves a non-JSON body unread: a JSON route answers that it needs a JSON object", async () => {
    const answer = (await raw(
      `${emu.url}/batchPredictionJobDefinitions/`,
      "POST",
      { "Content-Type": "text/csv", Authorization: `Bearer ${emu.token}` },
      "a,b\n1,2\n",
    )) as Answer;
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.text).message).toBe("The request body must be a JSON object");
  });
});

describe("faults with a body", () => {
  it("a latency fault reads the body before holding it: a client that gives up still leaves a created definition", async () => {
    await emu.admin.addFault({ method: "POST", path: "/batchPredictionJobDefinitions", latencyMs: 300 });
    const payload = JSON.stringify(definitionBody({ name: "held" }));
    const req = request(`${emu.url}/batchPredictionJobDefinitions/`, {
      method: "POST",
      agent: false,
      headers: { ...json, Authorization: `Bearer ${emu.token}`, "Content-Length": Buffer.byteLength(payload) },
    });
    req.on("error", () => undefined);
    req.end(payload);
    await sleep(100);
    req.destroy();
    await sleep(400);
    expect((await emu.admin.definitions()).map((d) => d.name)).toEqual(["held"]);
  });

  it("a status fault answers without reading the body", async () => {
    await emu.admin.addFault({ method: "POST", path: "/batchPredictionJobDefinitions", status: 503 });
    const answer = (await raw(
      `${emu.url}/batchPredictionJobDefinitions/`,
      "POST",
      { ...json, "Content-Length": 5 * MB },
      { chunk: Buffer.alloc(MB, 0x20), chunks: 5 },
    )) as Answer;
    expect(answer.status).toBe(503);
    const [entry] = await emu.admin.requests();
    expect(entry).toMatchObject({
      status: 503,
      body: null,
      bodyNote: `answered by an injected fault: ${5 * MB} bytes`,
    });
  });
});

describe("depth and size limits", () => {
  it("refuses a definition nested 5000 deep with 422 and the path, stores nothing, and lists keep working", async () => {
    const response = await call(emu.url, "POST", "/batchPredictionJobDefinitions/", undefined, {
      token: emu.token,
      rawBody: deepDefinition(5000, `, "enabled": true, "schedule": ${JSON.stringify(EVERY_MINUTE)}`),
    });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      message: "Invalid field data",
      errors: {
        [`timeseriesSettings.forecastPointPolicy.configuration${".a".repeat(29)}`]:
          "is nested too deeply: at most 32 levels of objects and arrays are allowed",
      },
    });
    expect(await emu.admin.definitions()).toEqual([]);
    // Two emulated minutes pass (timeScale 600: 100 ms each): the scheduler has nothing to run and keeps going.
    await sleep(250);
    expect(await emu.admin.jobs()).toEqual([]);
    expect((await owner.get("/batchPredictionJobDefinitions/")).status).toBe(200);
    expect((await owner.get("/batchPredictions/")).status).toBe(200);
    expect(warnings).toEqual([]);
  });

  it("accepts a free-form setting within the limits", async () => {
    const configuration = { a: { b: { c: { d: [1, 2, { e: "f" }] } } } };
    const response = await owner.post(
      "/batchPredictionJobDefinitions/",
      definitionBody({
        timeseriesSettings: { type: "forecastWithPolicy", forecastPointPolicy: { type: "job", configuration } },
      }),
    );
    expect(response.status).toBe(202);
    expect(response.body.batchPredictionJob.timeseriesSettings.forecastPointPolicy.configuration).toEqual(
      configuration,
    );
  });
});

describe("hostile keys and escapes", () => {
  it.each(HOSTILE_REQUESTS.map((r) => [r.label, r] as const))(
    "%s: a clear refusal, never a 500",
    async (_label, hostile) => {
      const base = hostile.target === "api" ? emu.url : adminBase();
      // The strict refusals of hostile names used as keys and adapter types (by default they are plain unknown
      // values, stored as sent).
      await emu.admin.setConfig({ unknownFields: "reject", unknownAdapterTypes: "reject" });
      const response = await call(base, hostile.method, hostile.path, undefined, {
        token: hostile.target === "api" ? emu.token : undefined,
        rawBody: hostile.rawBody,
      });
      expect(hostile.expected).toContain(response.status);
      expect(response.body.message).toEqual(expect.any(String));
      expect(response.text).not.toContain("Emulator error");
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((await emu.admin.config()).timeScale).toBe(600);
      expect(await emu.admin.definitions()).toEqual([]);
    },
  );
});

describe("links", () => {
  it("are built from the emulator's own origin, whatever Host the request names", async () => {
    const spoofed = { Host: "evil.example:666", Authorization: `Bearer ${emu.token}`, ...json };
    for (const name of ["one", "two"])
      expect((await owner.post("/batchPredictionJobDefinitions/", definitionBody({ name }))).status).toBe(202);
    const page = (await raw(`${emu.url}/batchPredictionJobDefinitions/?limit=1&offset=1`, "GET", spoofed)) as Answer;
    const { next, previous, data } = JSON.parse(page.text);
    expect(next).toBeNull();
    expect(previous).toBe(`${emu.url}/batchPredictionJobDefinitions/?offset=0&limit=1`);
    const started = (await raw(
      `${emu.url}/batchPredictions/fromJobDefinition/`,
      "POST",
      spoofed,
      JSON.stringify({ jobDefinitionId: data[0].id }),
    )) as Answer;
    const job = JSON.parse(started.text);
    expect(started.headers.location).toBe(`${emu.url}/batchPredictions/${job.id}/`);
    expect(job.links.self).toBe(`${emu.url}/batchPredictions/${job.id}/`);
    expect(started.text).not.toContain("evil.example");
  });

  it("use publicUrl when one is given, and the admin API accepts it as an Origin", async () => {
    const published = await startEmulator({ publicUrl: "http://emulator.test:9999/ignored/path" });
    try {
      expect(published.url).toBe("http://emulator.test:9999/api/v2");
      expect(published.adminUrl).toBe("http://emulator.test:9999/__admin");
      const local = `${published.listenUrl}/api/v2`;
      const api = client(local, published.token);
      const created = await api.post("/batchPredictionJobDefinitions/", definitionBody());
      const started = await api.post("/batchPredictions/fromJobDefinition/", { jobDefinitionId: created.body.id });
      expect(started.headers.location).toBe(`http://emulator.test:9999/api/v2/batchPredictions/${started.body.id}/`);
      const reset = (await raw(`${published.listenUrl}/__admin/reset`, "POST", {
        Origin: "http://emulator.test:9999",
      })) as Answer;
      expect(reset.status).toBe(204);
      // Its host is the emulator's own: the admin API answers requests addressed to it.
      const named = (await raw(`${published.listenUrl}/__admin/requests`, "GET", {
        Host: "emulator.test:9999",
      })) as Answer;
      expect(named.status).toBe(200);
    } finally {
      await published.close();
    }
    await expect(startEmulator({ publicUrl: "ftp://x" })).rejects.toThrow(
      "publicUrl must start with http:// or https://",
    );
  });
});

describe("admin API", () => {
  it("refuses a Host that is not the emulator's (a page rebinding its DNS name to 127.0.0.1), reads included", async () => {
    await owner.post(
      "/batchPredictionJobDefinitions/",
      definitionBody({ predictionInstance: { hostName: "p.example.com", apiKey: "PIAPIKEYSECRET55" } }),
    );
    const port = new URL(emu.url).port;
    for (const path of ["/requests", "/definitions", "/jobs", "/config"]) {
      const answer = (await raw(`${adminBase()}${path}`, "GET", {
        Host: `attacker.example:${port}`,
        "Sec-Fetch-Site": "same-origin",
      })) as Answer;
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.text).message).toBe(
        `The admin API answers only requests addressed to this emulator's own host (got Host "attacker.example:${port}"): ` +
          "use 127.0.0.1, localhost or the host of --public-url. A web page that rebinds its name to this machine is refused",
      );
      expect(answer.text).not.toContain("PIAPIKEYSECRET55");
    }
    // Loopback names and IP addresses (nothing to rebind) are this emulator.
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `10.1.2.3:${port}`, "LOCALHOST"]) {
      expect(((await raw(`${adminBase()}/requests`, "GET", { Host: host })) as Answer).status).toBe(200);
    }
  });

  it("the request log redacts what a client would: write-only keys, header values, URL credentials, query tokens", async () => {
    const sasUrl = "https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&sig=S3PRESIGNSECRET%2F1";
    const body = definitionBody({
      name: "logged",
      intakeSettings: { type: "azure", url: sasUrl, credentialId: SEED.credentialId },
      outputSettings: {
        type: "http",
        url: "https://bob:URLPASSWORD7@hooks.example.com/scores",
        method: "PUT",
        headers: { Authorization: "Bearer HDRSECRET-xyz-987", "X-Team": "ml" },
      },
      predictionInstance: { hostName: "p.example.com", apiKey: "PIAPIKEYSECRET55", datarobotKey: "DRKEYSECRET66" },
    });
    expect((await owner.post("/batchPredictionJobDefinitions/", body)).status).toBe(202);
    await owner.get("/batchPredictionJobDefinitions/?limit=1&token=QUERYTOKEN42&searchName=logged");
    const log = await emu.admin.requests();
    const text = JSON.stringify(log);
    for (const secret of [
      "S3PRESIGNSECRET",
      "URLPASSWORD7",
      "HDRSECRET",
      "PIAPIKEYSECRET55",
      "DRKEYSECRET66",
      "QUERYTOKEN42",
    ])
      expect(text).not.toContain(secret);
    expect(log[0].body).toEqual({
      ...body,
      intakeSettings: {
        type: "azure",
        url: "https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&sig=[secret]",
        credentialId: SEED.credentialId,
      },
      outputSettings: {
        type: "http",
        url: "https://[secret]@hooks.example.com/scores",
        method: "PUT",
        headers: { Authorization: "[secret]", "X-Team": "[secret]" },
      },
      predictionInstance: { hostName: "p.example.com", apiKey: "[secret]", datarobotKey: "[secret]" },
    });
    expect(log[1].query).toEqual({ limit: "1", token: "[secret]", searchName: "logged" });
  });

  it("requires Content-Type: application/json for a body (415) and changes nothing otherwise", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const answer = (await raw(
        `${adminBase()}/config`,
        "PUT",
        { "Content-Type": type },
        '{"timeScale": 5}',
      )) as Answer;
      expect(answer.status).toBe(415);
      expect(JSON.parse(answer.text).message).toBe(
        `Admin request bodies must be sent with Content-Type: application/json (got "${type}")`,
      );
    }
    const untyped = (await raw(`${adminBase()}/config`, "PUT", {}, '{"timeScale": 5}')) as Answer;
    expect(untyped.status).toBe(415);
    expect(JSON.parse(untyped.text).message).toBe(
      "Admin request bodies must be sent with Content-Type: application/json (none was given)",
    );
    expect((await emu.admin.config()).timeScale).toBe(600);
    // A body-less POST needs no Content-Type; JSON is accepted.
    expect(((await raw(`${adminBase()}/reset`, "POST", {})) as Answer).status).toBe(204);
    expect(((await raw(`${adminBase()}/config`, "PUT", json, '{"timeScale": 5}')) as Answer).status).toBe(200);
  });

  it("refuses cross-origin and cross-site requests with 403, before reading the body", async () => {
    const attempts: Array<Record<string, string>> = [
      { Origin: "http://evil.example" },
      { Origin: "null" },
      { Origin: emu.url.replace(/:\d+\//, ":1/") },
      { "Sec-Fetch-Site": "cross-site" },
    ];
    for (const headers of attempts) {
      const answer = (await raw(
        `${adminBase()}/faults`,
        "POST",
        { ...json, ...headers },
        '{"path": "/**", "status": 500}',
      )) as Answer;
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.text).message).toMatch(/^Cross-(origin|site) requests to the admin API are refused/);
    }
    expect(await emu.admin.faults()).toEqual([]);
    const own = new URL(emu.url).origin;
    for (const origin of [own, own.replace("127.0.0.1", "localhost")]) {
      const answer = (await raw(
        `${adminBase()}/faults`,
        "POST",
        { ...json, Origin: origin, "Sec-Fetch-Site": "same-origin" },
        '{"path": "/x", "status": 500}',
      )) as Answer;
      expect(answer.status).toBe(201);
    }
  });
});
