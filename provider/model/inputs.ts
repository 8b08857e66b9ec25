/**
 * The create/update body of a job definition as the user writes it (docs/datarobot-api.md §4.1): the flat API body in
 * camelCase. `JobDefinitionFieldsSchema` is the structure; `JobDefinitionInputSchema` adds the cross-field rules.
 */
import { z } from "zod";
import {
  IntakeSettingsSchema,
  KNOWN_CLOUD_STORAGE_TYPES,
  KNOWN_FORMATS,
  KNOWN_HTTP_METHODS,
  OutputSettingsSchema,
} from "./adapters";
import { closestName } from "./names";
import { isPlainObject, Path } from "./paths";
import { nonEmptyString, objectId } from "./primitives";
import { ScheduleSchema } from "./schedule";
import {
  ColumnNamesRemappingSchema,
  CsvSettingsSchema,
  MonitoringAggregationSchema,
  MonitoringColumnsSchema,
  MonitoringOutputSettingsSchema,
  PredictionInstanceSchema,
  TimeseriesSettingsSchema,
} from "./settings";

export const CHUNK_SIZE_STRATEGIES = ["auto", "fixed", "dynamic"] as const;

export const JobDefinitionFieldsSchema = z
  .object({
    name: nonEmptyString().optional(),
    enabled: z.boolean().optional(),
    schedule: ScheduleSchema.optional(),
    deploymentId: objectId().optional(),
    modelId: objectId().optional(),
    modelPackageId: objectId().optional(),
    pinnedModelId: objectId().optional(),
    intakeSettings: IntakeSettingsSchema,
    outputSettings: OutputSettingsSchema.optional(),
    numConcurrent: z.number().int().min(1).optional(),
    // A strategy name or a number of bytes. No source bounds the number: DataRobot's own Terraform example uses 10.
    chunkSize: z.union([z.enum(CHUNK_SIZE_STRATEGIES), z.number().int().min(1)]).optional(),
    abortOnError: z.boolean().optional(),
    disableRowLevelErrorHandling: z.boolean().optional(),
    includeProbabilities: z.boolean().optional(),
    includeProbabilitiesClasses: z.array(nonEmptyString()).optional(),
    includePredictionStatus: z.boolean().optional(),
    passthroughColumns: z.array(nonEmptyString()).optional(),
    passthroughColumnsSet: z.literal("all").optional(),
    maxExplanations: z.number().int().min(0).max(100).optional(),
    maxNgramExplanations: z.union([z.number().int().min(0), z.literal("all")]).optional(),
    explanationAlgorithm: z.enum(["shap", "xemp"]).optional(),
    explanationNumTopClasses: z.number().int().min(1).max(10).optional(),
    explanationClassNames: z.array(nonEmptyString()).min(1).optional(),
    thresholdHigh: z.number().optional(),
    thresholdLow: z.number().optional(),
    predictionThreshold: z.number().min(0).max(1).optional(),
    predictionWarningEnabled: z.boolean().nullable().optional(),
    skipDriftTracking: z.boolean().optional(),
    columnNamesRemapping: ColumnNamesRemappingSchema.optional(),
    csvSettings: CsvSettingsSchema.optional(),
    timeseriesSettings: TimeseriesSettingsSchema.optional(),
    predictionInstance: PredictionInstanceSchema.optional(),
    monitoringBatchPrefix: nonEmptyString().optional(),
    secondaryDatasetsConfigId: objectId().optional(),
    batchJobType: nonEmptyString().optional(),
    monitoringAggregation: MonitoringAggregationSchema.optional(),
    monitoringColumns: MonitoringColumnsSchema.optional(),
    monitoringOutputSettings: MonitoringOutputSettingsSchema.optional(),
  })
  .strict();

/** Every top-level field name, in schema order. */
export const JOB_DEFINITION_FIELDS = Object.keys(JobDefinitionFieldsSchema.shape) as (keyof z.infer<
  typeof JobDefinitionFieldsSchema
>)[];

export interface RuleIssue {
  path: Path;
  message: string;
  /**
   * "error" (the default): a source says DataRobot rejects it, or it can never work. "warning": a likely mistake that
   * no source says DataRobot rejects; shown in previews and reviews, never blocking (docs/validation-rules.md).
   */
  severity?: "error" | "warning";
}

const TABLE_OR_QUERY_INTAKES = new Set(["jdbc", "snowflake", "synapse"]);
const DIRECTORY_OUTPUTS = new Set(["s3", "azure", "gcp"]);
const UPSERT_STATEMENTS = new Set(["update", "insert_update", "insertUpdate"]);

export interface CrossFieldOptions {
  /** True for paths whose value is unknown (a preview); they count as set. */
  isUnknown?: (path: Path) => boolean;
}

/**
 * Rules that relate several fields (docs/datarobot-api.md §4.7 and the adapter notes in §4.3-§4.5).
 *
 * Written defensively over `unknown` so it can run on any input, valid or not: zod skips an object's refinements
 * as soon as one of its fields fails, and `validateInputs` wants to report every problem at once, so it calls this
 * function directly as well (duplicates are removed there).
 */
