/**
 * "How to fix it" hints, per field. Keys are paths without array indexes; `field@type` entries apply only to that
 * adapter type and win over the plain entry. Used by the error map to finish every message with an actionable hint.
 */
const ID = (what: string) => `set it to the id of ${what} (24 hex characters, e.g. "66aa0000000000000000c001")`;

const ADAPTER_HINTS: Record<string, string> = {
  credentialId: ID("a stored DataRobot credential"),
  cloudStorageCredentialId: ID("the stored credential of the cloud storage behind the stage"),
  dataStoreId: ID("the data connection (data store)"),
  datasetId: ID("the AI Catalog dataset"),
  datasetVersionId: ID("the AI Catalog dataset version"),
  projectId: ID("the DataRobot project"),
  endpointUrl: 'set it to the S3-compatible endpoint, e.g. "https://minio.example.com"',
  format: 'use "csv" or "parquet"',
  externalStage: "set it to the name of the Snowflake external stage",
  externalDataSource: "set it to the name of the Synapse external data source",
  dataset: "set it to the BigQuery dataset name",
  bucket: "set it to the GCS bucket used for the BigQuery transfer",
  table: "set it to the table name",
  schema: "set it to the schema name",
  catalog: "set it to the catalog name",
  query: 'set it to a SELECT statement, e.g. "SELECT * FROM scoring_input"',
  dataStageId: ID("the data stage"),
  path: 'set it to the file system path, e.g. "/data/input.csv"',
  statementType: 'use "insert", "update", "insert_update" or "create_table"',
  method: 'use "POST" or "PUT"',
  dataSourceId: "set it to the Tableau data source id",
  overwrite: "set it to true to replace the data source, or false to append",
  partitionColumns: 'list column names, e.g. ["region"]',
  fetchSize: "use an integer from 1 to 1000000 (ignored by API v2.21 and later; you can remove it)",
  commitInterval: "use a number of seconds from 0 to 86400 (0 commits once at the end)",
  type: "", // the discriminator has its own message
};

