/** The canonical form: each decision, the response side, and the diff/body helpers built on it. */
import {
  withoutFormerGuessedDefaults,
  canonicalFromInputs,
  canonicalFromResponse,
  changedPaths,
  diffCanonical,
  flattenResponse,
  InvalidResponseError,
  SERVER_CHOSEN_WHEN_UNSET,
  SERVER_DEFAULTS,
  toApiBody,
  writeMismatches,
  writtenFromInputs,
} from "../../../provider/model";
import fc from "fast-check";
import { sortKeys, sortKeysOwned } from "../../../provider/model/canonical";
import { SPEC_CREATE_BODY, SPEC_DEFINITION_RESPONSE } from "./spec-examples";

const D = "66aa0000000000000000d001";
const C = "66aa0000000000000000c001";
const base = { deploymentId: D, intakeSettings: { type: "s3" as const, url: "s3://b/in.csv" } };
const allStars = { minute: ["*"], hour: ["*"], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] };

function respond(job: Record<string, unknown>, top: Record<string, unknown> = {}) {
  return {
    ...SPEC_DEFINITION_RESPONSE,
    ...top,
    batchPredictionJob: { ...SPEC_DEFINITION_RESPONSE.batchPredictionJob, ...job },
  };
}

describe("canonicalFromInputs", () => {
  it("makes every server default explicit", () => {
    const c = canonicalFromInputs(base);
    expect(c).toEqual({
      ...SERVER_DEFAULTS,
      deploymentId: D,
      intakeSettings: { type: "s3", url: "s3://b/in.csv" },
      csvSettings: { delimiter: ",", quotechar: '"', encoding: "utf-8" },
    });
    expect(c).toMatchObject({
      enabled: false,
      abortOnError: true,
      includeProbabilities: true,
      includeProbabilitiesClasses: [],
      includePredictionStatus: false,
      disableRowLevelErrorHandling: false,
      skipDriftTracking: false,
      maxExplanations: 0,
      outputSettings: { type: "localFile" },
    });
    expect(c).not.toHaveProperty("numConcurrent");
    expect(c).not.toHaveProperty("name");
  });

  it("sorts keys recursively, whatever the input order", () => {
    const a = canonicalFromInputs({ intakeSettings: { url: "s3://b/in.csv", type: "s3" }, deploymentId: D });
    expect(JSON.stringify(a)).toBe(JSON.stringify(canonicalFromInputs(base)));
    expect(Object.keys(a)).toEqual([...Object.keys(a)].sort());
    expect(Object.keys(a.intakeSettings)).toEqual(["type", "url"]);
  });

  it("normalises schedules: names → numbers, sorted, de-duplicated, any * → [*], full range kept", () => {
    const c = canonicalFromInputs({
      ...base,
      schedule: {
        minute: [30, 0, 30],
        hour: Array.from({ length: 24 }, (_, i) => 23 - i),
        dayOfMonth: ["15", 1],
        month: ["Dec", "january", 6],
        dayOfWeek: ["sat", "Sunday", "mon"],
      },
    });
    expect(c.schedule).toEqual({
      minute: [0, 30],
      hour: Array.from({ length: 24 }, (_, i) => i),
      dayOfMonth: [1, 15],
      month: [1, 6, 12],
      dayOfWeek: [0, 1, 6],
    });
    expect(canonicalFromInputs({ ...base, schedule: allStars }).schedule).toEqual(allStars);
  });

  it("puts columnNamesRemapping in one shape: a sorted array; empty means absent", () => {
    const fromMap = canonicalFromInputs({ ...base, columnNamesRemapping: { b: "B", a: null } });
    const fromArray = canonicalFromInputs({
      ...base,
      columnNamesRemapping: [
        { inputName: "a", outputName: null },
        { inputName: "b", outputName: "B" },
      ],
    });
    expect(fromMap.columnNamesRemapping).toEqual([
      { inputName: "a", outputName: null },
      { inputName: "b", outputName: "B" },
    ]);
    expect(fromArray).toEqual(fromMap);
    expect(canonicalFromInputs({ ...base, columnNamesRemapping: {} })).not.toHaveProperty("columnNamesRemapping");
    expect(canonicalFromInputs({ ...base, columnNamesRemapping: [] })).not.toHaveProperty("columnNamesRemapping");
  });

  it("fills nested defaults a source states and spellings: csv, ssl, time series type, tab; no guessed JDBC default", () => {
    const c = canonicalFromInputs({
      ...base,
      csvSettings: { delimiter: "\t" },
      predictionInstance: { hostName: "h" },
      timeseriesSettings: { forecastPoint: "2025-01-01T00:00:00Z" },
      outputSettings: { type: "jdbc", dataStoreId: C, table: "t", statementType: "insertUpdate", whereColumns: ["id"] },
    });
    expect(c.csvSettings).toEqual({ delimiter: "tab", quotechar: '"', encoding: "utf-8" });
    expect(c.predictionInstance).toEqual({ hostName: "h", sslEnabled: true });
    expect(c.timeseriesSettings).toEqual({
      type: "forecast",
      forecastPoint: "2025-01-01T00:00:00Z",
      relaxKnownInAdvanceFeaturesCheck: false,
    });
    expect(c.outputSettings).toEqual({
      type: "jdbc",
      dataStoreId: C,
      table: "t",
      // Kept as written: no source says the server takes "insertUpdate" to mean "insert_update"; and no source states
      // a default for commitInterval or createTableIfNotExists.
      statementType: "insertUpdate",
      whereColumns: ["id"],
    });
  });

  it("treats null and empty optional lists as absent", () => {
    const c = canonicalFromInputs({ ...base, predictionWarningEnabled: null, passthroughColumns: [] });
    expect(c).not.toHaveProperty("predictionWarningEnabled");
    expect(c).not.toHaveProperty("passthroughColumns");
  });

  it("drops engine keys", () => {
    expect(canonicalFromInputs({ ...base, __provider: "x" })).toEqual(canonicalFromInputs(base));
  });
});

