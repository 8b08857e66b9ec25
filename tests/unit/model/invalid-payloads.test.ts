/**
 * The invalid-payload corpus (fixtures/invalid-payloads.json): each payload must be rejected with an issue at the
 * expected property path, and that issue's message must say what is wrong and how to fix it.
 *
 * The warning corpus (fixtures/warning-payloads.json): likely mistakes that no DataRobot source says the server
 * rejects. Each passes validation (the value is sent as written) with a warning at the expected path.
 */
import { JobDefinitionInputSchema, validateInputs } from "../../../provider/model";
import corpus from "./fixtures/invalid-payloads.json";
import warningCorpus from "./fixtures/warning-payloads.json";

interface InvalidCase {
  description: string;
  payload: unknown;
  expectedPath: string;
  messageIncludes?: string;
}
const cases = corpus as InvalidCase[];

describe("invalid payload corpus", () => {
  it("holds at least 60 cases with distinct descriptions", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.description)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.description, c] as const))("%s", (_description, testCase) => {
    const result = validateInputs(testCase.payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const atPath = result.issues.filter((issue) => issue.path === testCase.expectedPath);
    expect({ paths: result.issues.map((i) => i.path), found: atPath.length > 0 }).toMatchObject({ found: true });
    const messages = atPath.map((issue) => issue.message);
    if (testCase.messageIncludes) {
      expect(messages.some((m) => m.includes(testCase.messageIncludes as string))).toBe(true);
    }
    // Every message names a remedy: after " — " or as a list of allowed values.
    for (const message of messages) expect(message).toMatch(/ — |use one of/);
    // The raw schema (used by callers that do not need messages) rejects the same payload.
    expect(JobDefinitionInputSchema.safeParse(testCase.payload).success).toBe(false);
  });
});

interface WarningCase {
  description: string;
  payload: unknown;
  expectedPath: string;
  warningIncludes: string;
}
const warningCases = warningCorpus as WarningCase[];

describe("warning payload corpus: never stricter than DataRobot", () => {
  it.each(warningCases.map((c) => [c.description, c] as const))("%s", (_description, testCase) => {
    const result = validateInputs(testCase.payload);
    expect(result.ok ? [] : result.issues).toEqual([]);
    const atPath = result.warnings.filter((warning) => warning.path === testCase.expectedPath);
    expect(atPath.map((w) => w.message)).toEqual([expect.stringContaining(testCase.warningIncludes)]);
    // Every warning says what to do, after " — ".
    for (const warning of result.warnings) expect(warning.message).toMatch(/ — /);
  });
});
