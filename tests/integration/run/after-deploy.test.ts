/**
 * runMany / runAfterDeploy against the emulator: the concurrency bound, the summary lines, the export convention,
 * "changed" definitions from engine events, and definitions deleted in the update never being run.
 */
import { recordDeployEvents, runAfterDeploy, definitionsFromOutputs } from "../../../sdk/run/after-deploy";
import { JOB_DEFINITION_TYPE_TOKEN } from "../../../sdk/type-tokens";
import { formatSummary, runMany } from "../../../sdk/run/many";
import { useRunHarness } from "../helpers";

jest.setTimeout(20_000);

const h = useRunHarness();

describe("runMany", () => {
  it("runs at most `concurrency` jobs at a time and summarises every run", async () => {
    const names = ["c1", "c2", "c3", "c4", "c5"];
    for (const name of names)
      await h.createDefinition(name, { outcome: name === "c4" ? "fail" : "complete", durationMs: 8_000, rows: 10 });
    const active = new Set<string>();
    let maxActive = 0;
    const summary = await runMany(names, {
      client: h.client,
      clock: h.clock(),
      concurrency: 2,
      onProgress: (p) => {
        if (["COMPLETED", "FAILED", "ABORTED"].includes(p.status)) active.delete(p.jobId);
        else active.add(p.jobId);
        maxActive = Math.max(maxActive, active.size);
      },
    });
    expect(maxActive).toBe(2);
    expect(summary.ok).toBe(false);
    expect(summary.runs.map((r) => [r.reference, r.outcome, r.scoredRows])).toEqual([
      ["c1", "COMPLETED", 10],
      ["c2", "COMPLETED", 10],
      ["c3", "COMPLETED", 10],
      ["c4", "FAILED", 5],
      ["c5", "COMPLETED", 10],
    ]);
    expect(await h.emulator.admin.jobs()).toHaveLength(5);
    const text = formatSummary(summary);
    expect(text.split("\n")[0]).toMatch(/^DEFINITION\s+JOB\s+STATUS\s+ROWS\s+DURATION$/);
    expect(text).toMatch(/^c4\s+[0-9a-f]{24}\s+FAILED\s+5 rows/m);
    expect(text).toMatch(/^c4: Batch prediction job .* ended with status FAILED/m);
  });
});

describe("runAfterDeploy", () => {
  it("reads the export convention: a string, a list or a map", () => {
    expect(definitionsFromOutputs({ batchPredictionJobDefinitions: { value: "a" } })).toEqual(["a"]);
    expect(definitionsFromOutputs({ batchPredictionJobDefinitions: { value: ["a", "b", "a"] } })).toEqual(["a", "b"]);
    expect(definitionsFromOutputs({ batchPredictionJobDefinitions: { value: { x: "a", y: "c" } } })).toEqual([
      "a",
      "c",
    ]);
    expect(definitionsFromOutputs({ other: { value: "a" } })).toEqual([]);
    expect(() => definitionsFromOutputs({ batchPredictionJobDefinitions: { value: [1] } })).toThrow(
      /must hold definition ids or names/,
    );
  });

  it("runs exported and changed definitions, never one deleted in the update", async () => {
    const kept = await h.createDefinition("kept", { outcome: "complete", durationMs: 3_000, rows: 7 });
    const changed = await h.createDefinition("changed", { outcome: "complete", durationMs: 3_000, rows: 9 });
    const events = recordDeployEvents();
    const meta = (op: string, side: "old" | "new", id: string, name: string) => ({
      resOutputsEvent: { metadata: { op, type: JOB_DEFINITION_TYPE_TOKEN, [side]: { id, outputs: { name } } } },
    });
    events.onEvent(meta("update", "new", changed, "changed"));
    events.onEvent(meta("delete", "old", "64b0000000000000000dead1", "gone"));
    events.onEvent({ resOutputsEvent: { metadata: { op: "create", type: "other:Type", new: { id: "x" } } } });
    const upResult = { outputs: { batchPredictionJobDefinitions: { value: [kept, "64b0000000000000000dead1"] } } };

    const summary = await runAfterDeploy(upResult, {
      client: h.client,
      clock: h.clock(),
      events,
      select: "exported-and-changed",
    });
    expect(summary.ok).toBe(true);
    expect(summary.runs.map((r) => [r.reference, r.outcome, r.scoredRows])).toEqual([
      [kept, "COMPLETED", 7],
      ["64b0000000000000000dead1", "SKIPPED_DELETED", undefined],
      [changed, "COMPLETED", 9],
    ]);
    const starts = await h.requests(/^POST \/batchPredictions\/fromJobDefinition\/$/);
    expect(starts.map((s) => s.body)).toEqual(
      expect.arrayContaining([{ jobDefinitionId: kept }, { jobDefinitionId: changed }]),
    );
    expect(starts).toHaveLength(2);
  });

  it("reads endpoint and token from the stack's config", async () => {
    const id = await h.createDefinition("from-config", { outcome: "complete", durationMs: 1_000 });
    const stack = {
      outputs: async () => ({ batchPredictionJobDefinitions: { value: ["from-config"] } }),
      getAllConfig: async () => ({
        "datarobot:endpoint": { value: h.emulator.url },
        "datarobot:apiToken": { value: h.emulator.token, secret: true },
      }),
    };
    const summary = await runAfterDeploy(stack, { clock: h.clock() });
    expect(summary.runs).toMatchObject([{ reference: "from-config", definitionId: id, outcome: "COMPLETED" }]);
  });

  it('refuses select "changed" without the events', async () => {
    await expect(runAfterDeploy({ outputs: {} }, { select: "changed", client: h.client })).rejects.toThrow(
      /needs the events of the up/,
    );
  });
});
