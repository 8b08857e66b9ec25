/**
 * The rule registry (provider/model/rules.ts) against what the model really does: every issue `validateInputs`
 * gives for the invalid-payload corpus, the warning corpus and the never-stricter cases is covered by a registry rule
 * of the same severity (by its path, list indexes stripped, or as the unknown-key rule when the key is not a field of
 * its object); every warning rule of the registry is emitted by at least one case.
 */
import { validateInputs } from "../../../provider/model";
import { objectSchemaAt } from "../../../provider/model/schema-at";
import type { Path } from "../../../provider/model/paths";
import { rulePathOf, rulesAtPath, validationRules, type ValidationRule } from "../../../provider/model/rules";
import invalidCorpus from "./fixtures/invalid-payloads.json";
import warningCorpus from "./fixtures/warning-payloads.json";

const D = "66aa0000000000000000d001";
const base = { deploymentId: D, intakeSettings: { type: "s3", url: "s3://b/in.csv" } };
const daily = { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] };

/** The warning cases of never-stricter.test.ts, plus the known-value fields of outputs the corpora lack. */
const NEVER_STRICTER_CASES: Record<string, unknown>[] = [
  { ...base, quantumScoringMode: "fast", intakeSettings: { ...base.intakeSettings, regionHint: "eu" } },
  { ...base, intakeSettings: { type: "datasphere", dataStoreId: D, table: "t", catalog: "c" } },
  {
    ...base,
    timeseriesSettings: { type: "training", predictionsStartDate: "2025-01-01", predictionsEndDate: "2025-02-01" },
  },
  { ...base, batchJobType: "monitoring", monitoringColumns: { associationIdColumn: "id" } },
  { ...base, monitoringAggregation: { retentionValu: 5 } },
  { ...base, includePredictionStatuss: true },
  { ...base, intakeSettings: { type: "s3", url: "s3://b/in.orc", format: "orc" } },
  { ...base, intakeSettings: { type: "s3", url: "s3://b/in.parquet", format: "parqet" } },
  { ...base, outputSettings: { type: "http", url: "https://x.example.com", method: "PATCH" } },
  { ...base, outputSettings: { type: "http", url: "https://x.example.com", method: "post" } },
  { ...base, outputSettings: { type: "gcp", url: "gs://b/out.avro", format: "avro" } },
  {
    ...base,
    outputSettings: {
      type: "snowflake",
      dataStoreId: D,
      externalStage: "st",
      statementType: "insert",
      table: "t",
      cloudStorageType: "hdfs",
    },
  },
  {
    ...base,
    enabled: true,
    schedule: daily,
    intakeSettings: { type: "localFile" },
    outputSettings: { type: "jdbc", dataStoreId: D, table: "t", statementType: "update" },
  },
  { ...base, intakeSettings: { type: "jdbc", dataStoreId: D, table: "t", query: "SELECT 1" } },
  ...[0, -5, 1.5, "huge"].map((chunkSize) => ({ ...base, chunkSize })),
];

const ALL_PAYLOADS: unknown[] = [
  ...(invalidCorpus as { payload: unknown }[]).map((c) => c.payload),
  ...(warningCorpus as { payload: unknown }[]).map((c) => c.payload),
  ...NEVER_STRICTER_CASES,
  "not an object",
];

