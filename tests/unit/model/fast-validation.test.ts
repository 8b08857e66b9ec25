/**
 * The fast path of the response and input schemas: it may only say yes where zod says yes and gives back an equal
 * value, and it must say yes to the answers DataRobot (and the emulator) actually give and to the inputs programs
 * write, or it saves nothing.
 */
import fc from "fast-check";
import { z } from "zod";
import {
  BatchJobResponseSchema,
  JobDefinitionFieldsSchema,
  JobDefinitionResponseSchema,
} from "../../../provider/model";
import { quickAccepts } from "../../../provider/model/fast-validation";
import { validateInputs } from "../../../provider/model/validate";
import { inputsArb } from "./arbitraries";
import { SPEC_DEFINITION_RESPONSE, SPEC_INTAKES, SPEC_OUTPUTS } from "./spec-examples";

/** A deep copy of `value` with `replacement` at the path `keys` (created where missing). */
function withValueAt(value: unknown, keys: string[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = replacement;
  return copy;
}

/** The places of a definition answer the schema says something about, and a few it does not. */
const PATHS = [
  ["id"],
  ["name"],
  ["enabled"],
  ["schedule"],
  ["schedule", "hour"],
  ["schedule", "minute"],
  ["batchPredictionJob"],
  ["batchPredictionJob", "numConcurrent"],
  ["batchPredictionJob", "chunkSize"],
  ["batchPredictionJob", "intakeSettings"],
  ["batchPredictionJob", "intakeSettings", "type"],
  ["batchPredictionJob", "columnNamesRemapping"],
  ["batchPredictionJob", "includeProbabilitiesClasses"],
  ["batchPredictionJob", "redactedFields"],
  ["batchPredictionJob", "csvSettings"],
  ["createdBy"],
  ["createdBy", "username"],
  ["lastStartedJobStatus"],
  ["somethingNew"],
  ["batchPredictionJob", "somethingNew"],
];

const jsonish = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -1, 1.5, NaN, Infinity, "", "*", "[redacted]"),
  fc.string(),
  fc.double(),
  fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(NaN), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.constant(null), fc.integer()), { maxKeys: 3 }),
  fc.array(fc.record({ inputName: fc.oneof(fc.string(), fc.integer()), outputName: fc.option(fc.string()) }), {
    maxLength: 2,
  }),
);

/**
 * The property both schemas are held to, over 3000 `candidates`: wherever the fast path says yes, zod accepts and gives
 * back an equal value. Returns how many took the fast path, so that a test can show the pass is not vacuous.
 */
function fastPathsAgreeingWithZod(schema: z.ZodTypeAny, candidates: fc.Arbitrary<unknown>): number {
  let accepted = 0;
  fc.assert(
    fc.property(candidates, (candidate) => {
      if (!quickAccepts(schema, candidate)) return;
      accepted++;
      const parsed = schema.safeParse(candidate);
      expect(parsed.success).toBe(true);
      expect(parsed.success && parsed.data).toEqual(candidate);
    }),
    { numRuns: 3000 },
  );
  return accepted;
}

