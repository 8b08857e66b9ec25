/**
 * The rules that relate several fields of a job definition (docs/datarobot-api.md §4.7 and the adapter notes in
 * §4.3-§4.5): a field required or refused because of another one. The structure of each field is in inputs.ts; the
 * registry of these rules, with their sources, in rules.ts (docs/validation-rules.md, group "cross-field").
 *
 * Written defensively over `unknown` so it can run on any input, valid or not: zod skips an object's refinements
 * as soon as one of its fields fails, and `validateInputs` wants to report every problem at once, so it calls
 * `crossFieldIssues` directly as well (duplicates are removed there).
 */
import type { PathIssue } from "./issues";
import { knownValueWarnings } from "./known-values";
import { limitWarnings } from "./limits";
import { type Path } from "./paths";
import { isNonArrayObject, withThousands } from "../values";

export interface CrossFieldOptions {
  /** True for paths whose value is unknown (a preview); they count as set. */
  isUnknown?: (path: Path) => boolean;
}

type Fields = Record<string, unknown>;

/** What every rule needs: the input, its adapters (when objects) and the notion of "set". */
interface RuleInput {
  input: Fields;
  intake: Fields | undefined;
  output: Fields | undefined;
  /** Present and not null. */
  isSet: (value: unknown) => boolean;
  /**
   * "Set" including "unknown during preview": a rule such as "table is required unless query is set" must not fire
   * when query is not known yet.
   */
  isSetOrUnknown: (value: unknown, path: Path) => boolean;
}

const TABLE_OR_QUERY_INTAKES = new Set(["jdbc", "snowflake", "synapse"]);
const DIRECTORY_OUTPUTS = new Set(["s3", "azure", "gcp"]);
const UPSERT_STATEMENTS = new Set(["update", "insert_update"]);

/** Every cross-field issue of `input`, errors and warnings, in a stable order. */
export function crossFieldIssues(input: unknown, options: CrossFieldOptions = {}): PathIssue[] {
  if (!isNonArrayObject(input)) return [];
  const isSet = (value: unknown) => value !== undefined && value !== null;
  const rules: RuleInput = {
    input,
    intake: isNonArrayObject(input.intakeSettings) ? input.intakeSettings : undefined,
    output: isNonArrayObject(input.outputSettings) ? input.outputSettings : undefined,
    isSet,
    isSetOrUnknown: (value, path) => isSet(value) || !!options.isUnknown?.(path),
  };
  return [
    ...topLevelIssues(rules),
    ...intakeIssues(rules),
    ...outputIssues(rules),
    ...timeseriesIssues(rules),
    ...knownValueWarnings(rules.intake, rules.output),
    ...limitWarnings(input),
    ...monitoringIssues(rules),
    ...remappingIssues(input),
  ];
}

/** What scores, when it runs, and pairs of top-level fields that exclude each other. */
function topLevelIssues({ input, intake, isSet, isSetOrUnknown }: RuleInput): PathIssue[] {
  const issues: PathIssue[] = [];
  if (
    !isSetOrUnknown(input.deploymentId, ["deploymentId"]) &&
    !isSetOrUnknown(input.modelPackageId, ["modelPackageId"]) &&
    !isSetOrUnknown(input.modelId, ["modelId"])
  ) {
    issues.push({
      path: ["deploymentId"],
      message:
        'required — set it to the id of the deployment that scores the data (24 hex characters, e.g. "66aa0000000000000000d001"); only scoring without a deployment may use modelPackageId or modelId instead',
    });
  }
  if (input.enabled === true && !isSetOrUnknown(input.schedule, ["schedule"])) {
    issues.push({
      path: ["schedule"],
      message:
        'required when enabled is true — add a schedule such as {minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"]}, or set enabled to false',
    });
  }
  // No intake means local-file intake (DataRobot's batch prediction API guide: "the defaults are local file intake").
  if (input.enabled === true && (intake?.type === "localFile" || input.intakeSettings === undefined)) {
    issues.push({
      severity: "warning",
      path: ["intakeSettings", "type"],
      message:
        '"localFile" intake with enabled: true — a scheduled run has no one to upload the file, so it waits; use a remote intake such as "s3", "dataset" or "jdbc", or set enabled to false',
    });
  }
  if (isSet(input.passthroughColumns) && isSet(input.passthroughColumnsSet)) {
    issues.push({
      path: ["passthroughColumnsSet"],
      message:
        'conflicts with passthroughColumns — use passthroughColumnsSet: "all" to copy every column, or list the columns in passthroughColumns, not both',
    });
  }
  if (isSet(input.explanationNumTopClasses) && isSet(input.explanationClassNames)) {
    issues.push({
      path: ["explanationClassNames"],
      message:
        "conflicts with explanationNumTopClasses — explain either the top N classes or the named classes; remove one of the two",
    });
  }
  return issues;
}

