/**
 * The hostile-input corpus through the provider's `check` (and the model's validateInputs for payload fields): each
 * case fails with a reason naming the property, makes no API call, and echoes neither a secret nor a huge value.
 */
import { JobDefinitionProvider } from "../../../provider/job-definition/provider";
import { validateInputs } from "../../../provider/model";
import type { DataRobotClient } from "../../../provider/client";
import { hostileCases, withHostile } from "./corpus";

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
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.id, c] as const))("check rejects %s, naming the property", async (_id, hostile) => {
    const p = await provider();
    const before = clientsMade;
    const result = await p.check({}, withHostile(BASE, hostile.inputs));
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

  const payloadCases = cases.filter((c) => !c.checkOnly);
  it.each(payloadCases.map((c) => [c.id, c] as const))("validateInputs rejects %s at its path", (_id, hostile) => {
    const result = validateInputs(withHostile(BASE, hostile.inputs), { allowUnknowns: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const reasons = result.issues.map((issue) => `${issue.path}: ${issue.message}`);
    expect(reasons.some((reason) => namesProperty(reason, hostile.path))).toBe(true);
  });
});