export function crossFieldIssues(input: unknown, options: CrossFieldOptions = {}): RuleIssue[] {
  if (!isPlainObject(input)) return [];
  const issues: RuleIssue[] = [];
  // "Set" includes "unknown during preview": a rule such as "table is required unless query is set" must not fire
  // when query is not known yet.
  const isSet = (value: unknown) => value !== undefined && value !== null;
  const isSetOrUnknown = (value: unknown, path: Path) => isSet(value) || !!options.isUnknown?.(path);
  const intake = isPlainObject(input.intakeSettings) ? input.intakeSettings : undefined;
  const output = isPlainObject(input.outputSettings) ? input.outputSettings : undefined;

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
  if (input.enabled === true && intake?.type === "localFile") {
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

  if (intake && typeof intake.type === "string" && TABLE_OR_QUERY_INTAKES.has(intake.type)) {
    if (
      !isSetOrUnknown(intake.table, ["intakeSettings", "table"]) &&
      !isSetOrUnknown(intake.query, ["intakeSettings", "query"])
    ) {
      issues.push({
        path: ["intakeSettings", "table"],
        message: `required for intake type "${intake.type}" unless query is set — name the table to read (with schema/catalog as needed) or set query to a SELECT statement`,
      });
    } else if (isSet(intake.table) && isSet(intake.query)) {
      issues.push({
        severity: "warning",
        path: ["intakeSettings", "query"],
        message: `set together with table — DataRobot's SDK says to give one of them for intake type "${intake.type}"; remove one of the two`,
      });
    }
  }

  if (output && typeof output.type === "string") {
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
  }

  const ts = isPlainObject(input.timeseriesSettings) ? input.timeseriesSettings : undefined;
  if (ts && (ts.type === "historical" || ts.type === "training")) {
    const start = ts.predictionsStartDate;
    const end = ts.predictionsEndDate;
    if (isSet(start) && !isSetOrUnknown(end, ["timeseriesSettings", "predictionsEndDate"])) {
      issues.push({
        path: ["timeseriesSettings", "predictionsEndDate"],
        message: "required when predictionsStartDate is set — give the end of the prediction range too",
      });
    } else if (typeof start === "string" && typeof end === "string" && Date.parse(start) > Date.parse(end)) {
      issues.push({
        path: ["timeseriesSettings", "predictionsStartDate"],
        message: `must not be after predictionsEndDate (${end}) — swap the two dates`,
      });
    }
  }

  issues.push(...knownValueWarnings(intake, output));
  if (input.batchJobType === "monitoring" && isPlainObject(input.monitoringColumns)) {
    const columns = input.monitoringColumns;
    if (!isSet(columns.predictionsColumns) && !isSet(columns.actualsValueColumn)) {
      issues.push({
        severity: "warning",
        path: ["monitoringColumns", "predictionsColumns"],
        message:
          "not set, and neither is actualsValueColumn — DataRobot's monitoring docs ask for one of them; name the column holding predictions or actuals",
      });
    }
  }

  if (Array.isArray(input.columnNamesRemapping)) {
    const seen = new Set<unknown>();
    input.columnNamesRemapping.forEach((entry, i) => {
      if (!isPlainObject(entry) || typeof entry.inputName !== "string") return;
      if (seen.has(entry.inputName)) {
        issues.push({
          path: ["columnNamesRemapping", i, "inputName"],
          message: `"${entry.inputName}" is remapped twice — keep one entry per input column`,
        });
      }
      seen.add(entry.inputName);
    });
  }
  return issues;
}

/** Values DataRobot documents for free-text fields; anything else is sent as written, near-misses get a warning. */
const KNOWN_VALUES: Record<string, readonly string[]> = {
  format: KNOWN_FORMATS,
  cloudStorageType: KNOWN_CLOUD_STORAGE_TYPES,
  method: KNOWN_HTTP_METHODS,
};

function knownValueWarnings(
  intake: Record<string, unknown> | undefined,
  output: Record<string, unknown> | undefined,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const [section, adapter] of [
    ["intakeSettings", intake],
    ["outputSettings", output],
  ] as const) {
    if (!adapter) continue;
    for (const [field, known] of Object.entries(KNOWN_VALUES)) {
      const value = adapter[field];
      if (typeof value !== "string" || value === "" || known.includes(value)) continue;
      const close = closestName(value, known);
      issues.push({
        severity: "warning",
        path: [section, field],
        message:
          `${JSON.stringify(value)} is not a value DataRobot documents (${known.map((k) => JSON.stringify(k)).join(", ")}); it is sent as written — ` +
          (close ? `did you mean ${JSON.stringify(close)}?` : "check that your DataRobot supports it"),
      });
    }
  }
  return issues;
}

export const JobDefinitionInputSchema = JobDefinitionFieldsSchema.superRefine((value, ctx) => {
  for (const issue of crossFieldIssues(value).filter((i) => i.severity !== "warning")) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...issue.path], message: issue.message });
  }
});

/** What a user writes (the SDK's resource arguments derive from this). */
export type JobDefinitionInputs = z.input<typeof JobDefinitionInputSchema>;
/** A validated input (same shape: the input schema has no transforms). */
export type JobDefinitionFields = z.infer<typeof JobDefinitionInputSchema>;
