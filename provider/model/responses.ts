/**
 * Schemas of what the API sends back (docs/datarobot-api.md §3.2, §5, §8.3). They are deliberately lenient: every
 * key the API calls optional or nullable may be missing or null, ids may read "[redacted]", and unknown keys pass
 * through (a newer server adds fields; clients must not break). They still reject a body that is not a definition at
 * all.
 */
import { z } from "zod";

const nullableString = z.string().nullish();
const nullableNumber = z.number().nullish();
const nullableBoolean = z.boolean().nullish();

const ApiUserSchema = z
  .object({ username: nullableString, userId: nullableString, fullName: nullableString })
  .passthrough();

/**
 * A number or a string, as `z.union([z.number(), z.string()])` accepts, with the same "Invalid input" otherwise. Not
 * the union itself: each "*" of a valid schedule would first fail `z.number()`, and zod builds that discarded issue
 * (message and all) on every response parse.
 */
const ApiScheduleValueSchema = z.custom<number | string>(
  (value) => (typeof value === "number" && !Number.isNaN(value)) || typeof value === "string",
  { message: "Invalid input" },
);
const ApiScheduleListSchema = z.array(ApiScheduleValueSchema);
export const ApiScheduleSchema = z
  .object({
    minute: ApiScheduleListSchema,
    hour: ApiScheduleListSchema,
    dayOfMonth: ApiScheduleListSchema,
    month: ApiScheduleListSchema,
    dayOfWeek: ApiScheduleListSchema,
  })
  .passthrough();

/** Any adapter: only `type` is certain; the rest depends on the type and on the caller's permissions. */
const ApiAdapterSchema = z.object({ type: z.string() }).passthrough();

/** `batchPredictionJob` of a definition, and `jobSpec` of a job. */
export const ApiJobSpecSchema = z
  .object({
    deploymentId: nullableString,
    modelId: nullableString,
    modelPackageId: nullableString,
    numConcurrent: nullableNumber,
    chunkSize: z.union([z.string(), z.number()]).nullish(),
    abortOnError: nullableBoolean,
    disableRowLevelErrorHandling: nullableBoolean,
    includeProbabilities: nullableBoolean,
    includeProbabilitiesClasses: z.array(z.string()).nullish(),
    includePredictionStatus: nullableBoolean,
    skipDriftTracking: nullableBoolean,
    maxExplanations: nullableNumber,
    predictionWarningEnabled: nullableBoolean,
    intakeSettings: ApiAdapterSchema.nullish(),
    outputSettings: ApiAdapterSchema.nullish(),
    csvSettings: z.object({}).passthrough().nullish(),
    timeseriesSettings: z.object({}).passthrough().nullish(),
    predictionInstance: z.object({}).passthrough().nullish(),
    columnNamesRemapping: z
      .union([
        // "outputName: leave as null to remove" (DataRobot's OpenAPI): it may be null or missing.
        z.array(z.object({ inputName: z.string(), outputName: z.string().nullish() }).passthrough()),
        z.record(z.string().nullable()),
      ])
      .nullish(),
    redactedFields: z.array(z.string()).nullish(),
  })
  .passthrough();

export const JobDefinitionResponseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    schedule: ApiScheduleSchema.nullish(),
    batchPredictionJob: ApiJobSpecSchema,
    created: nullableString,
    updated: nullableString,
    createdBy: ApiUserSchema.nullish(),
    updatedBy: ApiUserSchema.nullish(),
    lastStartedJobStatus: nullableString,
    lastStartedJobTime: nullableString,
    lastSuccessfulRunTime: nullableString,
    lastFailedRunTime: nullableString,
    lastScheduledRunTime: nullableString,
    nextScheduledRunTime: nullableString,
  })
  .passthrough();
export type JobDefinitionResponse = z.infer<typeof JobDefinitionResponseSchema>;

export const JobListEnvelopeSchema = z
  .object({
    count: nullableNumber,
    totalCount: nullableNumber,
    next: nullableString,
    previous: nullableString,
    data: z.array(JobDefinitionResponseSchema),
  })
  .passthrough();
export type JobListEnvelope = z.infer<typeof JobListEnvelopeSchema>;

export const BatchJobResponseSchema = z
  .object({
    id: z.string(),
    // Kept as a string: an unexpected status must reach the caller, not fail parsing.
    status: z.string(),
    statusDetails: nullableString,
    percentageCompleted: nullableNumber,
    elapsedTimeSec: nullableNumber,
    created: nullableString,
    createdBy: ApiUserSchema.nullish(),
    jobSpec: ApiJobSpecSchema.nullish(),
    links: z
      .object({ self: nullableString, csvUpload: nullableString, download: nullableString })
      .passthrough()
      .nullish(),
    logs: z.array(z.string()).nullish(),
    queued: nullableBoolean,
    queuePosition: nullableNumber,
    scoredRows: nullableNumber,
    failedRows: nullableNumber,
    skippedRows: nullableNumber,
    jobIntakeSize: nullableNumber,
    jobOutputSize: nullableNumber,
    hidden: z.union([z.boolean(), z.string()]).nullish(),
    intakeDatasetDisplayName: nullableString,
    resultsDeleted: nullableBoolean,
    source: nullableString,
    batchPredictionJobDefinition: z
      .object({ id: z.string(), name: nullableString, createdBy: z.unknown().optional() })
      .passthrough()
      .nullish(),
    monitoringBatchId: nullableString,
  })
  .passthrough();
export type BatchJobResponse = z.infer<typeof BatchJobResponseSchema>;
