/**
 * Job definitions the end-to-end programs declare. Together they cover every intake adapter type and every output
 * adapter type of docs/datarobot-api.md §4.3 and §4.4, so "a second `up` reports no changes" is proven for each of
 * them.
 */
import { SEED } from "../../../emulator";

type Settings = Record<string, unknown>;

const credentialId = SEED.credentialId;
const dataStoreId = SEED.dataStoreId;

/** One valid intakeSettings per intake type. */
export const INTAKES: Settings[] = [
  { type: "localFile" },
  { type: "s3", url: "s3://scoring/in/data.csv", credentialId, format: "csv" },
  { type: "azure", url: "https://acct.blob.core.windows.net/in/data.parquet", credentialId, format: "parquet" },
  { type: "gcp", url: "gs://scoring/in/data.csv", credentialId },
  { type: "http", url: "https://files.example.com/data.csv" },
  { type: "dataset", datasetId: SEED.datasetId },
  { type: "dss", datasetId: SEED.datasetId, projectId: "64b000000000000000000b01", partition: "holdout" },
  { type: "jdbc", dataStoreId, credentialId, table: "customers", schema: "public" },
  { type: "snowflake", dataStoreId, externalStage: "my_s3_stage", credentialId, table: "customers" },
  { type: "synapse", dataStoreId, externalDataSource: "my_source", credentialId, query: "SELECT * FROM customers" },
  { type: "bigquery", dataset: "analytics", table: "customers", bucket: "bq-staging", credentialId },
  { type: "dataStage", dataStageId: "64b000000000000000000c51" },
  { type: "fileSystem", path: "/data/in/customers.csv" },
  { type: "datasphere", dataStoreId, credentialId, schema: "SALES", table: "CUSTOMERS" },
];

/** One valid outputSettings per output type. */
export const OUTPUTS: Settings[] = [
  { type: "localFile" },
  { type: "s3", url: "s3://scoring/out/scores.csv", credentialId },
  { type: "azure", url: "https://acct.blob.core.windows.net/out/scores.csv", credentialId },
  { type: "gcp", url: "gs://scoring/out/scores.parquet", credentialId, format: "parquet" },
  { type: "http", url: "https://hooks.example.com/scores", method: "PUT", headers: { "X-Team": "ml" } },
  { type: "jdbc", dataStoreId, table: "scores", statementType: "insert", credentialId, createTableIfNotExists: true },
  {
    type: "snowflake",
    dataStoreId,
    externalStage: "my_s3_stage",
    statementType: "insert",
    table: "scores",
    credentialId,
  },
  { type: "synapse", dataStoreId, externalDataSource: "my_source", statementType: "create_table", table: "scores" },
  { type: "bigquery", dataset: "analytics", table: "scores", bucket: "bq-staging", credentialId },
  { type: "tableau", url: "https://tableau.example.com", dataSourceId: "ds-1", overwrite: true, siteName: "ml" },
  { type: "fileSystem", path: "/data/out/scores.csv" },
  { type: "datasphere", dataStoreId, credentialId, schema: "SALES", table: "SCORES" },
];

/** A weekday schedule written the way people write it (names), which check canonicalises to numbers. */
export function nightlySchedule(hour = 2): Record<string, unknown[]> {
  return { minute: [15], hour: [hour], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["mon", "wed", "fri"] };
}

/** Arguments of the i-th definition of the "every adapter" stack: intake i, output i mod 12. */
export function adapterDefinitionArgs(i: number, prefix: string): Record<string, unknown> {
  const intake = INTAKES[i];
  return {
    name: `${prefix}-${String(i).padStart(2, "0")}-${intake.type}`,
    deploymentId: SEED.deploymentId,
    intakeSettings: intake,
    outputSettings: OUTPUTS[i % OUTPUTS.length],
    // Scheduled runs need a remote intake; the local-file one stays a manual definition.
    ...(intake.type === "localFile" ? {} : { enabled: true, schedule: nightlySchedule(2 + (i % 3)) }),
  };
}

/** The valid definition the hostile-input corpus is merged over (`withHostile`), whichever door sends it. */
export function hostileBase(predictionApiKey: string): Record<string, unknown> {
  return {
    name: "hostile-scoring",
    deploymentId: SEED.deploymentId,
    intakeSettings: { type: "s3", url: "s3://scoring/in.csv", credentialId: SEED.credentialId },
    predictionInstance: { hostName: "pred.example.com", apiKey: predictionApiKey },
  };
}
