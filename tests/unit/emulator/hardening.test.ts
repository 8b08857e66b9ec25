import type { IncomingMessage } from "node:http";
import { checkAdminOrigin, ownOrigins } from "../../../emulator/http/admin-guard";
import { DEFAULT_CONFIG, EmulatorContext } from "../../../emulator/state/context";
import { schedulerTick } from "../../../emulator/routes/jobs";
import type { StoredDefinition } from "../../../emulator/state/store";
import { parseArgs } from "../../../emulator/cli-args";
import { bodyKind, HttpError, queryOf, Router } from "../../../emulator/http/router";
import { exposureWarning, isLoopback } from "../../../emulator/index";
import { checkJson, DEFAULT_JSON_LIMITS } from "../../../emulator/http/json-limits";
import { loggedBody, MAX_LOGGED_BODY_BYTES } from "../../../emulator/state/request-log";

/** A JSON value nested `depth` levels deep under `key`. */
function nested(depth: number, key = "a"): unknown {
  let value: unknown = "leaf";
  for (let i = 1; i < depth; i++) value = { [key]: value };
  return value;
}

function fakeRequest(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

function statusOf(action: () => unknown): number | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof HttpError ? error.status : -1;
  }
}

describe("JSON body limits", () => {
  it("accept a body at the depth limit and refuse one level more, naming the path", () => {
    expect(checkJson({ x: nested(DEFAULT_JSON_LIMITS.maxDepth - 1) })).toBeUndefined();
    const problem = checkJson({ timeseriesSettings: { forecastPointPolicy: { configuration: nested(5000) } } });
    expect(problem?.message).toBe("is nested too deeply: at most 32 levels of objects and arrays are allowed");
    expect(problem?.path).toBe(`timeseriesSettings.forecastPointPolicy.configuration${".a".repeat(29)}`);
  });

  it("count arrays as levels and name array items by index", () => {
    let value: unknown = [];
    for (let i = 0; i < 40; i++) value = [value];
    expect(checkJson({ list: value })?.path).toBe(`list${".0".repeat(31)}`);
  });

  it("refuse a body with more values than the limit, before queueing them", () => {
    const problem = checkJson({ passthroughColumns: new Array(200_000).fill("c") });
    expect(problem).toEqual({ path: "passthroughColumns", message: "makes the body exceed 100000 values" });
    expect(checkJson({ passthroughColumns: new Array(50_000).fill("c") })).toBeUndefined();
  });

  it.each(["__proto__", "constructor", "prototype"])("refuse the reserved key %s wherever it is", (key) => {
    const parsed: unknown = JSON.parse(`{"intakeSettings": {"type": "s3", "nested": [{"${key}": {"x": 1}}]}}`);
    expect(checkJson(parsed)).toEqual({
      path: `intakeSettings.nested.0.${key}`,
      message: "is a reserved key (__proto__, constructor, prototype) and is not allowed",
    });
  });

  it("keep the reported path short for very long keys", () => {
    const problem = checkJson({ ["k".repeat(10_000)]: nested(100) });
    expect(problem?.path.length).toBeLessThanOrEqual(301);
  });
});

describe("request target checks", () => {
  const router = new Router<null>().on("GET", "/things/:id", () => ({ status: 200 }));

  it("answer 400 for a malformed percent-escape or a reserved name in a path parameter", () => {
    expect(statusOf(() => router.resolve("GET", "/things/%E0%A4%A/"))).toBe(400);
    expect(statusOf(() => router.resolve("GET", "/things/%/"))).toBe(400);
    expect(statusOf(() => router.resolve("GET", "/things/__proto__/"))).toBe(400);
    expect(statusOf(() => router.resolve("GET", "/things/%63onstructor"))).toBe(400);
    expect(router.resolve("GET", "/things/a%20b").params).toEqual({ id: "a b" });
  });

  it("answer 400 for a reserved query parameter or a malformed escape, and keep ordinary ones", () => {
    expect(statusOf(() => queryOf(new URL("http://x/?a=1&__proto__=1")))).toBe(400);
    expect(statusOf(() => queryOf(new URL("http://x/?prototype=1")))).toBe(400);
    expect(statusOf(() => queryOf(new URL("http://x/?limit=5&searchName=%E0%A4%A")))).toBe(400);
    expect(queryOf(new URL("http://x/?limit=5&searchName=a+b%20c"))).toEqual({ limit: "5", searchName: "a b c" });
  });
});