describe("canonicalFromResponse", () => {
  it("the §5 example equals the canonical form of the body that created it", () => {
    expect(canonicalFromResponse(SPEC_DEFINITION_RESPONSE, SPEC_CREATE_BODY)).toEqual(
      canonicalFromInputs(SPEC_CREATE_BODY),
    );
  });

  it("without desired, reports what the server says (numConcurrent, generated name included)", () => {
    const c = canonicalFromResponse(respond({ numConcurrent: 6 }));
    expect(c.numConcurrent).toBe(6);
    expect(c.name).toBe("nightly-scoring");
    expect(c).not.toHaveProperty("predictionWarningEnabled");
    expect(c).not.toHaveProperty("columnNamesRemapping");
  });

  it("drops server-chosen values the user did not set (numConcurrent, name, explanationAlgorithm, predictionInstance)", () => {
    const desired = { ...SPEC_CREATE_BODY, name: undefined, numConcurrent: undefined };
    const response = respond({
      numConcurrent: 6,
      explanationAlgorithm: "xemp",
      predictionInstance: { hostName: "pred.internal", sslEnabled: true },
    });
    const c = canonicalFromResponse(response, desired);
    expect(c).toEqual(canonicalFromInputs(desired));
    expect(c).not.toHaveProperty("numConcurrent");
  });

  it("reads whether a server-chosen field is set from the program's value: null or absent there is absent in its canonical form", () => {
    // canonicalFromResponse relies on this to skip the program's canonical form when nothing else needs it.
    for (const field of SERVER_CHOSEN_WHEN_UNSET) {
      expect(Object.keys(SERVER_DEFAULTS)).not.toContain(field);
      for (const unset of [{}, { [field]: null }, { [field]: undefined }]) {
        expect(canonicalFromInputs({ ...base, ...unset })).not.toHaveProperty(field);
      }
    }
    const unsetCommit = { type: "jdbc", dataStoreId: "66aa0000000000000000e001", table: "t", commitInterval: null };
    expect(canonicalFromInputs({ ...base, outputSettings: unsetCommit }).outputSettings).not.toHaveProperty(
      "commitInterval",
    );
    const response = respond({
      numConcurrent: 6,
      outputSettings: { ...unsetCommit, statementType: "insert", commitInterval: 30 },
    });
    const held = canonicalFromResponse(response, {
      ...SPEC_CREATE_BODY,
      numConcurrent: null,
      outputSettings: unsetCommit,
    });
    expect(held).not.toHaveProperty("numConcurrent");
    expect(held.outputSettings).not.toHaveProperty("commitInterval");
    const set = canonicalFromResponse(response, { ...SPEC_CREATE_BODY, numConcurrent: 6, outputSettings: unsetCommit });
    expect(set.numConcurrent).toBe(6);
  });

  it("a value no source states a default for is the server's: chunkSize, commitInterval, createTableIfNotExists", () => {
    const jdbc = { type: "jdbc", dataStoreId: "66aa0000000000000000e001", table: "t", statementType: "insert" };
    const desired = { ...SPEC_CREATE_BODY, chunkSize: undefined, outputSettings: jdbc };
    // A server that fills other values than this package used to assume ("auto", 600, false) shows no drift.
    const response = respond({
      chunkSize: "dynamic",
      outputSettings: { ...jdbc, commitInterval: 30, createTableIfNotExists: true },
    });
    expect(diffCanonical(canonicalFromInputs(desired), canonicalFromResponse(response, desired))).toEqual([]);
    // Set by the program, they are compared.
    const written = { ...desired, chunkSize: "auto", outputSettings: { ...jdbc, commitInterval: 600 } };
    expect(diffCanonical(canonicalFromInputs(written), canonicalFromResponse(response, written)).sort()).toEqual([
      "chunkSize",
      "outputSettings",
    ]);
  });

  it("still reports a numConcurrent the user set and the server changed", () => {
    const c = canonicalFromResponse(respond({ numConcurrent: 6 }), SPEC_CREATE_BODY);
    expect(diffCanonical(canonicalFromInputs(SPEC_CREATE_BODY), c)).toEqual(["numConcurrent"]);
  });

  it("resolves [redacted] ids against the desired value", () => {
    const response = respond({
      intakeSettings: { type: "s3", url: "s3://b/in.csv", credentialId: "[redacted]" },
      outputSettings: { type: "s3", url: "s3://b/out.csv", credentialId: "[redacted]" },
    });
    expect(canonicalFromResponse(response, SPEC_CREATE_BODY)).toEqual(canonicalFromInputs(SPEC_CREATE_BODY));
    // Without a desired value there is nothing to resolve against: the marker stays visible.
    expect(canonicalFromResponse(response).intakeSettings).toMatchObject({ credentialId: "[redacted]" });
  });

  it("fills fields listed in redactedFields and left out of the response from the desired value", () => {
    const response = respond({
      intakeSettings: { type: "s3", url: "s3://b/in.csv" },
      redactedFields: ["intakeSettings.credentialId"],
    });
    expect(canonicalFromResponse(response, SPEC_CREATE_BODY).intakeSettings).toEqual(SPEC_CREATE_BODY.intakeSettings);
  });

  it("keeps the desired secrets when the response lacks or redacts them", () => {
    const desired = { ...base, predictionInstance: { hostName: "h", apiKey: "secret-a", datarobotKey: "secret-k" } };
    const lacking = canonicalFromResponse(
      respond({ ...base, predictionInstance: { hostName: "h", sslEnabled: true } }),
      desired,
    );
    const redacted = canonicalFromResponse(
      respond({ ...base, predictionInstance: { hostName: "h", sslEnabled: true, apiKey: "[redacted]" } }),
      desired,
    );
    const expected = canonicalFromInputs(desired);
    for (const c of [lacking, redacted]) {
      expect(c.predictionInstance).toEqual(expected.predictionInstance);
    }
  });

  it("shows a real change made outside Pulumi as drift at its path", () => {
    const response = respond({ intakeSettings: { type: "s3", url: "s3://b/other.csv", credentialId: C } });
    const actual = canonicalFromResponse(response, SPEC_CREATE_BODY);
    expect(changedPaths(canonicalFromInputs(SPEC_CREATE_BODY), actual)).toEqual(["intakeSettings.url"]);
  });

  it("keeps keys a server adds (shown as the server's), but they are never compared: no mismatch", () => {
    const response = respond(
      {
        intakeSettings: { ...SPEC_CREATE_BODY.intakeSettings, someNewOption: true, endpointUrl: null },
        brandNewField: 1,
      },
      { brandNewTop: "x" },
    );
    const actual = canonicalFromResponse(response, SPEC_CREATE_BODY) as unknown as Record<string, unknown>;
    expect(actual.brandNewField).toBe(1);
    expect(actual).not.toHaveProperty("brandNewTop"); // top-level response keys are not job-spec fields
    expect(writeMismatches(actual, writtenFromInputs(SPEC_CREATE_BODY))).toEqual([]);
  });

  it("fails with a readable error on a body that is not a definition", () => {
    expect(() => canonicalFromResponse({ message: "Not found" })).toThrow(InvalidResponseError);
    expect(() => canonicalFromResponse({ message: "Not found" })).toThrow(/batchPredictionJob/);
  });
});