describe("quickAccepts", () => {
  it("says yes only where zod accepts and gives back an equal value", () => {
    const answers = fc
      .tuple(fc.constantFrom(...PATHS), jsonish)
      .map(([path, replacement]) => withValueAt(SPEC_DEFINITION_RESPONSE, path, replacement));
    // Not a vacuous pass: a good share of the mutated answers are still well-formed, and took the fast path.
    expect(fastPathsAgreeingWithZod(JobDefinitionResponseSchema, answers)).toBeGreaterThan(300);
  });

  it("says yes to a well-formed answer, with unknown fields and nulls where the API allows them", () => {
    expect(quickAccepts(JobDefinitionResponseSchema, SPEC_DEFINITION_RESPONSE)).toBe(true);
    const newer = withValueAt(
      withValueAt(SPEC_DEFINITION_RESPONSE, ["batchPredictionJob", "aFieldOfNextYear"], { any: ["thing"] }),
      ["lastStartedJobStatus"],
      null,
    );
    expect(quickAccepts(JobDefinitionResponseSchema, newer)).toBe(true);
    expect(quickAccepts(BatchJobResponseSchema, { id: "j1", status: "RUNNING", logs: ["a"] })).toBe(true);
  });

  it("leaves to zod what it cannot settle: a rejected value, a stripped object, a format, a transform", () => {
    expect(quickAccepts(JobDefinitionResponseSchema, withValueAt(SPEC_DEFINITION_RESPONSE, ["id"], 7))).toBe(false);
    expect(quickAccepts(z.object({ a: z.string() }), { a: "x", b: 1 })).toBe(false);
    expect(quickAccepts(z.string().url(), "https://example.com")).toBe(false);
    expect(quickAccepts(z.string().trim(), "abc")).toBe(false);
    expect(quickAccepts(z.number().multipleOf(0.1), 0.3)).toBe(false);
    expect(quickAccepts(z.coerce.number(), 1)).toBe(false);
    expect(
      quickAccepts(
        z.string().transform((s) => s.length),
        "abc",
      ),
    ).toBe(false);
    expect(quickAccepts(z.number().default(3), 1)).toBe(false);
    expect(
      quickAccepts(
        z.preprocess((v) => v, z.string()),
        "a",
      ),
    ).toBe(false);
  });

  it("runs string, number and array checks as zod does", () => {
    const name = z.string().min(2).max(4).regex(/^a/g);
    expect([
      quickAccepts(name, "ab"),
      quickAccepts(name, "abcd"),
      quickAccepts(name, "a"),
      quickAccepts(name, "ba"),
    ]).toEqual([true, true, false, false]);
    // A global pattern keeps its lastIndex between tests: zod resets it, so must the fast path.
    expect(quickAccepts(name, "abc") && quickAccepts(name, "abc")).toBe(true);
    expect(quickAccepts(z.string().length(2), "ab")).toBe(true);
    expect(quickAccepts(z.string().min(1), "")).toBe(false);
    const count = z.number().int().min(1).max(10);
    expect([1, 10, 0, 11, 1.5, NaN].map((n) => quickAccepts(count, n))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect([0, 1, 1e-9].map((n) => quickAccepts(z.number().gt(0).lt(1), n))).toEqual([false, false, true]);
    expect([Infinity, 1].map((n) => quickAccepts(z.number().finite(), n))).toEqual([false, true]);
    expect(quickAccepts(z.number(), Infinity)).toBe(z.number().safeParse(Infinity).success);
    const list = z.array(z.string()).min(1).max(2);
    expect([[], ["a"], ["a", "b", "c"]].map((l) => quickAccepts(list, l))).toEqual([false, true, false]);
    expect(quickAccepts(z.array(z.string()).length(1), ["a"])).toBe(true);
  });

  it("reads enums and discriminated unions by their tag", () => {
    expect([quickAccepts(z.enum(["shap", "xemp"]), "shap"), quickAccepts(z.enum(["shap", "xemp"]), "lime")]).toEqual([
      true,
      false,
    ]);
    const adapter = z.discriminatedUnion("type", [
      z.object({ type: z.literal("s3"), url: z.string() }).strict(),
      z.object({ type: z.literal("jdbc"), table: z.string() }).strict(),
    ]);
    expect(quickAccepts(adapter, { type: "s3", url: "s3://b/k" })).toBe(true);
    expect(quickAccepts(adapter, { type: "s3", table: "t" })).toBe(false);
    expect(quickAccepts(adapter, { type: "gcp", url: "gs://b/k" })).toBe(false);
    expect(quickAccepts(adapter, ["s3"])).toBe(false);
  });

  it("runs refinements on the accepted value, and an issue, a throw or a promise is a no", () => {
    const even = z.number().refine((n) => n % 2 === 0);
    expect([quickAccepts(even, 2), quickAccepts(even, 3), quickAccepts(even, "2")]).toEqual([true, false, false]);
    const noDuplicates = z.array(z.string()).superRefine((list, ctx) => {
      if (new Set(list).size !== list.length) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [0], message: "dup" });
    });
    expect([quickAccepts(noDuplicates, ["a", "b"]), quickAccepts(noDuplicates, ["a", "a"])]).toEqual([true, false]);
    const custom = z.custom<string>((v) => typeof v === "string", { message: "a string" });
    expect(quickAccepts(z.array(custom), ["a", "b"])).toBe(true);
    expect(quickAccepts(z.array(custom), ["a", 2])).toBe(false);
    expect(z.array(custom).safeParse(["a", 2]).error?.issues[0]?.message).toBe("a string");
    const throws = z.string().refine(() => {
      throw new Error("boom");
    });
    expect(quickAccepts(throws, "a")).toBe(false);
    expect(
      quickAccepts(
        z.string().refine(async () => true),
        "a",
      ),
    ).toBe(false);
  });
});