/** `schedule.hour[2]` → ["schedule", "hour", 2]. */
function parsePath(text: string): Path {
  if (text === "") return [];
  return text.split(/\.|(?=\[)/).map((segment) => (/^\[\d+\]$/.test(segment) ? Number(segment.slice(1, -1)) : segment));
}

const SECTION_KINDS: Record<string, string> = {
  intakeSettings: "intake",
  outputSettings: "output",
  timeseriesSettings: "time series",
};

/** Whether a rule's `when` (`intake "s3", "azure"`) includes the adapter type the payload has at `segments`. */
function appliesToType(rule: ValidationRule, payload: unknown, segments: Path): boolean {
  if (!rule.when) return true;
  // The rule's adapter section: the path's own, or the one its `when` names (`chunkSize` when output "trino").
  const section =
    Object.keys(SECTION_KINDS).find((s) => rule.when!.startsWith(`${SECTION_KINDS[s]} `)) ?? String(segments[0]);
  const declared = (payload as Record<string, { type?: unknown } | undefined>)[section]?.type;
  const type = declared ?? (section === "timeseriesSettings" ? "forecast" : undefined);
  return rule.when.startsWith(`${SECTION_KINDS[section]} `) && rule.when.includes(JSON.stringify(type));
}

/**
 * The rules that cover an issue at `path` of `payload` with `severity`: an unknown key → the unknown-key rule;
 * otherwise the path rules of that severity which apply to the payload's adapter type, and for a "required ..."
 * message, only rules that say "required".
 */
function coveringRules(
  payload: unknown,
  path: string,
  severity: "error" | "warning",
  message: string,
): ValidationRule[] {
  const segments = parsePath(path);
  const key = segments[segments.length - 1];
  const object = typeof key === "string" ? objectSchemaAt(payload, segments.slice(0, -1)) : undefined;
  if (object && !(key in object.shape)) {
    return validationRules().filter((rule) => rule.match === "unknown-key" && rule.severity === severity);
  }
  return rulesAtPath(path).filter(
    (rule) =>
      rule.severity === severity &&
      appliesToType(rule, payload, segments) &&
      (!message.startsWith("required") || rule.rule.startsWith("required")),
  );
}

const emitted: { payload: unknown; path: string; severity: "error" | "warning"; message: string }[] = [];
for (const payload of ALL_PAYLOADS) {
  const result = validateInputs(payload);
  if (!result.ok) result.issues.forEach((i) => emitted.push({ payload, ...i, severity: "error" }));
  result.warnings.forEach((w) => emitted.push({ payload, ...w, severity: "warning" }));
}

describe("the rule registry covers what the model emits", () => {
  it("the corpora give many errors and warnings", () => {
    expect(emitted.filter((e) => e.severity === "error").length).toBeGreaterThanOrEqual(80);
    expect(emitted.filter((e) => e.severity === "warning").length).toBeGreaterThanOrEqual(25);
  });

  it("every error and warning has a registry rule of its severity", () => {
    const uncovered = emitted
      .filter((e) => coveringRules(e.payload, e.path, e.severity, e.message).length === 0)
      .map((e) => `${e.severity} ${e.path}: ${e.message}`);
    expect(uncovered).toEqual([]);
  });

  it("every warning rule of the registry is emitted by some case (the registry lists no warning the model lacks)", () => {
    const warningRules = validationRules().filter((rule) => rule.severity === "warning");
    const hit = new Set(
      emitted
        .filter((e) => e.severity === "warning")
        .flatMap((e) => coveringRules(e.payload, e.path, "warning", e.message).map((rule) => rule.id)),
    );
    expect(warningRules.map((rule) => rule.id).filter((id) => !hit.has(id))).toEqual([]);
  });

  it("matches paths with list indexes stripped and map keys as *", () => {
    expect(rulePathOf("schedule.hour[2]")).toBe("schedule.hour[]");
    expect(rulesAtPath("schedule.hour[2]").map((r) => r.id)).toContain("schedule.hour");
    expect(rulesAtPath("columnNamesRemapping[1].inputName").map((r) => r.id)).toContain("cross.remapping-unique");
    expect(rulesAtPath("outputSettings.headers.X-Retries").map((r) => r.rule)).toEqual([
      "must be a string",
      "header names and values must not contain CR, LF or NUL",
    ]);
    expect(rulesAtPath("noSuchField")).toEqual([]);
  });
});

describe("the registry itself", () => {
  const rules = validationRules();

  it("has unique ids, and every rule a source", () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) expect(rule.sources.length).toBeGreaterThan(0);
  });

  it("a warning never rests on 'can never work' (that would make it an error)", () => {
    const wrong = rules.filter((r) => r.severity === "warning" && r.sources.some((s) => s.kind === "never-works"));
    expect(wrong).toEqual([]);
  });

  it("docs sources are docs.datarobot.com pages", () => {
    for (const rule of rules) {
      for (const source of rule.sources) {
        if (source.kind === "docs") expect(source.url).toMatch(/^https:\/\/docs\.datarobot\.com\/en\/docs\/.+\.html$/);
      }
    }
  });

  it("states the ranges of the model, read from its schemas", () => {
    const at = (field: string) => rules.filter((r) => r.field === field && r.group === "structure").map((r) => r.rule);
    // Only bounds a source states, or that can never work, are errors; the rest are warnings (limits.ts).
    expect(at("maxExplanations")).toEqual(["must be an integer ≥ 0"]);
    expect(at("explanationNumTopClasses")).toEqual(["must be an integer"]);
    expect(at("predictionThreshold")).toEqual(["must be a number from 0 to 1"]);
    expect(at("numConcurrent")).toEqual(["must be an integer"]);
    expect(at("chunkSize")).toEqual(["must be a non-empty string, or an integer ≥ 1"]);
    expect(at("intakeSettings.fetchSize")).toEqual(["must be an integer"]);
    expect(at("outputSettings.commitInterval")).toEqual(["must be an integer"]);
    expect(at("intakeSettings.type")).toEqual(["must be a non-empty string", "required"]);
    expect(at("outputSettings.type")).toEqual(["must be a non-empty string", "required"]);
    const limit = (field: string) =>
      rules.filter((r) => r.field === field && r.group === "limits").map((r) => r.severity);
    for (const field of [
      "numConcurrent",
      "chunkSize",
      "maxExplanations",
      "explanationNumTopClasses",
      "intakeSettings.fetchSize",
      "outputSettings.commitInterval",
      "csvSettings.quotechar",
      "monitoringAggregation.retentionPolicy",
      "monitoringAggregation.retentionValue",
      "monitoringColumns.predictionsColumns",
      "monitoringOutputSettings.uniqueRowIdentifierColumns",
    ])
      expect([field, limit(field)]).toEqual([field, ["warning"]]);
    expect(rules.find((r) => r.field === "intakeSettings.url" && r.rule === "required")?.when).toBe(
      'intake "s3", "azure", "gcp", "http"',
    );
  });
});
