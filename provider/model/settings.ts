/**
 * Nested helper objects of a job definition (docs/datarobot-api.md §4.5) and `columnNamesRemapping`
 * (docs/datarobot-api.md §4.1).
 */
import { z } from "zod";
import { isoDateTime, nonEmptyString } from "./primitives";

/** One character, or the word "tab". */
export const CsvSettingsSchema = z
  .object({
    delimiter: z
      .string()
      .refine((d) => d === "tab" || [...d].length === 1, {
        message: 'must be a single character or the word "tab" — e.g. ",", ";" or "tab"',
      })
      .optional(),
    // DataRobot's Python SDK: `String()`, no length: one character is usual, a warning otherwise (limits.ts).
    quotechar: nonEmptyString().optional(),
    encoding: nonEmptyString().optional(),
  })
  .strict();

export const PredictionInstanceSchema = z
  .object({
    hostName: nonEmptyString(),
    sslEnabled: z.boolean().optional(),
    datarobotKey: nonEmptyString().optional(),
    apiKey: nonEmptyString().optional(),
  })
  .strict();

const relax = z.boolean().optional();
const forecastSettings = z
  .object({
    // "If type is omitted it means forecast" (docs/datarobot-api.md §4.5), so the discriminator is optional for this
    // member only.
    type: z.literal("forecast").optional(),
    forecastPoint: isoDateTime().optional(),
    relaxKnownInAdvanceFeaturesCheck: relax,
  })
  .strict();
const historicalSettings = z
  .object({
    type: z.literal("historical"),
    predictionsStartDate: isoDateTime().optional(),
    predictionsEndDate: isoDateTime().optional(),
    relaxKnownInAdvanceFeaturesCheck: relax,
  })
  .strict();
const forecastWithPolicySettings = z
  .object({
    type: z.literal("forecastWithPolicy"),
    forecastPointPolicy: z.object({ type: nonEmptyString(), configuration: z.record(z.unknown()).optional() }).strict(),
    relaxKnownInAdvanceFeaturesCheck: relax,
  })
  .strict();
// DataRobot's Python SDK 3.20 allows only the relax flag on "training" (no prediction date range), on its side: a
// range is typed here and gets a warning (limits.ts), as no source says the server rejects it.
const trainingSettings = z
  .object({
    type: z.literal("training"),
    predictionsStartDate: isoDateTime().optional(),
    predictionsEndDate: isoDateTime().optional(),
    relaxKnownInAdvanceFeaturesCheck: relax,
  })
  .strict();

export const TimeseriesSettingsSchema = z.discriminatedUnion("type", [
  forecastSettings,
  historicalSettings,
  forecastWithPolicySettings,
  trainingSettings,
]);
export const TIMESERIES_TYPES = ["forecast", "historical", "forecastWithPolicy", "training"];

/**
 * Monitoring job-spec fields (`batchJobType: "monitoring"`), with the shapes DataRobot's monitoring-jobs API reference
 * gives (docs/datarobot-api.md §4.8).
 */
const columnName = nonEmptyString();
export const MonitoringAggregationSchema = z
  .object({
    // DataRobot's Python SDK closes retentionPolicy to "samples"/"percentage" on its side; no source says the server
    // rejects another value: a warning (limits.ts).
    retentionPolicy: nonEmptyString().optional(),
    retentionValue: z.number().int().optional(),
  })
  .strict();
export const MonitoringColumnsSchema = z
  .object({
    predictionsColumns: z
      .union([columnName, z.array(z.object({ className: z.string(), columnName }).strict())])
      .optional(),
    associationIdColumn: columnName.optional(),
    actualsValueColumn: columnName.optional(),
    actualsTimestampColumn: columnName.optional(),
    actedUponColumn: columnName.optional(),
    customMetricId: nonEmptyString().optional(),
    customMetricTimestampColumn: columnName.optional(),
    customMetricTimestampFormat: nonEmptyString().optional(),
    customMetricValueColumn: columnName.optional(),
    monitoredStatusColumn: columnName.optional(),
    reportDrift: z.boolean().optional(),
    reportPredictions: z.boolean().optional(),
    uniqueRowIdentifierColumns: z.array(columnName).optional(),
  })
  .strict();
export const MonitoringOutputSettingsSchema = z
  .object({
    uniqueRowIdentifierColumns: z.array(columnName).optional(),
    monitoredStatusColumn: columnName.optional(),
  })
  .strict();

/** `{inputName: outputName}`; a null outputName drops the column. */
export const RemappingEntrySchema = z
  .object({ inputName: nonEmptyString(), outputName: nonEmptyString().nullable() })
  .strict();
export const ColumnNamesRemappingSchema = z.union([
  z.record(nonEmptyString().nullable()),
  z.array(RemappingEntrySchema),
]);
export type RemappingEntry = z.infer<typeof RemappingEntrySchema>;