describe("diffCanonical and changedPaths", () => {
  const before = canonicalFromInputs({ ...base, schedule: { ...allStars, hour: [1] }, numConcurrent: 2 });
  const after = canonicalFromInputs({
    ...base,
    intakeSettings: { type: "s3", url: "s3://b/new.csv" },
    schedule: { ...allStars, hour: [1, 2] },
    numConcurrent: 2,
  });

  it("top-level field names", () => {
    expect(diffCanonical(before, after)).toEqual(["intakeSettings", "schedule"]);
    expect(diffCanonical(before, before)).toEqual([]);
  });

  it("nested dotted paths, lists as leaves", () => {
    expect(changedPaths(before, after)).toEqual(["intakeSettings.url", "schedule.hour"]);
  });

  it("a field added or removed shows at its own path", () => {
    const withName = { ...before, name: "x" };
    expect(diffCanonical(before, withName)).toEqual(["name"]);
    expect(changedPaths(withName, before)).toEqual(["name"]);
  });
});

describe("toApiBody", () => {
  it("builds the flat POST body with explicit defaults and remapping as an array", () => {
    const body = toApiBody(canonicalFromInputs({ ...base, name: "n", columnNamesRemapping: { a: "b" } }));
    expect(body).toEqual({
      ...SERVER_DEFAULTS,
      name: "n",
      deploymentId: D,
      intakeSettings: { type: "s3", url: "s3://b/in.csv" },
      columnNamesRemapping: [{ inputName: "a", outputName: "b" }],
    });
    expect(body).not.toHaveProperty("batchPredictionJob");
  });

  it("refuses unknown values", () => {
    const c = canonicalFromInputs({ ...base, numConcurrent: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
    expect(() => toApiBody(c)).toThrow(/unknown: numConcurrent/);
  });
});

describe("flattenResponse parses each response once", () => {
  it("gives every caller an equal, independent copy (what one changes the next does not see)", () => {
    const response = JSON.parse(JSON.stringify(SPEC_DEFINITION_RESPONSE)) as Record<string, unknown>;
    const first = flattenResponse(response);
    (first.intakeSettings as Record<string, unknown>).url = "changed by the first reader";
    first.name = "changed";
    const second = flattenResponse(response);
    expect(second).toEqual(flattenResponse(JSON.parse(JSON.stringify(SPEC_DEFINITION_RESPONSE))));
    expect(second.name).not.toBe("changed");
    expect((second.intakeSettings as Record<string, unknown>).url).not.toBe("changed by the first reader");
  });

  it("still rejects an invalid response on every call", () => {
    const invalid = { id: 7 };
    expect(() => flattenResponse(invalid)).toThrow(InvalidResponseError);
    expect(() => flattenResponse(invalid)).toThrow(InvalidResponseError);
  });
});

describe("withoutFormerGuessedDefaults", () => {
  it("drops from stored inputs the defaults older versions guessed, where the program leaves them unset", () => {
    const jdbc = { type: "jdbc", dataStoreId: "66aa0000000000000000e001", table: "t", statementType: "insert" };
    const stored = {
      chunkSize: "auto",
      outputSettings: { ...jdbc, commitInterval: 600, createTableIfNotExists: false },
    };
    expect(withoutFormerGuessedDefaults(stored, { outputSettings: jdbc })).toEqual({ outputSettings: jdbc });
    // Written by the program, or another value: kept.
    const written = { chunkSize: "auto", outputSettings: { ...jdbc, commitInterval: 600 } };
    expect(withoutFormerGuessedDefaults(stored, written)).toEqual({
      chunkSize: "auto",
      outputSettings: { ...jdbc, commitInterval: 600 },
    });
    expect(withoutFormerGuessedDefaults({ chunkSize: 10 }, {})).toEqual({ chunkSize: 10 });
  });
});

describe("sortKeysOwned", () => {
  it("gives what sortKeys gives, key order included, copying only the objects out of order", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (value, extra) => {
        // A value with a key appended out of order and an undefined one, as a canonical form changed in place.
        const owned = structuredClone({ z: extra, nested: value, a: undefined, m: [value] }) as Record<string, unknown>;
        const expected = sortKeys(structuredClone(owned));
        const result = sortKeysOwned(owned);
        expect(JSON.stringify(result)).toBe(JSON.stringify(expected));
        expect(result).toEqual(expected);
      }),
      { numRuns: 500 },
    );
    const inOrder = { a: { b: 1, c: [{ d: 2 }] }, e: "x" };
    expect(sortKeysOwned(inOrder)).toBe(inOrder);
    expect(sortKeysOwned(inOrder).a).toBe(inOrder.a);
  });
});
