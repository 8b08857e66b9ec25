/**
 * Compile-time checks of the resource's typed arguments (type-checked by `npm run typecheck`, never run): what
 * DataRobot documents compiles without a cast, and an unmodelled field has a typed way in.
 */
import { BatchPredictionJobDefinition, type BatchPredictionJobDefinitionArgs } from "../../../sdk";

const deploymentId = "66aa0000000000000000d001";

export const openArgs: BatchPredictionJobDefinitionArgs[] = [
  // intakeSettings may be left out (local-file intake, DataRobot's documented default).
  { deploymentId },
  // An adapter type this package does not know (DataRobot's intake-options page: "Wrangler Recipe (preview)").
  { deploymentId, intakeSettings: { type: "wranglerRecipe", recipeId: "r-1" } },
  // DataRobot's output-options page: "Databricks write", "Trino write".
  { deploymentId, outputSettings: { type: "databricks", dataStoreId: deploymentId, table: "t" } },
  { deploymentId, outputSettings: { type: "trino", table: "t" }, chunkSize: 500_000 },
  // dss intake without datasetId; an empty explanationClassNames; blank passthrough column names (the SDK allows all).
  { deploymentId, intakeSettings: { type: "dss", projectId: deploymentId }, explanationClassNames: [] },
  { deploymentId, passthroughColumns: ["id", ""] },
  // A field this package does not model yet, by its API name.
  { deploymentId, unmodelledFields: { explanationsMode: "pii-safe" } },
];

export function declare(): BatchPredictionJobDefinition {
  return new BatchPredictionJobDefinition("typed", {
    deploymentId,
    // @ts-expect-error a modelled field outside unmodelledFields still gets its type checked
    numConcurrent: "4",
  });
}
