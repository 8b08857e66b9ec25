/**
 * The fast path of the response schemas: it may only say yes where zod says yes and gives back an equal value, and
 * it must say yes to the answers DataRobot (and the emulator) actually give, or it saves nothing.
 */
import fc from "fast-check";
import { z } from "zod";
import { BatchJobResponseSchema, JobDefinitionResponseSchema } from "../../../provider/model";
import { quickAccepts, trustedRefinement } from "../../../provider/model/fast-validation";
import { SPEC_DEFINITION_RESPONSE } from "./spec-examples";

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

describe("quickAccepts", () => {
  it("says yes only where zod accepts and gives back an equal value", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), jsonish, (path, replacement) => {
        const answer = withValueAt(SPEC_DEFINITION_RESPONSE, path, replacement);
        if (!quickAccepts(JobDefinitionResponseSchema, answer)) return;
        accepted++;
        const parsed = JobDefinitionResponseSchema.safeParse(answer);
        expect(parsed.success).toBe(true);
        expect(parsed.success && parsed.data).toEqual(answer);
      }),
      { numRuns: 3000 },
    );
    // Not a vacuous pass: a good share of the mutated answers are still well-formed, and took the fast path.
    expect(accepted).toBeGreaterThan(300);
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

  it("leaves to zod what it cannot settle: a rejected value, a stripped object, a check, a transform", () => {
    expect(quickAccepts(JobDefinitionResponseSchema, withValueAt(SPEC_DEFINITION_RESPONSE, ["id"], 7))).toBe(false);
    expect(quickAccepts(z.object({ a: z.string() }), { a: "x", b: 1 })).toBe(false);
    expect(quickAccepts(z.string().min(2), "abc")).toBe(false);
    expect(quickAccepts(z.array(z.string()).max(3), ["a"])).toBe(false);
    expect(
      quickAccepts(
        z.string().transform((s) => s.length),
        "abc",
      ),
    ).toBe(false);
    expect(quickAccepts(z.number().default(3), 1)).toBe(false);
    expect(
      quickAccepts(
        z.custom<string>((v) => typeof v === "string"),
        "a",
      ),
    ).toBe(false);
    const trusted = trustedRefinement(z, (v): v is string => typeof v === "string", { message: "a string" });
    expect(quickAccepts(z.array(trusted), ["a", "b"])).toBe(true);
    expect(quickAccepts(z.array(trusted), ["a", 2])).toBe(false);
    expect(z.array(trusted).safeParse(["a", 2]).error?.issues[0]?.message).toBe("a string");
  });
});
