import { Clock } from "../../../emulator/state/clock";
import { Faults, describeFault, matchesPath, parsePathPattern } from "../../../emulator/http/faults";
import { HttpError, Router } from "../../../emulator/http/router";
import { isObjectId, isoMicro, newObjectId } from "../../../emulator/rules/ids";
import { jobProgress } from "../../../emulator/state/lifecycle";
import { generateName } from "../../../emulator/rules/names";
import { listEnvelope, parsePaging, viewSpec } from "../../../emulator/routes/render";
import type { StoredJob } from "../../../emulator/state/store";

describe("ids and timestamps", () => {
  it("ObjectIds are 24 hex characters and unique", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newObjectId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(isObjectId(id)).toBe(true);
    expect(isObjectId("64B000000000000000000D01")).toBe(false);
  });

  it("timestamps carry microseconds and Z", () => {
    expect(isoMicro(Date.UTC(2021, 4, 4, 11, 20, 41, 691))).toBe("2021-05-04T11:20:41.691000Z");
    expect(isoMicro(0.9)).toBe("1970-01-01T00:00:00.000000Z");
  });
});

describe("names", () => {
  it("are three lower-case words and avoid taken names", () => {
    const taken = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const name = generateName((n) => taken.has(n));
      expect(name).toMatch(/^[a-z]+_[a-z]+_[a-z]+(_\d+)?$/);
      expect(taken.has(name)).toBe(false);
      taken.add(name);
    }
  });

  it("fall back to a numeric suffix when everything is taken", () => {
    expect(generateName((n) => !/_\d+$/.test(n))).toMatch(/^[a-z]+_[a-z]+_[a-z]+_2$/);
  });
});

describe("clock", () => {
  it("runs timeScale times faster and keeps continuity when the scale changes", async () => {
    const clock = new Clock(1000, 0);
    await new Promise((r) => setTimeout(r, 20));
    const first = clock.now();
    expect(first).toBeGreaterThanOrEqual(15_000);
    clock.setTimeScale(1);
    const second = clock.now();
    expect(second).toBeGreaterThanOrEqual(first);
    expect(second - first).toBeLessThan(10_000); // no jump: at most a few real ms at the old scale
    await new Promise((r) => setTimeout(r, 30));
    const third = clock.now();
    expect(third - second).toBeGreaterThanOrEqual(25);
    expect(third - second).toBeLessThan(1000); // now at real speed
  });
});

describe("jobProgress", () => {
  const job = (overrides: Partial<StoredJob> = {}): StoredJob => ({
    id: "j",
    definitionId: "d",
    definitionName: "n",
    definitionCreatedBy: "owner",
    source: "manual",
    createdBy: "owner",
    created: 1_000_000,
    durationMs: 10_000,
    outcome: "complete",
    rows: 1000,
    spec: {},
    abortedAt: null,
    settled: null,
    ...overrides,
  });

  it("moves INITIALIZING (first 10 %) → RUNNING → COMPLETED", () => {
    expect(jobProgress(job(), 1_000_000)).toMatchObject({
      status: "INITIALIZING",
      percentageCompleted: 0,
      queued: true,
      queuePosition: 0,
    });
    expect(jobProgress(job(), 1_000_999).status).toBe("INITIALIZING");
    const halfway = jobProgress(job(), 1_005_500);
    expect(halfway).toMatchObject({
      status: "RUNNING",
      percentageCompleted: 50,
      scoredRows: 500,
      queued: false,
      queuePosition: null,
      elapsedTimeSec: 5,
    });
    expect(jobProgress(job(), 1_010_000)).toMatchObject({
      status: "COMPLETED",
      percentageCompleted: 100,
      scoredRows: 1000,
      endedAt: 1_010_000,
      elapsedTimeSec: 10,
    });
    // Long after the end, elapsed time stays at the job's duration.
    expect(jobProgress(job(), 9_000_000).elapsedTimeSec).toBe(10);
  });

  it("fail and abort outcomes stop half-way", () => {
    expect(jobProgress(job({ outcome: "fail" }), 2_000_000)).toMatchObject({
      status: "FAILED",
      scoredRows: 500,
      failedRows: 0,
      percentageCompleted: 50,
    });
    expect(jobProgress(job({ outcome: "abort" }), 2_000_000)).toMatchObject({
      status: "ABORTED",
      scoredRows: 500,
      failedRows: 50,
    });
  });

  it("a user abort freezes progress at the abort time", () => {
    const aborted = job({ abortedAt: 1_005_500 });
    expect(jobProgress(aborted, 1_004_000).status).toBe("RUNNING");
    const after = jobProgress(aborted, 2_000_000);
    expect(after).toMatchObject({ status: "ABORTED", scoredRows: 500, endedAt: 1_005_500, elapsedTimeSec: 5 });
    expect(after.statusDetails).toMatch(/^Job aborted by user at /);
  });

  it("a zero-duration job completes immediately", () => {
    expect(jobProgress(job({ durationMs: 0 }), 1_000_000).status).toBe("COMPLETED");
  });
});