/** A table-or-query intake names exactly one of the two. */
function intakeIssues({ intake, isSet, isSetOrUnknown }: RuleInput): PathIssue[] {
  if (!intake || typeof intake.type !== "string" || !TABLE_OR_QUERY_INTAKES.has(intake.type)) return [];
  if (
    !isSetOrUnknown(intake.table, ["intakeSettings", "table"]) &&
    !isSetOrUnknown(intake.query, ["intakeSettings", "query"])
  ) {
    return [
      {
        path: ["intakeSettings", "table"],
        message: `required for intake type "${intake.type}" unless query is set — name the table to read (with schema/catalog as needed) or set query to a SELECT statement`,
      },
    ];
  }
  if (isSet(intake.table) && isSet(intake.query)) {
    return [
      {
        severity: "warning",
        path: ["intakeSettings", "query"],
        message: `set together with table — DataRobot's SDK says to give one of them for intake type "${intake.type}"; remove one of the two`,
      },
    ];
  }
  return [];
}

/** Trino writes take chunks of at most this many bytes (DataRobot's Trino data-source page). */
export const TRINO_MAX_CHUNK_BYTES = 1_000_000;

/** A Parquet directory output is partitioned; a JDBC upsert names its key columns; a Trino write sizes its chunks. */
function outputIssues({ input, output }: RuleInput): PathIssue[] {
  if (!output || typeof output.type !== "string") return [];
  const issues: PathIssue[] = [];
  // DataRobot's Trino data-source page: "set an explicit numeric chunkSize in bytes. Named chunk strategies (auto,
  // dynamic, fixed) are not supported. The value must not exceed 1,000,000 bytes" — the job fails, the create is
  // not said to be rejected: a warning.
  const chunk = input.chunkSize;
  if (output.type === "trino" && !(typeof chunk === "number" && chunk <= TRINO_MAX_CHUNK_BYTES)) {
    issues.push({
      severity: "warning",
      path: ["chunkSize"],
      message: `${chunk === undefined ? "not set" : JSON.stringify(chunk)} — a "trino" output needs chunkSize set to a number of bytes up to ${withThousands(TRINO_MAX_CHUNK_BYTES)} (DataRobot's Trino docs: a strategy name or a larger value makes the job fail); e.g. chunkSize: ${TRINO_MAX_CHUNK_BYTES}`,
    });
  }
  if (
    DIRECTORY_OUTPUTS.has(output.type) &&
    typeof output.url === "string" &&
    output.url.endsWith("/") &&
    !(Array.isArray(output.partitionColumns) && output.partitionColumns.length > 0)
  ) {
    issues.push({
      path: ["outputSettings", "partitionColumns"],
      message:
        'required when outputSettings.url ends with "/" (Parquet directory output) — list at least one column to partition by, or write to a file URL without the trailing "/"',
    });
  }
  if (
    output.type === "jdbc" &&
    typeof output.statementType === "string" &&
    UPSERT_STATEMENTS.has(output.statementType) &&
    !(Array.isArray(output.whereColumns) && output.whereColumns.length > 0)
  ) {
    issues.push({
      severity: "warning",
      path: ["outputSettings", "whereColumns"],
      message: `not set for statementType "${output.statementType}" — DataRobot uses it in the WHERE clause of updates; list the key columns that identify the rows to update`,
    });
  }
  return issues;
}

/**
 * A historical time-series range has both ends, in order. ("training" takes no range in any source: a range there is
 * a warning of its own, limits.ts.)
 */
function timeseriesIssues({ input, isSet, isSetOrUnknown }: RuleInput): PathIssue[] {
  const ts = isNonArrayObject(input.timeseriesSettings) ? input.timeseriesSettings : undefined;
  if (!ts || ts.type !== "historical") return [];
  const start = ts.predictionsStartDate;
  const end = ts.predictionsEndDate;
  if (isSet(start) && !isSetOrUnknown(end, ["timeseriesSettings", "predictionsEndDate"])) {
    return [
      {
        path: ["timeseriesSettings", "predictionsEndDate"],
        message: "required when predictionsStartDate is set — give the end of the prediction range too",
      },
    ];
  }
  if (typeof start === "string" && typeof end === "string" && Date.parse(start) > Date.parse(end)) {
    return [
      {
        path: ["timeseriesSettings", "predictionsStartDate"],
        message: `must not be after predictionsEndDate (${end}) — swap the two dates`,
      },
    ];
  }
  return [];
}

/** A monitoring job names the column of predictions or of actuals. */
function monitoringIssues({ input, isSet }: RuleInput): PathIssue[] {
  if (input.batchJobType !== "monitoring" || !isNonArrayObject(input.monitoringColumns)) return [];
  const columns = input.monitoringColumns;
  if (isSet(columns.predictionsColumns) || isSet(columns.actualsValueColumn)) return [];
  return [
    {
      severity: "warning",
      path: ["monitoringColumns", "predictionsColumns"],
      message:
        "not set, and neither is actualsValueColumn — DataRobot's monitoring docs ask for one of them; name the column holding predictions or actuals",
    },
  ];
}

/** Each input column is remapped once. */
function remappingIssues(input: Fields): PathIssue[] {
  if (!Array.isArray(input.columnNamesRemapping)) return [];
  const issues: PathIssue[] = [];
  const seen = new Set<unknown>();
  input.columnNamesRemapping.forEach((entry, i) => {
    if (!isNonArrayObject(entry) || typeof entry.inputName !== "string") return;
    if (seen.has(entry.inputName)) {
      issues.push({
        path: ["columnNamesRemapping", i, "inputName"],
        message: `"${entry.inputName}" is remapped twice — keep one entry per input column`,
      });
    }
    seen.add(entry.inputName);
  });
  return issues;
}
