/**
 * The review model and its renderers over synthetic engine events shaped like the real ones (see the e2e test for
 * the same from a real preview): operations, field changes, secret masking, schedules and next runs at a fixed
 * "now", warnings, determinism, and the exact Markdown of a small change set.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import {
  buildReview,
  collectSteps,
  renderMarkdown,
  renderText,
  reviewEvents,
  reviewPreview,
} from "../../../sdk/review";

const TYPE = "pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobDefinition";
const URN = (name: string, type = TYPE) => `urn:pulumi:dev::proj::${type}::${name}`;
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };
const NOW = new Date("2026-03-10T12:00:00.000Z"); // a Tuesday

const daily = (hour: number) => ({ minute: [0], hour: [hour], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] });

function base(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    __provider: "exports.handler = ...",
    name,
    deploymentId: "64b000000000000000000d01",
    enabled: false,
    intakeSettings: { type: "s3", url: `s3://in/${name}.csv` },
    outputSettings: { type: "jdbc", table: "scores", statementType: "insert" },
    ...extra,
  };
}

let sequence = 0;
function pre(op: string, name: string, parts: Record<string, unknown>, type = TYPE): EngineEvent {
  return {
    sequence: sequence++,
    timestamp: 0,
    resourcePreEvent: { metadata: { op, urn: URN(name, type), type, provider: "p", ...parts } },
  } as unknown as EngineEvent;
}

const state = (inputs: Record<string, unknown>, outputs?: Record<string, unknown>) => ({
  type: TYPE,
  urn: "",
  custom: true,
  id: "",
  parent: "",
  provider: "",
  inputs,
  outputs: outputs ?? {},
});

function changeSet(): EngineEvent[] {
  const nightlyOld = base("nightly", { schedule: daily(2) });
  const retiredOld = base("retired", { enabled: true, schedule: daily(5) });
  return [
    { sequence: sequence++, timestamp: 0, preludeEvent: { config: {} } } as unknown as EngineEvent,
    pre("same", "steady", { old: state(base("steady")), new: state(base("steady")) }),
    pre("refresh", "nightly", { old: state(nightlyOld, nightlyOld) }),
    pre("update", "nightly", {
      old: state(nightlyOld, { ...nightlyOld, predictionInstance: SECRET }),
      new: state(base("nightly", { enabled: true, schedule: daily(3), predictionInstance: SECRET })),
      diffs: ["enabled", "schedule", "predictionInstance"],
      detailedDiff: {
        enabled: { diffKind: "update", inputDiff: true },
        "schedule.hour[0]": { diffKind: "update", inputDiff: true },
        predictionInstance: { diffKind: "update", inputDiff: true },
        __provider: { diffKind: "update", inputDiff: true },
      },
    }),
    pre("create", "fresh", {
      new: state(base("fresh", { outputSettings: { type: "s3", url: "s3://out/", credentialId: "c" } })),
    }),
    pre("create", "legacy", { new: state(base("legacy-scoring", { adoptExisting: true })) }),
    pre("create-replacement", "moved", {
      old: state(base("moved", { endpoint: "https://a/api/v2" })),
      new: state(base("moved", { endpoint: "https://b/api/v2" })),
      keys: ["endpoint"],
      detailedDiff: { endpoint: { diffKind: "update", inputDiff: true } },
    }),
    pre("replace", "moved", {
      old: state(base("moved", { endpoint: "https://a/api/v2" })),
      new: state(base("moved", { endpoint: "https://b/api/v2" })),
      keys: ["endpoint"],
      detailedDiff: { endpoint: { diffKind: "update", inputDiff: true } },
    }),
    pre("delete", "retired", {
      old: state(retiredOld, {
        ...retiredOld,
        lastStartedJobTime: "2026-03-09T23:10:00.000000Z",
        lastStartedJobStatus: "COMPLETED",
        lastSuccessfulRunTime: "2026-03-09T23:12:00.000000Z",
        lastFailedRunTime: "1900-01-01T00:00:00.000000Z",
      }),
    }),
    pre("delete-replaced", "moved", { old: state(base("moved", { endpoint: "https://a/api/v2" })) }),
    pre("update", "warehouse", {
      old: state(base("warehouse", { deploymentId: "d-old" })),
      new: state(
        base("warehouse", {
          deploymentId: "d-new",
          outputSettings: { type: "jdbc", table: "scores_v2", statementType: "insert_update", whereColumns: ["id"] },
        }),
      ),
      detailedDiff: {
        deploymentId: { diffKind: "update" },
        "outputSettings.table": { diffKind: "update" },
        "outputSettings.statementType": { diffKind: "update" },
        "outputSettings.whereColumns": { diffKind: "add" },
      },
    }),
    pre("create", "other", { new: state({ label: "x" }) }, "pulumi-nodejs:dynamic/smoke:Counter"),
  ];
}

describe("collectSteps", () => {
  it("keeps job-definition creates/updates/replaces/deletes, merges the three steps of a replacement", () => {
    const steps = collectSteps(changeSet());
    expect(steps.map((s) => [s.resource, s.op, s.replaceKeys])).toEqual([
      ["fresh", "create", []],
      ["legacy", "create", []],
      ["moved", "replace", ["endpoint"]],
      ["nightly", "update", []],
      ["retired", "delete", []],
      ["warehouse", "update", []],
    ]);
    expect(steps.find((s) => s.resource === "moved")?.oldInputs?.endpoint).toBe("https://a/api/v2");
  });
});

describe("buildReview", () => {
  const review = buildReview(collectSteps(changeSet()), { now: NOW, stack: "dev" });
  const byName = Object.fromEntries(review.resources.map((r) => [r.resource, r]));

  it("classifies adopt (a create with adoptExisting) and counts operations", () => {
    expect(review.counts).toEqual({ create: 1, adopt: 1, update: 2, replace: 1, delete: 1 });
    expect(byName.legacy.operation).toBe("adopt");
    expect(byName.legacy.definitionName).toBe("legacy-scoring");
  });

  it("updates: one row per reviewed path (list elements → the list), before from old outputs, secrets masked, __provider hidden", () => {
    expect(byName.nightly.fields).toEqual([
      { path: "enabled", before: "false", after: "true", secret: false },
      { path: "predictionInstance", before: "[secret]", after: "[secret]", secret: true },
      { path: "schedule.hour", before: "[2]", after: "[3]", secret: false },
    ]);
    expect(byName.warehouse.fields.map((f) => [f.path, f.before, f.after])).toEqual([
      ["deploymentId", '"d-old"', '"d-new"'],
      ["outputSettings.statementType", '"insert"', '"insert_update"'],
      ["outputSettings.table", '"scores"', '"scores_v2"'],
      ["outputSettings.whereColumns", undefined, '["id"]'],
    ]);
  });

  it("creates and deletes list every field on one side", () => {
    expect(byName.fresh.fields.map((f) => f.path)).toEqual([
      "deploymentId",
      "enabled",
      "intakeSettings.type",
      "intakeSettings.url",
      "name",
      "outputSettings.credentialId",
      "outputSettings.type",
      "outputSettings.url",
    ]);
    expect(byName.fresh.fields.every((f) => f.before === undefined && f.after !== undefined)).toBe(true);
    expect(byName.retired.fields.every((f) => f.after === undefined && f.before !== undefined)).toBe(true);
  });

  it("schedules in words, next runs only when enabled afterwards", () => {
    expect(byName.nightly.schedule).toEqual({
      before: "every day at 02:00 UTC",
      after: "every day at 03:00 UTC",
      enabledBefore: false,
      enabledAfter: true,
      nextRuns: ["2026-03-11T03:00:00.000Z", "2026-03-12T03:00:00.000Z", "2026-03-13T03:00:00.000Z"],
    });
    expect(byName.retired.schedule).toEqual({ before: "every day at 05:00 UTC", enabledBefore: true, nextRuns: [] });
    expect(byName.fresh.schedule).toBeUndefined();
  });

  it("warnings", () => {
    const kinds = Object.fromEntries(review.resources.map((r) => [r.resource, r.warnings.map((w) => w.kind)]));
    expect(kinds).toEqual({
      fresh: [],
      legacy: ["adopts-existing"],
      moved: ["endpoint-changed"],
      nightly: ["schedule-enabled"],
      retired: ["schedule-disabled", "recently-run-deleted"],
      warehouse: ["deployment-changed", "output-table-changed", "statement-type-changed"],
    });
    expect(byName.retired.warnings[1].message).toBe(
      "Deletes a definition that ran recently: last run 2026-03-09 23:12 UTC, COMPLETED. Check nothing still depends on it.",
    );
    expect(byName.nightly.warnings[0].message).toBe(
      "Schedule enabled: enables the schedule, scoring runs every day at 03:00 UTC; next run 2026-03-11 03:00 UTC.",
    );
  });

  it("warns when a localFile-intake definition is enabled with a schedule (nobody uploads its data)", () => {
    const local = (name: string, extra: Record<string, unknown>) =>
      pre("create", name, { new: state(base(name, { intakeSettings: { type: "localFile" }, ...extra })) });
    const review = buildReview(
      collectSteps([
        local("scheduled", { enabled: true, schedule: daily(4) }),
        local("manual", { enabled: false, schedule: daily(4) }),
        pre("create", "remote", { new: state(base("remote", { enabled: true, schedule: daily(4) })) }),
      ]),
      { now: NOW },
    );
    const kinds = Object.fromEntries(review.resources.map((r) => [r.resource, r.warnings.map((w) => w.kind)]));
    expect(kinds).toEqual({
      scheduled: ["schedule-enabled", "scheduled-local-file"],
      manual: [],
      remote: ["schedule-enabled"],
    });
    expect(review.resources.find((r) => r.resource === "scheduled")!.warnings[1].message).toBe(
      'Scheduled runs of a "localFile" intake: nobody uploads the data for a scheduled run, so each run waits for a ' +
        "file that never comes. Use a remote intake (s3, dataset, jdbc, ...) or set enabled to false and run it " +
        "with a file (datarobot-batch run --intake-file).",
    );
  });

  it("a run older than the window (default 7 days) is not 'recent'; the window is configurable", () => {
    const later = buildReview(collectSteps(changeSet()), { now: new Date("2026-03-17T00:00:00Z") });
    const retired = later.resources.find((r) => r.resource === "retired")!;
    expect(retired.warnings.map((w) => w.kind)).toEqual(["schedule-disabled"]);
    const wide = buildReview(collectSteps(changeSet()), {
      now: new Date("2026-03-17T00:00:00Z"),
      recentRunWindowMs: 30 * 86_400_000,
    });
    expect(wide.resources.find((r) => r.resource === "retired")!.warnings.map((w) => w.kind)).toContain(
      "recently-run-deleted",
    );
  });

  it("is stable: event order does not change the rendered text", () => {
    const events = changeSet();
    const shuffled = [...events].reverse();
    const a = reviewEvents(events, { now: NOW, stack: "dev" });
    const b = reviewEvents(shuffled, { now: NOW, stack: "dev" });
    expect(b.markdown).toBe(a.markdown);
    expect(b.text).toBe(a.text);
  });
});

describe("secrets in a review", () => {
  const HEADER_OLD = "Bearer OLD-HDR-MARKER-1";
  const SAS_NEW = "https://acct.blob.core.windows.net/in/d.csv?sv=2022&sig=NEW-SIG-MARKER-2";
  /** Old state written by an older version holds plain values; new inputs hold the engine's secret wrappers. */
  function secretUpdate(): EngineEvent[] {
    const oldInputs = base("keys", {
      intakeSettings: { type: "azure", url: "https://acct.blob.core.windows.net/in/d.csv?sv=2022&sig=OLD-SIG" },
      outputSettings: {
        type: "http",
        url: "https://h.example.com/x",
        headers: { Authorization: HEADER_OLD, "X-Team": "ml" },
      },
      predictionInstance: { hostName: "pred.example.com", apiKey: "OLD-APIKEY-MARKER-3" },
    });
    const newInputs = base("keys", {
      intakeSettings: { type: "azure", url: SECRET },
      outputSettings: {
        type: "http",
        url: "https://h.example.com/x",
        headers: { Authorization: SECRET, "X-Team": SECRET },
      },
      predictionInstance: { hostName: "pred2.example.com", apiKey: SECRET },
    });
    return [
      pre("update", "keys", {
        old: state(oldInputs, oldInputs),
        new: state(newInputs),
        detailedDiff: {
          "intakeSettings.url": { diffKind: "update", inputDiff: true },
          "outputSettings.headers.Authorization": { diffKind: "update", inputDiff: true },
          "predictionInstance.apiKey": { diffKind: "update", inputDiff: true },
          "predictionInstance.hostName": { diffKind: "update", inputDiff: true },
        },
      }),
    ];
  }

  it("says which header, key or URL changed, never a value, in text, Markdown and JSON", () => {
    const review = buildReview(collectSteps(secretUpdate()), { now: NOW });
    const text = renderText(review);
    expect(text).toContain("    intakeSettings.url: [secret] -> [secret] (changed)\n");
    expect(text).toContain("    outputSettings.headers.Authorization: [secret] -> [secret] (changed)\n");
    expect(text).toContain("    predictionInstance.apiKey: [secret] -> [secret] (changed)\n");
    expect(text).toContain('    predictionInstance.hostName: "pred.example.com" -> "pred2.example.com"\n');
    const markdown = renderMarkdown(review);
    expect(markdown).toContain(
      "| <code>outputSettings.headers.Authorization</code> 🔒 | <code>[secret]</code> | <code>[secret]</code> (changed) |",
    );
    for (const rendered of [text, markdown, JSON.stringify(review)]) {
      expect(rendered).not.toMatch(/MARKER|OLD-SIG|Bearer/);
    }
  });

  it("a created definition lists its secret leaves as [secret], values hidden", () => {
    const created = base("fresh", {
      outputSettings: { type: "http", url: SAS_NEW, headers: { "X-Api-Key": "XAPI-PLAIN-MARKER-4" } },
    });
    const text = renderText(buildReview(collectSteps([pre("create", "fresh", { new: state(created) })]), { now: NOW }));
    expect(text).toContain(`    outputSettings.headers["X-Api-Key"]: (none) -> [secret]\n`);
    expect(text).toContain("    outputSettings.url: (none) -> [secret]\n");
    expect(text).not.toContain("MARKER");
  });
});

