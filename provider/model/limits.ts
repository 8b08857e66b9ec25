/**
 * Limits no DataRobot source states: ranges, list sizes and closed lists that this package knows only from
 * unreadable or client-side material (an API reference table, the Python SDK's own checks). Breaking one is a warning:
 * the value is sent as written and DataRobot decides ("never stricter than DataRobot", docs/validation-rules.md, group
 * "limits"). A limit moves into the schemas as an error only with a public source saying the server rejects the value.
 */
import type { PathIssue } from "./issues";
import { closestName } from "./names";
import { getAt, type Path } from "./paths";
import { isNonArrayObject, withThousands } from "../values";

/**
 * The chunk size strategies DataRobot's docs name (the Trino data-source page: "Named chunk strategies (auto, dynamic,
 * fixed)"). The SDK types `chunkSize` as any string or integer, so another name is sent as written, with a warning.
 */
export const CHUNK_SIZE_STRATEGIES = ["auto", "fixed", "dynamic"] as const;

export interface Limit {
  /** The property path (a rule pattern of rules.ts: `csvSettings.quotechar`). */
  field: string;
  /** The intake/output/time-series types it applies to, as rules.ts words it; undefined: always. */
  when?: string;
  /** What this package expects, e.g. "an integer from 1 to 10". */
  expected: string;
  /** Where the limit comes from, and why it is no more than a warning. */
  why: string;
  /** The warning's text when the general one does not fit. */
  message?: string;
  /** Undefined when `value` is within the limit (or not of the limit's kind: the schemas report that). */
  check: (value: unknown, input: Record<string, unknown>) => string | undefined;
}

const API_REFERENCE =
  "DataRobot's API reference tables (not readable in any stored copy); the Python SDK and the Terraform provider impose none";

function intRange(min: number, max?: number): Limit["check"] {
  return (value) => {
    if (typeof value !== "number" || !Number.isInteger(value)) return undefined;
    if (value < min || (max !== undefined && value > max)) return String(value);
    return undefined;
  };
}

function atMostItems(max: number): Limit["check"] {
  return (value) => (Array.isArray(value) && value.length > max ? `${value.length} items` : undefined);
}

function oneOfValues(values: readonly string[]): Limit["check"] {
  return (value) => {
    if (typeof value !== "string" || value === "" || values.includes(value)) return undefined;
    const close = closestName(value, values);
    return `${JSON.stringify(value)}${close ? ` (did you mean ${JSON.stringify(close)}?)` : ""}`;
  };
}

const range = (min: number, max?: number) =>
  max === undefined
    ? `an integer ≥ ${withThousands(min)}`
    : `an integer from ${withThousands(min)} to ${withThousands(max)}`;

/** Every limit, in the order of the generated document. */
export const LIMITS: readonly Limit[] = [
  { field: "numConcurrent", expected: range(1), why: API_REFERENCE, check: intRange(1) },
  {
    field: "chunkSize",
    expected: `a number of bytes, or a strategy named in DataRobot's docs: ${CHUNK_SIZE_STRATEGIES.map((s) => JSON.stringify(s)).join(", ")}`,
    why: 'the Python SDK types it "chunk size strategy or fixed size in bytes", any string; the strategy names are from DataRobot\'s Trino data-source page',
    check: oneOfValues(CHUNK_SIZE_STRATEGIES),
  },
  { field: "maxExplanations", expected: range(0, 100), why: API_REFERENCE, check: intRange(0, 100) },
  { field: "explanationNumTopClasses", expected: range(1, 10), why: API_REFERENCE, check: intRange(1, 10) },
  {
    field: "intakeSettings.fetchSize",
    when: 'intake "jdbc"',
    expected: range(1, 1_000_000),
    why: `${API_REFERENCE} (the SDK's \`Int()\`); DataRobot ignores fetchSize since API 2.21`,
    check: intRange(1, 1_000_000),
  },
  {
    field: "outputSettings.commitInterval",
    when: 'output "jdbc"',
    expected: range(0, 86_400),
    why: API_REFERENCE,
    check: intRange(0, 86_400),
  },
  {
    field: "csvSettings.quotechar",
    expected: "a single character",
    why: "the Python SDK's `quotechar: String()` has no length; one character is what CSV files use",
    check: (value) =>
      typeof value === "string" && value !== "" && [...value].length !== 1 ? JSON.stringify(value) : undefined,
  },
  {
    field: "monitoringAggregation.retentionPolicy",
    expected: '"samples" or "percentage"',
    why: "the Python SDK (`datarobot/models/batch_monitoring_job.py`) accepts only these two on its side; no source says the server rejects another",
    check: oneOfValues(["samples", "percentage"]),
  },
  { field: "monitoringAggregation.retentionValue", expected: range(0), why: API_REFERENCE, check: intRange(0) },
  {
    field: "monitoringColumns.predictionsColumns",
    expected: "at most 1,000 items",
    why: API_REFERENCE,
    check: atMostItems(1000),
  },
  {
    field: "monitoringOutputSettings.uniqueRowIdentifierColumns",
    expected: "at most 100 items",
    why: API_REFERENCE,
    check: atMostItems(100),
  },
  {
    field: "timeseriesSettings.predictionsStartDate",
    when: 'time series "training"',
    expected: 'not set for "training" (a prediction range is for "historical")',
    why: 'the Python SDK 3.20 (`datarobot/models/batch_prediction_job.py`) allows only relaxKnownInAdvanceFeaturesCheck on "training"; no source says the server rejects a range',
    message:
      'set for "training", which takes no prediction range in DataRobot\'s Python SDK 3.20 (only relaxKnownInAdvanceFeaturesCheck); it is sent as written — use type "historical" for a range, or remove it',
    check: (value, input) => (value != null && trainingSettings(input) ? "a start date" : undefined),
  },
  {
    field: "timeseriesSettings.predictionsEndDate",
    when: 'time series "training"',
    expected: 'not set for "training" (a prediction range is for "historical")',
    why: 'the Python SDK 3.20 (`datarobot/models/batch_prediction_job.py`) allows only relaxKnownInAdvanceFeaturesCheck on "training"; no source says the server rejects a range',
    message:
      'set for "training", which takes no prediction range in DataRobot\'s Python SDK 3.20 (only relaxKnownInAdvanceFeaturesCheck); it is sent as written — use type "historical" for a range, or remove it',
    check: (value, input) => (value != null && trainingSettings(input) ? "an end date" : undefined),
  },
];

function trainingSettings(input: Record<string, unknown>): boolean {
  return isNonArrayObject(input.timeseriesSettings) && input.timeseriesSettings.type === "training";
}

/** The warnings for the limits `input` breaks. */
export function limitWarnings(input: Record<string, unknown>): PathIssue[] {
  const issues: PathIssue[] = [];
  for (const limit of LIMITS) {
    const path: Path = limit.field.split(".");
    const found = limit.check(getAt(input, path), input);
    if (found === undefined) continue;
    issues.push({
      severity: "warning",
      path,
      message:
        limit.message ??
        `${found} is outside what this package expects (${limit.expected}), but no DataRobot source says the ` +
          "server rejects it, so it is sent as written — check it against your DataRobot's API docs",
    });
  }
  return issues;
}