describe("body kinds", () => {
  it("buffer only JSON (or untyped) bodies and leave other content types to the route", () => {
    expect(bodyKind(fakeRequest({}))).toBe("none");
    expect(bodyKind(fakeRequest({ "content-length": "0", "content-type": "text/csv" }))).toBe("none");
    expect(bodyKind(fakeRequest({ "content-length": "2" }))).toBe("json");
    expect(bodyKind(fakeRequest({ "content-length": "2", "content-type": "application/json; charset=utf-8" }))).toBe(
      "json",
    );
    expect(
      bodyKind(fakeRequest({ "transfer-encoding": "chunked", "content-type": "application/merge-patch+json" })),
    ).toBe("json");
    expect(bodyKind(fakeRequest({ "transfer-encoding": "chunked", "content-type": "text/csv" }))).toBe("other");
    expect(bodyKind(fakeRequest({ "content-length": "9", "content-type": "text/plain" }))).toBe("other");
  });
});

describe("request log bodies", () => {
  it("keep small bodies parsed and large ones as a prefix with their size", () => {
    expect(loggedBody('{"a":1}', { ok: true, value: { a: 1 } })).toEqual({ body: { a: 1 } });
    const text = JSON.stringify({ name: "x".repeat(10_000) });
    const logged = loggedBody(text, { ok: true, value: JSON.parse(text) as unknown });
    expect(logged.body).toBe(text.slice(0, MAX_LOGGED_BODY_BYTES));
    expect(logged.bodyNote).toBe(`truncated: ${text.length} bytes, first 4096 characters kept`);
  });
});

describe("admin origin check", () => {
  const allowed = ownOrigins("http://127.0.0.1:8080");

  it("accept the emulator's own origin, its loopback aliases and clients that send no Origin", () => {
    expect([...allowed].sort()).toEqual(["http://127.0.0.1:8080", "http://[::1]:8080", "http://localhost:8080"]);
    for (const origin of allowed) expect(() => checkAdminOrigin(fakeRequest({ origin }), allowed)).not.toThrow();
    expect(() => checkAdminOrigin(fakeRequest({}), allowed)).not.toThrow();
    expect(() => checkAdminOrigin(fakeRequest({ "sec-fetch-site": "same-origin" }), allowed)).not.toThrow();
  });

  it("refuse other origins (another port too, and null) and cross-site fetches with 403", () => {
    for (const origin of ["http://evil.example", "http://localhost:3000", "null", "https://127.0.0.1:8080"])
      expect(statusOf(() => checkAdminOrigin(fakeRequest({ origin }), allowed))).toBe(403);
    expect(statusOf(() => checkAdminOrigin(fakeRequest({ "sec-fetch-site": "cross-site" }), allowed))).toBe(403);
  });

  it("accept a public URL as the own origin", () => {
    expect(ownOrigins("http://emulator:9000").has("http://emulator:9000")).toBe(true);
  });
});

