/**
 * The hostile-input corpus through the provider's `check` (and the model's validateInputs for payload fields): each
 * case fails with a reason naming the property, makes no API call, and echoes neither a secret nor a huge value.
 */
import { JobDefinitionProvider } from "../../../provider/job-definition/provider";
import { validateInputs } from "../../../provider/model";
import type { DataRobotClient } from "../../../provider/client";
import { sanitizeProgramArgs } from "../../../provider/model/guards";
import { REJECTED_KEY } from "../../../provider/job-definition/fields";
import { hostileCases, withHostile } from "../../fixtures/hostile/corpus";

const BASE = {
  name: "nightly-scoring",
  deploymentId: "64b000000000000000000d01",
  intakeSettings: { type: "s3", url: "s3://bucket/in.csv", credentialId: "64b000000000000000000c01" },
  outputSettings: { type: "jdbc", dataStoreId: "64b000000000000000000e01", table: "scores", statementType: "insert" },
  __provider: "serialized-provider-text",
};

const cases = hostileCases();
let clientsMade = 0;

async function provider(): Promise<JobDefinitionProvider> {
  const p = new JobDefinitionProvider({
    env: {},
    createClient: () => {
      clientsMade++;
      return {} as DataRobotClient; // any call on it would throw: no API call may happen
    },
  });
  const config: Record<string, string> = {
    "datarobot:endpoint": "https://app.datarobot.com/api/v2",
    "datarobot:apiToken": "STACK-TOKEN-777",
  };
  await p.configure({ config: { get: (key: string) => config[key] } });
  return p;
}

/** A reason names the property when it starts with it (followed by ": " or a deeper path). */
function namesProperty(reason: string, path: string): boolean {
  if (path === "") return /^(: )?the definition is \d+ bytes of JSON/.test(reason);
  return reason.startsWith(`${path}: `) || reason.startsWith(`${path}.`) || reason.startsWith(`${path}[`);
}

describe("hostile inputs", () => {
  it("has a corpus of at least 60 cases with distinct ids", () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  // Errors; values only a program can hold reach `check` as the SDK class hands them over (sanitised, with what was
  // left out under REJECTED_KEY).
  const errorCases = cases.filter((c) => c.severity !== "warning");
  it.each(errorCases.map((c) => [c.id, c] as const))("check rejects %s, naming the property", async (_id, hostile) => {
    const p = await provider();
    const before = clientsMade;
    const result = await p.check({}, programArgs(withHostile(BASE, hostile.inputs), hostile));
    expect(result.inputs).toBeUndefined();
    const reasons = (result.failures ?? []).map((f) => f.reason);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.some((reason) => namesProperty(reason, hostile.path))).toBe(true);
    for (const reason of reasons) {
      expect(reason.length).toBeLessThan(1200); // never a huge value
      expect(reason).not.toContain("STACK-TOKEN-777");
      for (const secret of hostile.mustNotEcho ?? []) expect(reason).not.toContain(secret);
    }
    expect(clientsMade).toBe(before); // not even a client was built: 0 API calls
  });

  const payloadCases = errorCases.filter((c) => !c.checkOnly && !c.program);
  it.each(payloadCases.map((c) => [c.id, c] as const))("validateInputs rejects %s at its path", (_id, hostile) => {
    const result = validateInputs(withHostile(BASE, hostile.inputs), { allowUnknowns: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const reasons = result.issues.map((issue) => `${issue.path}: ${issue.message}`);
    expect(reasons.some((reason) => namesProperty(reason, hostile.path))).toBe(true);
  });

  const programCases = cases.filter((c) => c.program);
  it.each(programCases.map((c) => [c.id, c] as const))(
    "the SDK class's sanitize refuses %s at its path (JSON cannot hold it)",
    (_id, hostile) => {
      const { problems } = sanitizeProgramArgs(withHostile(BASE, hostile.inputs));
      expect(problems.some((problem) => namesProperty(problem, hostile.path))).toBe(true);
    },
  );

  const warningCases = cases.filter((c) => c.severity === "warning");
  it.each(warningCases.map((c) => [c.id, c] as const))(
    "%s: check passes (never stricter than DataRobot) and validateInputs warns at its path",
    async (_id, hostile) => {
      const inputs = withHostile(BASE, hostile.inputs);
      const result = await (await provider()).check({}, inputs);
      expect(result.failures ?? []).toEqual([]);
      const validated = validateInputs(inputs, { allowUnknowns: true });
      expect(validated.ok).toBe(true);
      const warnings = validated.warnings.map((w) => `${w.path}: ${w.message}`);
      expect(warnings.some((warning) => namesProperty(warning, hostile.path))).toBe(true);
    },
  );
});

/** What the SDK class hands the engine: the sanitised arguments, with what it left out under REJECTED_KEY. */
function programArgs(args: Record<string, unknown>, hostile: { program?: boolean }): Record<string, unknown> {
  if (!hostile.program) return args;
  const sanitized = sanitizeProgramArgs(args);
  return { ...sanitized.args, [REJECTED_KEY]: sanitized.problems };
}
