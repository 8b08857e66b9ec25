/** Examples of the API's bodies (docs/datarobot-api.md), shared by tests. */

/** §5 "Example shape", verbatim. */
export const SPEC_DEFINITION_RESPONSE = {
  id: "66aa00000000000000000001",
  name: "nightly-scoring",
  enabled: true,
  schedule: { minute: [0], hour: [1], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
  batchPredictionJob: {
    deploymentId: "66aa0000000000000000d001",
    numConcurrent: 1,
    chunkSize: "auto",
    abortOnError: true,
    disableRowLevelErrorHandling: false,
    includeProbabilities: true,
    includeProbabilitiesClasses: [],
    includePredictionStatus: false,
    skipDriftTracking: false,
    maxExplanations: 0,
    csvSettings: { delimiter: ",", quotechar: '"', encoding: "utf-8" },
    intakeSettings: { type: "s3", url: "s3://b/in.csv", credentialId: "66aa0000000000000000c001" },
    outputSettings: { type: "s3", url: "s3://b/out.csv", credentialId: "66aa0000000000000000c001" },
    columnNamesRemapping: null,
    passthroughColumnsSet: "all",
    predictionWarningEnabled: null,
  },
  created: "2025-01-01T00:00:00.000000Z",
  updated: "2025-01-01T00:00:00.000000Z",
  createdBy: { username: "u@example.com", userId: "66aa0000000000000000u001", fullName: null },
  updatedBy: { username: "u@example.com", userId: "66aa0000000000000000u001", fullName: null },
  lastStartedJobStatus: null,
  lastStartedJobTime: null,
  lastSuccessfulRunTime: "1900-01-01T00:00:00.000000Z",
  lastFailedRunTime: "1900-01-01T00:00:00.000000Z",
  lastScheduledRunTime: null,
  nextScheduledRunTime: "2025-01-02T01:00:00.000000Z",
};

/** The create body that the docs/datarobot-api.md §5 example echoes (docs/datarobot-api.md §4: flat). */
export const SPEC_CREATE_BODY = {
  name: "nightly-scoring",
  enabled: true,
  schedule: { minute: [0], hour: [1], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
  deploymentId: "66aa0000000000000000d001",
  numConcurrent: 1,
  intakeSettings: { type: "s3", url: "s3://b/in.csv", credentialId: "66aa0000000000000000c001" },
  outputSettings: { type: "s3", url: "s3://b/out.csv", credentialId: "66aa0000000000000000c001" },
  passthroughColumnsSet: "all",
};

const ID = "66aa0000000000000000e001";

/** One valid intake per type of docs/datarobot-api.md §4.3, with its required fields (and some optional ones). */
export const SPEC_INTAKES: Record<string, Record<string, unknown>> = {
  localFile: { type: "localFile" },
  s3: { type: "s3", url: "s3://bucket/key", credentialId: ID, endpointUrl: "https://minio.local", format: "csv" },
  azure: { type: "azure", url: "https://a.blob.core.windows.net/c/in.csv", credentialId: ID, format: "parquet" },
  gcp: { type: "gcp", url: "gs://bucket/in.csv", credentialId: ID },
  http: { type: "http", url: "https://example.com/in.csv" },
  dataset: { type: "dataset", datasetId: ID, datasetVersionId: ID },
  dss: { type: "dss", datasetId: ID, projectId: ID, partition: "holdout" },
  jdbc: { type: "jdbc", dataStoreId: ID, credentialId: ID, table: "scoring", schema: "public", fetchSize: 1000 },
  jdbcQuery: {
    type: "jdbc",
    dataStoreId: ID,
    query: "SELECT * FROM t WHERE updated > '{{ last_completed_run_time }}'",
  },
  snowflake: { type: "snowflake", dataStoreId: ID, externalStage: "stage", table: "t", cloudStorageType: "s3" },
  synapse: { type: "synapse", dataStoreId: ID, externalDataSource: "eds", query: "SELECT 1" },
  bigquery: { type: "bigquery", dataset: "ds", table: "t", bucket: "b", credentialId: ID },
  dataStage: { type: "dataStage", dataStageId: ID },
  fileSystem: { type: "fileSystem", path: "/data/in.csv" },
  datasphere: { type: "datasphere", dataStoreId: ID, credentialId: ID, schema: "s", table: "t" },
};

/** One valid output per type of docs/datarobot-api.md §4.4. */
export const SPEC_OUTPUTS: Record<string, Record<string, unknown>> = {
  localFile: { type: "localFile" },
  s3: {
    type: "s3",
    url: "s3://bucket/out/",
    format: "parquet",
    partitionColumns: ["region"],
    serverSideEncryption: { algorithm: "aws:kms", kmsKeyId: "key-1" },
  },
  azure: { type: "azure", url: "https://a.blob.core.windows.net/c/out.csv", credentialId: ID },
  gcp: { type: "gcp", url: "gs://bucket/out.csv" },
  http: { type: "http", url: "https://example.com/upload", method: "PUT", headers: { "X-Source": "datarobot" } },
  jdbc: {
    type: "jdbc",
    dataStoreId: ID,
    table: "scores_{{ current_run_timestamp }}",
    statementType: "insert_update",
    updateColumns: ["score"],
    whereColumns: ["id"],
    createTableIfNotExists: true,
    commitInterval: 0,
  },
  snowflake: { type: "snowflake", dataStoreId: ID, externalStage: "st", statementType: "insert", table: "t" },
  synapse: { type: "synapse", dataStoreId: ID, externalDataSource: "eds", statementType: "create_table", table: "t" },
  bigquery: { type: "bigquery", dataset: "ds", table: "t", bucket: "b" },
  tableau: {
    type: "tableau",
    url: "https://tableau.example.com",
    dataSourceId: "ds-1",
    overwrite: false,
    siteName: "s",
  },
  fileSystem: { type: "fileSystem", path: "/data/out.csv" },
  datasphere: { type: "datasphere", dataStoreId: ID },
  // DataRobot's output-options page: "Databricks write", "Trino write".
  databricks: {
    type: "databricks",
    dataStoreId: ID,
    catalog: "main",
    schema: "scoring",
    table: "t",
    statementType: "insert",
  },
  trino: { type: "trino", dataStoreId: ID, credentialId: ID, catalog: "hive", schema: "s", table: "t" },
};

/** A job object as described in docs/datarobot-api.md §8.3. */
export const SPEC_JOB_RESPONSE = {
  id: "66aa00000000000000000j01",
  status: "RUNNING",
  statusDetails: "Job submitted at 2025-01-01 00:00:00",
  percentageCompleted: 42.5,
  elapsedTimeSec: 3,
  created: "2025-01-01T00:00:00.000000Z",
  createdBy: { username: "u@example.com", userId: "66aa0000000000000000u001", fullName: null },
  jobSpec: { ...SPEC_DEFINITION_RESPONSE.batchPredictionJob, numConcurrent: 4 },
  links: { self: "http://127.0.0.1:1/api/v2/batchPredictions/66aa00000000000000000j01/", download: null },
  logs: ["Job created by u@example.com"],
  queued: false,
  queuePosition: null,
  scoredRows: 100,
  failedRows: 0,
  skippedRows: 0,
  jobIntakeSize: 2048,
  jobOutputSize: null,
  source: "manual",
  batchPredictionJobDefinition: { id: "66aa00000000000000000001", name: "nightly-scoring", createdBy: "u@example.com" },
};
