/** Nested helper objects of a job definition (spec §4.5) and `columnNamesRemapping` (spec §4.1). */
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
    quotechar: z
      .string()
      .refine((q) => [...q].length === 1, { message: "must be a single character — e.g. '\"' or \"'\"" })
      .optional(),
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
    // "If type is omitted it means forecast" (spec §4.5), so the discriminator is optional for this member only.
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

/** `{inputName: outputName}`; a null outputName drops the column. */
export const RemappingEntrySchema = z
  .object({ inputName: nonEmptyString(), outputName: nonEmptyString().nullable() })
  .strict();
export const ColumnNamesRemappingSchema = z.union([
  z.record(nonEmptyString().nullable()),
  z.array(RemappingEntrySchema),
]);
export type RemappingEntry = z.infer<typeof RemappingEntrySchema>;