describe("viewSpec (redaction)", () => {
  const spec = {
    intakeSettings: { type: "dss", datasetId: "a", projectId: "b" },
    outputSettings: { type: "jdbc", dataStoreId: "c", credentialId: "d", table: "t" },
    predictionInstance: { hostName: "h", apiKey: "secret" },
  };

  it("redacts referenced ids for non-owners and lists them", () => {
    const view = viewSpec(spec, "owner", "other");
    expect(view.intakeSettings).toEqual({ type: "dss", datasetId: "[redacted]", projectId: "[redacted]" });
    expect(view.outputSettings).toEqual({
      type: "jdbc",
      dataStoreId: "[redacted]",
      credentialId: "[redacted]",
      table: "t",
    });
    expect(view.redactedFields).toEqual([
      "intakeSettings.datasetId",
      "intakeSettings.projectId",
      "outputSettings.credentialId",
      "outputSettings.dataStoreId",
    ]);
  });

  it("shows the owner everything except the apiKey, without mutating the stored spec", () => {
    const view = viewSpec(spec, "owner", "owner");
    expect(view.outputSettings).toEqual(spec.outputSettings);
    expect(view.predictionInstance).toEqual({ hostName: "h" });
    expect(view.redactedFields).toEqual([]);
    expect(spec.predictionInstance.apiKey).toBe("secret");
  });
});

describe("paging", () => {
  it("defaults to offset 0 and limit 100, and validates", () => {
    expect(parsePaging({}, 1000)).toEqual({ offset: 0, limit: 100 });
    expect(parsePaging({ offset: "5", limit: "7" }, 1000)).toEqual({ offset: 5, limit: 7 });
    expect(parsePaging({ limit: "0" }, 1000)).toEqual({ errors: { limit: "must be an integer from 1 to 1000" } });
    expect(parsePaging({ limit: "1001" }, 1000)).toEqual({ errors: { limit: "must be an integer from 1 to 1000" } });
    expect(parsePaging({ offset: "1.5" }, 1000)).toEqual({
      errors: { offset: expect.stringContaining("must be an integer") },
    });
  });

  it("builds the envelope with absolute links carrying filters, offset and limit", () => {
    const items = [1, 2, 3, 4, 5];
    expect(listEnvelope(items, { offset: 0, limit: 2 }, "http://h/api/v2/x/", { searchName: "a b" })).toEqual({
      count: 2,
      totalCount: 5,
      next: "http://h/api/v2/x/?searchName=a+b&offset=2&limit=2",
      previous: null,
      data: [1, 2],
    });
    expect(listEnvelope(items, { offset: 3, limit: 2 }, "http://h/x/", {})).toMatchObject({
      count: 2,
      next: null,
      previous: "http://h/x/?offset=1&limit=2",
    });
    expect(listEnvelope(items, { offset: 10, limit: 2 }, "http://h/x/", {})).toMatchObject({
      count: 0,
      data: [],
      next: null,
    });
  });
});

