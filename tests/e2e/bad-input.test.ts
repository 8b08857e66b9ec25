/**
 * Bad input through the real engine: an invalid definition fails preview naming the resource and the property path,
 * before any API request; so does every case of the hostile-input corpus (tests/fixtures/hostile), with
 * no crash, no request and no echo of a secret or a huge value (adoption of a taken name: adoption.test.ts); the
 * corpus's likely mistakes that DataRobot may accept pass the preview with a warning naming the property.
 */
import { SEED } from "../../emulator";
import {
  type DeclaredDefinition,
  definitionsProgram,
  EngineLog,
  expectNoSecrets,
  freshApiToken,
  freshPredictionApiKey,
  hostileBase,
  useEmulatorStack,
} from "./helpers";
import { hostileCases, withHostile } from "../fixtures/hostile/corpus";

jest.setTimeout(120_000);
// ~110 failing previews in one process: the condition sdk/engine-connections.ts is for (a later program's engine on the
// port of an earlier one whose connection the runtime left failing; tests/integration/sdk/engine-connections.test.ts).

const API_TOKEN = freshApiToken();
const PREDICTION_API_KEY = freshPredictionApiKey();

let declared: DeclaredDefinition[] = [];
const log = new EngineLog();
const t = useEmulatorStack({
  projectName: "bad-input",
  program: definitionsProgram(() => declared),
  emulator: { token: API_TOKEN },
});

describe("invalid definitions", () => {
  it("fail preview with the resource name and each property path, and send zero requests", async () => {
    declared = [
      {
        resource: "broken-scoring",
        args: {
          name: "broken-scoring",
          deploymentId: SEED.deploymentId,
          intakeSettings: { type: "s3" }, // url missing
          schedule: { minute: [0], hour: [2, 25], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
          enabled: true,
          predictionInstance: { hostName: "pred.example.com", apiKey: PREDICTION_API_KEY },
        },
      },
    ];
    const failure = await t.stack.preview({ ...log.capture() }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toBeDefined();
    expect(failure).toMatch(/BatchPredictionJobDefinition resource 'broken-scoring'/);
    expect(failure).toMatch(/intakeSettings\.url: /);
    expect(failure).toMatch(/schedule\.hour\[1\]: /);
    expect(await t.emu.admin.requests()).toEqual([]);
    // The check failure echoes no secret: neither the error nor anything printed holds the key or the token.
    expectNoSecrets(failure!, [API_TOKEN, PREDICTION_API_KEY]);
    expectNoSecrets(log.text(), [API_TOKEN, PREDICTION_API_KEY]);
    const diagnostics = log.diagnostics().join("\n");
    expect(diagnostics).toMatch(/intakeSettings\.url/);
  });
});

describe("hostile inputs (the whole unit corpus)", () => {
  // The whole corpus (tests/fixtures/hostile/hostile-inputs.json), each case a preview through the real engine.
  const cases = hostileCases();
  const SUBSET = cases.filter((c) => c.severity !== "warning").map((c) => c.id);
  const WARNINGS = cases.filter((c) => c.severity === "warning").map((c) => c.id);
  const base = hostileBase(PREDICTION_API_KEY);

  it("covers at least 100 hostile inputs", () => expect(cases.length).toBeGreaterThanOrEqual(100));

  it.each(SUBSET)("%s: preview fails naming the property, 0 requests, no echo", async (id) => {
    const hostile = cases.find((c) => c.id === id)!;
    declared = [{ resource: "hostile", args: withHostile(base, hostile.inputs) }];
    await t.emu.admin.clearRequests();
    const caseLog = new EngineLog(log);
    const failure = await t.stack.preview({ ...caseLog.capture() }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toBeDefined();
    const escaped = escapeRegExp(hostile.path);
    expect(failure).toMatch(
      hostile.path === "" ? /the definition is \d+ bytes of JSON/ : new RegExp(`${escaped}(: |\\.|\\[)`),
    );
    expect(failure).not.toMatch(/panic|TypeError|RangeError|Maximum call stack/);
    expect(failure!.length).toBeLessThan(20_000); // neither a 2 MB name nor a 5000-deep object is echoed
    expect(caseLog.text().length).toBeLessThan(40_000);
    expectNoSecrets(failure!, [API_TOKEN, PREDICTION_API_KEY, ...(hostile.mustNotEcho ?? [])]);
    expectNoSecrets(caseLog.everything(), [API_TOKEN, PREDICTION_API_KEY, ...(hostile.mustNotEcho ?? [])]);
    expect(await t.emu.admin.requests()).toEqual([]);
  });

  it.each(WARNINGS)("%s: preview passes (never stricter than DataRobot) with a warning at the property", async (id) => {
    const hostile = cases.find((c) => c.id === id)!;
    declared = [{ resource: "hostile", args: withHostile(base, hostile.inputs) }];
    await t.emu.admin.clearRequests();
    const caseLog = new EngineLog(log);
    await t.stack.preview({ ...caseLog.capture() });
    const warnings = caseLog.events
      .filter((e) => e.diagnosticEvent?.severity === "warning")
      .map((e) => `${e.diagnosticEvent!.urn?.split("::").pop()}: ${e.diagnosticEvent!.message.trim()}`);
    expect(warnings).toContainEqual(expect.stringMatching(new RegExp(`^hostile: ${escapeRegExp(hostile.path)}: `)));
    // What is printed (the engine's events carry secret inputs in their signed envelope, as for any preview).
    expectNoSecrets(caseLog.text(), [API_TOKEN, PREDICTION_API_KEY]);
    expect(await t.emu.admin.requests()).toEqual([]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
