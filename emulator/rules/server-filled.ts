/**
 * serverFilledFields "documented": the job-spec fields DataRobot's documentation shows in responses although the
 * client never sent them. A response then carries each of them the stored spec lacks. Sources: the definition and
 * job examples of docs.datarobot.com ("Batch predictions" public API reference, "Prediction output options") and the
 * Python SDK's job-spec fields; see docs/datarobot-api.md §5.
 */
import { isPlainObject } from "../http/router";

/** Top-level job-spec fields and the value the server echoes when the client did not set them. */
export const DOCUMENTED_TOP_LEVEL: Readonly<Record<string, unknown>> = Object.freeze({
  maxNgramExplanations: 0,
  batchJobType: "prediction",
  monitoringBatchPrefix: null,
  secondaryDatasetsConfigId: null,
  passthroughColumns: null,
  passthroughColumnsSet: null,
  thresholdHigh: null,
  thresholdLow: null,
});

/** Cloud storage adapters, intake and output, that echo a default `format`. */
const CLOUD_ADAPTERS = new Set(["s3", "azure", "gcp"]);

/** Adds the documented server-filled fields to a rendered job spec (in place), keeping every value already there. */
export function addServerFilledFields(view: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(DOCUMENTED_TOP_LEVEL)) {
    if (!(key in view)) view[key] = value;
  }
  for (const adapter of ["intakeSettings", "outputSettings"]) {
    const settings = view[adapter];
    if (isPlainObject(settings) && CLOUD_ADAPTERS.has(String(settings.type)) && settings.format === undefined)
      settings.format = "csv";
  }
}