export const FIELD_HINTS: Record<string, string> = {
  name: 'set it to a name unique in your organization, e.g. "nightly-scoring"',
  enabled: "use true to run on the schedule, false to keep the definition idle",
  deploymentId: ID("the deployment that scores the data"),
  modelId: ID("the leaderboard model"),
  modelPackageId: ID("the registered model package"),
  pinnedModelId: ID("the model to score with"),
  secondaryDatasetsConfigId: ID("the secondary datasets configuration"),
  numConcurrent: "use an integer of 1 or more (the number of simultaneous requests to the prediction server)",
  chunkSize: 'use "auto", "fixed", "dynamic" or a positive number of bytes',
  maxExplanations: "use an integer from 0 to 100 (0 disables prediction explanations)",
  maxNgramExplanations: 'use an integer of 0 or more, or "all"',
  explanationAlgorithm: 'use "shap" or "xemp"',
  explanationNumTopClasses: "use an integer from 1 to 10",
  explanationClassNames: 'list class names, e.g. ["yes", "no"]',
  predictionThreshold: "use a number from 0 to 1, e.g. 0.5",
  abortOnError: "use true to stop the job when too many rows fail, false to keep going",
  disableRowLevelErrorHandling: "use true or false",
  includeProbabilities: "use true or false",
  includePredictionStatus: "use true to add a prediction_status column, false otherwise",
  skipDriftTracking: "use true or false",
  predictionWarningEnabled: "use true or false (regression deployments only), or remove the field",
  batchJobType: 'use "prediction" or "monitoring"',
  monitoringBatchPrefix: 'set it to the prefix of monitoring batch names, e.g. "nightly"',
  thresholdHigh: "use a number",
  thresholdLow: "use a number",
  passthroughColumnsSet: 'use "all" (or list columns in passthroughColumns instead)',
  passthroughColumns: 'list column names, e.g. ["customer_id"]',
  includeProbabilitiesClasses: 'list class names, e.g. ["yes"]',
  columnNamesRemapping:
    'use a map such as {"old": "new"} or a list such as [{"inputName": "old", "outputName": "new"}]',
  "columnNamesRemapping.inputName": "set it to the column name in the input",
  "columnNamesRemapping.outputName": "set it to the new column name, or null to drop the column",
  intakeSettings: 'set it to an intake adapter, e.g. {type: "s3", url: "s3://bucket/input.csv"}',
  outputSettings: 'set it to an output adapter, e.g. {type: "s3", url: "s3://bucket/output.csv"}',
  schedule:
    'use {minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"]} — all five keys are required, ["*"] means every',
  "schedule.minute": 'all five schedule keys are required — use ["*"] for every minute or a list such as [0, 30]',
  "schedule.hour": 'all five schedule keys are required — use ["*"] for every hour or a list such as [2]',
  "schedule.dayOfMonth": 'all five schedule keys are required — use ["*"] for every day or a list such as [1, 15]',
  "schedule.month": 'all five schedule keys are required — use ["*"] for every month or a list such as ["jan", 7]',
  "schedule.dayOfWeek": 'all five schedule keys are required — use ["*"] for every weekday or a list such as ["mon"]',
  "csvSettings.delimiter": 'use a single character or "tab"',
  "csvSettings.quotechar": "use a single character",
  "csvSettings.encoding": 'use an encoding name such as "utf-8" or "latin_1"',
  "predictionInstance.hostName": 'set it to the prediction server host, e.g. "prediction.example.com"',
  "predictionInstance.sslEnabled": "use true for https, false for http",
  "predictionInstance.datarobotKey": "set it to the DataRobot key of the prediction server (Managed AI Cloud)",
  "predictionInstance.apiKey": "set it to the API key of the user the job runs as",
  "timeseriesSettings.forecastPointPolicy": 'set it to {type: "...", configuration: {...}}',
  "outputSettings.headers": 'use a map of header names to string values, e.g. {"X-Token": "..."}',
  "intakeSettings.url@s3": 'set it to the S3 URL to score, e.g. "s3://bucket/input.csv"',
  "intakeSettings.url@azure":
    'set it to the Azure Blob Storage URL to score, e.g. "https://account.blob.core.windows.net/container/input.csv"',
  "intakeSettings.url@gcp": 'set it to the Google Cloud Storage URL to score, e.g. "gs://bucket/input.csv"',
  "intakeSettings.url@http": 'set it to the URL to download the data from, e.g. "https://example.com/input.csv"',
  "outputSettings.url@s3": 'set it to the S3 URL to write, e.g. "s3://bucket/output.csv"',
  "outputSettings.url@azure":
    'set it to the Azure Blob Storage URL to write, e.g. "https://account.blob.core.windows.net/container/output.csv"',
  "outputSettings.url@gcp": 'set it to the Google Cloud Storage URL to write, e.g. "gs://bucket/output.csv"',
  "outputSettings.url@http": 'set it to the URL that receives the results, e.g. "https://example.com/upload"',
  "outputSettings.url@tableau": 'set it to the Tableau server URL, e.g. "https://tableau.example.com"',
};
for (const [field, hint] of Object.entries(ADAPTER_HINTS)) {
  FIELD_HINTS[`intakeSettings.${field}`] ??= hint;
  FIELD_HINTS[`outputSettings.${field}`] ??= hint;
}
for (const field of ["forecastPoint", "predictionsStartDate", "predictionsEndDate"]) {
  FIELD_HINTS[`timeseriesSettings.${field}`] = 'use an ISO-8601 date-time, e.g. "2025-01-31T00:00:00Z"';
}
FIELD_HINTS["outputSettings.serverSideEncryption"] = "set the encryption options as strings";

/** Generic remedies by expected type, for fields without a hint of their own. */
export const TYPE_HINTS: Record<string, string> = {
  boolean: "write true or false, without quotes",
  number: "write a number, without quotes",
  integer: "write a whole number",
  string: "write the value as a string",
  array: "write a list, e.g. [...]",
  object: "write an object, e.g. {...}",
};

/**
 * The hint for a path (indexes ignored), preferring the entry specific to the adapter `type`. Entries of maps
 * (`outputSettings.headers.X-Token`, `columnNamesRemapping.oldName`) use the hint of the map itself.
 */
export function hintFor(path: readonly (string | number)[], adapterType: string | undefined): string | undefined {
  const names = path.filter((segment) => typeof segment === "string") as string[];
  for (const key of [names.join("."), names.slice(0, -1).join(".")]) {
    if (!key) continue;
    if (adapterType !== undefined && FIELD_HINTS[`${key}@${adapterType}`]) return FIELD_HINTS[`${key}@${adapterType}`];
    if (FIELD_HINTS[key]) return FIELD_HINTS[key];
  }
  return undefined;
}