describe("faults", () => {
  it("match by method and path pattern, are consumed, and forever with times 0", () => {
    const faults = new Faults();
    const once = faults.add({ method: "get", path: "/a", status: 500 });
    const forever = faults.add({ path: "/b/**", drop: "after", times: 0 });
    expect(faults.take("POST", "/a/")).toBeUndefined();
    expect(faults.take("GET", "/a/")?.id).toBe(once.id);
    expect(faults.take("GET", "/a/")).toBeUndefined();
    for (let i = 0; i < 5; i++) expect(faults.take("DELETE", "/b/1/")?.id).toBe(forever.id);
    expect(describeFault(forever)).toBe(`${forever.id} drop after`);
    faults.clear();
    expect(faults.take("DELETE", "/b/1/")).toBeUndefined();
  });

  it("reject invalid specs", () => {
    const faults = new Faults();
    expect(() => faults.add({ path: "[" })).toThrow(HttpError);
    expect(() => faults.add({ path: "/x", status: 99 })).toThrow("Fault status must be an HTTP status code");
    expect(() => faults.add({ path: "/x", drop: "middle" })).toThrow('Fault drop must be "before" or "after"');
    expect(() => faults.add({ path: "/x", status: 500, times: -1 })).toThrow("non-negative integer");
  });

  it("refuse regexes with a message that shows the pattern syntax", () => {
    const faults = new Faults();
    for (const path of ["^/(a+)+$", "^/version", ".*", "/batchPredictions/[0-9a-f]{24}/?$", "/a/**/b", "/x*"])
      expect(() => faults.add({ path, status: 500 })).toThrow(/path pattern such as .* regexes are not accepted/);
  });
});

describe("fault path patterns", () => {
  const matches = (pattern: string, path: string) => matchesPath(parsePathPattern(pattern), path);

  it("match exact paths with or without a trailing slash on either side", () => {
    expect(matches("/batchPredictionJobDefinitions", "/batchPredictionJobDefinitions/")).toBe(true);
    expect(matches("/batchPredictionJobDefinitions/", "/batchPredictionJobDefinitions")).toBe(true);
    expect(matches("/batchPredictionJobDefinitions", "/batchPredictionJobDefinitions/abc/")).toBe(false);
    expect(matches("/version", "/versions/")).toBe(false);
  });

  it("* stands for exactly one non-empty segment", () => {
    expect(matches("/batchPredictions/*", "/batchPredictions/64b000000000000000000d01/")).toBe(true);
    expect(matches("/batchPredictions/*", "/batchPredictions/")).toBe(false);
    expect(matches("/batchPredictions/*", "/batchPredictions/64b0/csvUpload/")).toBe(false);
    expect(matches("/batchPredictions/*/csvUpload", "/batchPredictions/64b0/csvUpload/")).toBe(true);
  });

  it("** at the end stands for any number of segments, /** for every path", () => {
    expect(matches("/batchPredictionJobDefinitions/**", "/batchPredictionJobDefinitions/")).toBe(true);
    expect(matches("/batchPredictionJobDefinitions/**", "/batchPredictionJobDefinitions/a/b/c")).toBe(true);
    expect(matches("/**", "/version/")).toBe(true);
    expect(matches("/**", "/")).toBe(true);
  });

  it("takes time linear in the path: a long hostile path is matched at once", () => {
    const faults = new Faults();
    faults.add({ path: "/*/*/*/**", status: 500, times: 0 });
    const path = `/${"a/".repeat(50_000)}b`;
    const started = Date.now();
    expect(faults.take("GET", path)).toBeDefined();
    expect(Date.now() - started).toBeLessThan(200);
  });
});

describe("router", () => {
  const router = new Router<null>()
    .on("GET", "/things", () => ({ status: 200, body: "list" }))
    .on("GET", "/things/:id", () => ({ status: 200, body: "one" }));

  it("matches with and without a trailing slash and extracts params", () => {
    expect(router.resolve("GET", "/things").params).toEqual({});
    expect(router.resolve("GET", "/things/").params).toEqual({});
    expect(router.resolve("GET", "/things/a%20b/").params).toEqual({ id: "a b" });
  });

  it("404 for unknown paths, 405 for a known path with another method", () => {
    expect(() => router.resolve("GET", "/things/a/b")).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => router.resolve("PUT", "/things/")).toThrow(expect.objectContaining({ status: 405 }));
  });
});