describe("an enabled schedule that never fires", () => {
  it("says why there are no next runs (February 30th), in the Markdown and the text", () => {
    const created = base("leap", {
      enabled: true,
      schedule: { minute: [0], hour: [2], dayOfMonth: [30, 31], month: [2], dayOfWeek: ["*"] },
    });
    const review = buildReview(collectSteps([pre("create", "leap", { new: state(created) })]), { now: NOW });
    expect(review.resources[0].schedule).toMatchObject({
      nextRuns: [],
      neverFires: "no day of the month in it (30, 31) exists in its months (feb)",
    });
    expect(renderMarkdown(review)).toContain(
      "**Next runs:** none: the schedule never fires (no day of the month in it (30, 31) exists in its months (feb))",
    );
    expect(renderText(review)).toContain("    next runs: none, the schedule never fires (no day of the month in it");
  });
});

describe("renderMarkdown", () => {
  it("renders a small change set exactly", () => {
    const events = changeSet().filter((e) => {
      const name = e.resourcePreEvent?.metadata.urn.split("::").pop();
      return name === "nightly" || name === "moved";
    });
    expect(renderMarkdown(buildReview(collectSteps(events), { now: NOW, stack: "dev" }))).toBe(
      [
        "<!-- datarobot-batch-preview stack=dev -->",
        "## DataRobot batch prediction job definitions: preview of stack <code>dev</code>",
        "",
        "**2 job definitions change: 1 to update, 1 to replace.**",
        "",
        "| Definition | Operation | Warnings |",
        "|---|---|---|",
        "| <code>moved</code> | 🟠 replace | 1 |",
        "| <code>nightly</code> | 🟡 update | 1 |",
        "",
        "#### ⚠️ 2 warnings",
        "",
        "- <code>moved</code>: Endpoint changed: https://a/api/v2 → https://b/api/v2; the definition moves there and the API token configured for it is sent there.",
        "- <code>nightly</code>: Schedule enabled: enables the schedule, scoring runs every day at 03:00 UTC; next run 2026-03-11 03:00 UTC.",
        "",
        "### 🟠 <code>moved</code>: replace (delete and create again)",
        "",
        "Replaced because <code>endpoint</code> changed.",
        "",
        "> ⚠️ Endpoint changed: https://a/api/v2 → https://b/api/v2; the definition moves there and the API token configured for it is sent there.",
        "",
        "| Field | Before | After |",
        "|---|---|---|",
        "| <code>endpoint</code> | <code>&quot;https://a/api/v2&quot;</code> | <code>&quot;https://b/api/v2&quot;</code> |",
        "",
        "### 🟡 <code>nightly</code>: update",
        "",
        "> ⚠️ Schedule enabled: enables the schedule, scoring runs every day at 03:00 UTC; next run 2026-03-11 03:00 UTC.",
        "",
        "**Schedule:** every day at 02:00 UTC (disabled) → every day at 03:00 UTC (enabled)  ",
        "**Next runs:** 2026-03-11 03:00 UTC, 2026-03-12 03:00 UTC, 2026-03-13 03:00 UTC  ",
        "",
        "| Field | Before | After |",
        "|---|---|---|",
        "| <code>enabled</code> | <code>false</code> | <code>true</code> |",
        "| <code>predictionInstance</code> 🔒 | <code>[secret]</code> | <code>[secret]</code> (changed) |",
        "| <code>schedule.hour</code> | <code>[2]</code> | <code>[3]</code> |",
        "",
        "<sub>Generated by <code>datarobot-batch preview</code>. Secrets are masked (🔒).</sub>",
        "",
      ].join("\n"),
    );
  });

  it("keeps up to 8 rows inline; collapses more rows or long values in <details>; escapes pipes and HTML", () => {
    const eightRows = reviewEvents([pre("create", "eight", { new: state(base("eight")) })], { now: NOW }).markdown;
    expect(eightRows).not.toContain("<details>");
    const long = `s3://in/${"x".repeat(100)}.csv`;
    const longValue = reviewEvents(
      [pre("create", "long", { new: state(base("long", { intakeSettings: { type: "s3", url: long } })) })],
      { now: NOW },
    ).markdown;
    expect(longValue).toContain("<details>\n<summary>8 fields</summary>");
    const events = [
      pre("create", "odd", {
        new: state(base("odd", { intakeSettings: { type: "http", url: "https://x/?a=1|<b>" } })),
      }),
    ];
    const markdown = reviewEvents(events, { now: NOW }).markdown;
    expect(markdown).not.toContain("<details>");
    expect(markdown).toContain("<code>&quot;https://x/?a=1&#124;&lt;b&gt;&quot;</code>");
    expect(markdown.split("\n")[0]).toBe("<!-- datarobot-batch-preview -->");
  });

  it("no changes", () => {
    const { markdown, text } = reviewEvents([pre("same", "steady", {})], { stack: "dev" });
    expect(markdown).toContain("**No job definition changes.**");
    expect(text).toBe("DataRobot batch prediction job definitions: preview of stack dev\nNo job definition changes.\n");
  });
});