describe("emulator CLI flags", () => {
  it("parse every flag", () => {
    expect(
      parseArgs([
        "--port",
        "8080",
        "--host",
        "0.0.0.0",
        "--token",
        "t1",
        "--other-token",
        "t2",
        "--time-scale",
        "60",
        "--job-duration-ms",
        "0",
        "--public-url",
        "http://emu:8080",
        "--max-body-bytes",
        "1024",
        "--no-seed",
      ]),
    ).toEqual({
      port: 8080,
      host: "0.0.0.0",
      token: "t1",
      otherToken: "t2",
      timeScale: 60,
      jobDurationMs: 0,
      publicUrl: "http://emu:8080",
      maxBodyBytes: 1024,
      seed: false,
    });
    expect(parseArgs(["--help"])).toBe("help");
  });

  it.each([
    [["--token"], "--token needs a value"],
    [["--token", "--port", "1"], "--token needs a value"],
    [["--other-token"], "--other-token needs a value"],
    [["--token", ""], "--token needs a token without spaces"],
    [["--host"], "--host needs a value"],
    [["--persist"], "--persist needs a value"],
    [["--port", "x"], '--port needs an integer (got "x")'],
    [["--port", "70000"], "--port must be from 0 to 65535 (got 70000)"],
    [["--time-scale", "1e308"], "--time-scale must be from 5e-324 to 1000000 (got 1e308)"],
    [["--job-duration-ms", "-5"], "--job-duration-ms must be from 0 to 86400000 (got -5)"],
    [["--max-body-bytes", "0"], "--max-body-bytes must be from 1 to 2147483647 (got 0)"],
    [["--bogus"], "Unknown option --bogus"],
  ])("%j fails with %s", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe("exposure warning", () => {
  it("knows loopback addresses", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopback(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "example.com"]) expect(isLoopback(host)).toBe(false);
  });

  it("names the published default tokens unless both were given", () => {
    expect(exposureWarning("0.0.0.0", 8080, true)).toMatch(
      /^WARNING: .* 0\.0\.0\.0:8080, .*PUBLISHED DEFAULT TOKENS \(emulator-owner-token, emulator-other-token\).*--token/,
    );
    const custom = exposureWarning("0.0.0.0", 8080, false);
    expect(custom).not.toMatch(/emulator-owner-token/);
    expect(custom).toMatch(/admin API \(\/__admin\) has no authentication/);
  });
});

describe("scheduler", () => {
  const EVERY_MINUTE = { minute: ["*"], hour: ["*"], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] };

  function definition(id: string, spec: Record<string, unknown>, cursor: number): StoredDefinition {
    return {
      id,
      name: id,
      enabled: true,
      schedule: EVERY_MINUTE,
      spec,
      created: cursor,
      updated: cursor,
      createdBy: "owner",
      updatedBy: "owner",
      lastJobId: null,
      lastSuccessfulRunTime: null,
      lastFailedRunTime: null,
      lastScheduledRunTime: null,
      scheduleCursor: cursor,
    };
  }

  it("skips a definition it cannot run, reports it, and still runs the others", () => {
    const ctx = new EmulatorContext(DEFAULT_CONFIG, { owner: "a", other: "b" }, undefined, true);
    const twoMinutesAgo = ctx.now() - 120_000;
    // A value structuredClone refuses stands for any stored value that breaks cloning (e.g. one nested too deep).
    const broken = definition("64b000000000000000000b01", { unclonable: () => undefined }, twoMinutesAgo);
    const fine = definition("64b000000000000000000b02", { deploymentId: "64b000000000000000000d01" }, twoMinutesAgo);
    ctx.state.definitions.set(broken.id, broken);
    ctx.state.definitions.set(fine.id, fine);
    const errors: string[] = [];
    expect(schedulerTick(ctx, (id, error) => errors.push(`${id}: ${(error as Error).name}`))).toBe(true);
    expect(errors).toEqual([`${broken.id}: DataCloneError`]);
    expect([...ctx.state.jobs.values()].map((job) => job.definitionId)).toEqual([fine.id]);
    // The broken definition waits for its next due time instead of failing on every tick.
    expect(broken.scheduleCursor).toBeGreaterThan(twoMinutesAgo);
    expect(schedulerTick(ctx, (id) => errors.push(id))).toBe(false);
    expect(errors).toHaveLength(1);
  });
});