/** A written input's places the input schema says something about. */
const INPUT_PATHS = [
  ["name"],
  ["deploymentId"],
  ["enabled"],
  ["schedule", "hour"],
  ["schedule", "minute", "0"],
  ["schedule", "dayOfWeek"],
  ["intakeSettings"],
  ["intakeSettings", "type"],
  ["intakeSettings", "url"],
  ["intakeSettings", "credentialId"],
  ["outputSettings", "type"],
  ["outputSettings", "table"],
  ["numConcurrent"],
  ["chunkSize"],
  ["maxExplanations"],
  ["predictionThreshold"],
  ["explanationAlgorithm"],
  ["csvSettings", "delimiter"],
  ["columnNamesRemapping"],
  ["passthroughColumns"],
  ["timeseriesSettings"],
  ["somethingNew"],
];

const inputReplacement = fc.oneof(
  jsonish,
  fc.constantFrom(
    "s3",
    "jdbc",
    "localFile",
    "shap",
    "lime",
    "tab",
    ";;",
    "2025-01-31T00:00:00Z",
    "*",
    "MON",
    0,
    23,
    24,
  ),
  fc.constantFrom(["*"], ["*", 1], [0, 59], [60], ["MON", "fri"], [], { type: "forecast" }, { a: "b" }, [{ a: 1 }]),
  fc.integer({ min: -5, max: 100 }),
);

describe("quickAccepts on the input schema (check's validation)", () => {
  it("says yes only where zod accepts: valid and mutated inputs, every adapter type", () => {
    const examples = fc.oneof(
      inputsArb as fc.Arbitrary<unknown>,
      fc.constantFrom(...Object.values(SPEC_INTAKES)).map((intake) => ({ name: "n", intakeSettings: intake })),
      fc.constantFrom(...Object.values(SPEC_OUTPUTS)).map((output) => ({ name: "n", outputSettings: output })),
    );
    const inputs = fc
      .tuple(examples, fc.constantFrom(...INPUT_PATHS), inputReplacement, fc.boolean())
      .map(([input, path, value, mutate]) => (mutate ? withValueAt(input, path, value) : input));
    expect(fastPathsAgreeingWithZod(JobDefinitionFieldsSchema, inputs)).toBeGreaterThan(1000);
  });

  it("says yes to generated valid inputs, so that check skips zod for them", () => {
    fc.assert(
      fc.property(inputsArb, (input) => {
        if (!JobDefinitionFieldsSchema.safeParse(input).success) return;
        expect(quickAccepts(JobDefinitionFieldsSchema, input)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("leaves the messages to zod: a rejected input still gets every issue, with its path", () => {
    const result = validateInputs({
      name: "",
      deploymentId: "not-an-id",
      intakeSettings: { type: "s3", url: "" },
      schedule: { minute: [0], hour: [25], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.path).sort()).toEqual(
      ["deploymentId", "intakeSettings.url", "name", "schedule.hour[0]"].sort(),
    );
  });
});