describe("renderText", () => {
  it("one block per definition with warnings, schedule, next runs and fields", () => {
    const events = changeSet().filter((e) => e.resourcePreEvent?.metadata.urn.endsWith("::nightly"));
    expect(renderText(buildReview(collectSteps(events), { now: NOW }))).toBe(
      [
        "DataRobot batch prediction job definitions: preview",
        "1 job definition changes: 1 to update.",
        "1 warning (marked !)",
        "",
        "~ nightly (update)",
        "    ! Schedule enabled: enables the schedule, scoring runs every day at 03:00 UTC; next run 2026-03-11 03:00 UTC.",
        "    schedule: every day at 02:00 UTC (disabled) -> every day at 03:00 UTC (enabled)",
        "    next runs: 2026-03-11 03:00 UTC, 2026-03-12 03:00 UTC, 2026-03-13 03:00 UTC",
        "    enabled: false -> true",
        "    predictionInstance: [secret] -> [secret] (changed)",
        "    schedule.hour: [2] -> [3]",
        "",
      ].join("\n"),
    );
  });
});

describe("reviewPreview", () => {
  it("previews with refresh by default, passes events through, and names the stack", async () => {
    const seen: unknown[] = [];
    const calls: unknown[] = [];
    const stack = {
      name: "dev",
      async preview(options: { refresh?: boolean; onEvent?: (e: EngineEvent) => void }) {
        calls.push({ refresh: options.refresh });
        for (const event of changeSet()) options.onEvent?.(event);
        return { changeSummary: { update: 2 } };
      },
    };
    const result = await reviewPreview(stack, { now: NOW, onEvent: (e) => seen.push(e) });
    expect(calls).toEqual([{ refresh: true }]);
    expect(seen).toHaveLength(changeSet().length);
    expect(result.changeSummary).toEqual({ update: 2 });
    expect(result.review.stack).toBe("dev");
    expect(result.markdown).toBe(reviewEvents(changeSet(), { now: NOW, stack: "dev" }).markdown);
    await reviewPreview(stack, { refresh: false });
    expect(calls[1]).toEqual({ refresh: false });
  });
});
