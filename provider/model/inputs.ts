/**
 * The create/update body of a job definition as the user writes it (docs/datarobot-api.md §4.1): the flat API body in
 * camelCase. `JobDefinitionFieldsSchema` is the structure (each field's type, range and allowed values);
 * `JobDefinitionInputSchema` adds the errors of the cross-field rules (cross-field.ts).
 */
import { z } from "zod";
import { OpenIntakeSettingsSchema, OpenOutputSettingsSchema } from "./adapters";
import { crossFieldIssues } from "./cross-field";
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

export { CHUNK_SIZE_STRATEGIES } from "./limits";

export const JobDefinitionFieldsSchema = z
  .object({
    name: nonEmptyString().optional(),
    enabled: z.boolean().optional(),
    schedule: ScheduleSchema.optional(),
    deploymentId: objectId().optional(),
    modelId: objectId().optional(),
    modelPackageId: objectId().optional(),
    pinnedModelId: objectId().optional(),
    // Optional: "For both, the defaults are local file intake and output" (DataRobot's batch prediction API guide);
    // DataRobot's Python SDK fills {type: "localFile"} when none is given. The canonical form says so (canonical.ts).
    intakeSettings: OpenIntakeSettingsSchema.optional(),
    outputSettings: OpenOutputSettingsSchema.optional(),
    // Ranges no DataRobot source states are warnings, not part of these schemas (limits.ts).
    numConcurrent: z.number().int().optional(),
    // A strategy name or a number of bytes. No source bounds the number: DataRobot's own Terraform example uses 10. A
    // chunk of no bytes can hold no row.
    chunkSize: z.union([nonEmptyString(), z.number().int().min(1)]).optional(),
    abortOnError: z.boolean().optional(),
    disableRowLevelErrorHandling: z.boolean().optional(),
    includeProbabilities: z.boolean().optional(),
    includeProbabilitiesClasses: z.array(nonEmptyString()).optional(),
    includePredictionStatus: z.boolean().optional(),
    // DataRobot's Python SDK: `List(String(allow_blank=True))`.
    passthroughColumns: z.array(z.string()).optional(),
    passthroughColumnsSet: z.literal("all").optional(),
    maxExplanations: z.number().int().min(0).optional(),
    maxNgramExplanations: z.union([z.number().int().min(0), z.literal("all")]).optional(),
    explanationAlgorithm: z.enum(["shap", "xemp"]).optional(),
    explanationNumTopClasses: z.number().int().optional(),
    // DataRobot's Python SDK: `t.List(t.String)`, so an empty list is accepted (and means the same as none).
    explanationClassNames: z.array(nonEmptyString()).optional(),
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

/** The structure and the cross-field rules that block (their warnings are `validateInputs`'s to report). */
export const JobDefinitionInputSchema = JobDefinitionFieldsSchema.superRefine((value, ctx) => {
  for (const issue of crossFieldIssues(value).filter((i) => i.severity !== "warning")) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...issue.path], message: issue.message });
  }
});

/** What a user writes (the SDK's resource arguments derive from this). */
export type JobDefinitionInputs = z.input<typeof JobDefinitionInputSchema>;
/** A validated input (same shape: the input schema has no transforms). */
export type JobDefinitionFields = z.infer<typeof JobDefinitionInputSchema>;
