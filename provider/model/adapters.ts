/**
 * Intake and output adapters (docs/datarobot-api.md §4.3, §4.4): discriminated unions on `type`, one strict object per
 * type with its required and optional fields. Strict objects turn typos (`URL`, `credentialID`) into errors at preview
 * time instead of fields silently ignored by the server.
 */
import { z } from "zod";
import { columnList, nonEmptyString, objectId } from "./primitives";

/**
 * `format`, `cloudStorageType` and http `method` are plain strings in every DataRobot source (SDK, OpenAPI): none
 * closes the list. The values DataRobot documents are known here only to warn about near-misses (rules.ts).
 */
export const KNOWN_FORMATS = ["csv", "parquet"] as const;
export const KNOWN_CLOUD_STORAGE_TYPES = ["s3", "azure", "gcp"] as const;
export const KNOWN_HTTP_METHODS = ["POST", "PUT"] as const;
const fileFormat = nonEmptyString();

/** JDBC-style statement types: the SDK's snake_case values plus the camelCase spellings the API probably accepts. */
export const STATEMENT_TYPES = [
  "insert",
  "update",
  "insert_update",
  "create_table",
  "insertUpdate",
  "createTable",
] as const;
const statementType = z.enum(STATEMENT_TYPES);

// ------------------------------------------------------------------------------------- fields of both directions
// What an adapter has as intake and as output alike is written once here and spread into both (DataRobot documents
// it once per adapter; two copies could drift apart). The spreads keep each adapter's documented field order, which
// the resource reference lists.

/** Cloud storage (s3, azure, gcp): where the file is and the credential to reach it. */
const fileLocation = { url: nonEmptyString(), credentialId: objectId().optional() };
const s3Fields = {
  type: z.literal("s3"),
  ...fileLocation,
  endpointUrl: nonEmptyString().optional(),
  format: fileFormat.optional(),
};
const azureFields = { type: z.literal("azure"), ...fileLocation, format: fileFormat.optional() };
const gcpFields = { type: z.literal("gcp"), ...fileLocation, format: fileFormat.optional() };
const bigqueryFields = {
  type: z.literal("bigquery"),
  dataset: nonEmptyString(),
  table: nonEmptyString(),
  bucket: nonEmptyString(),
  credentialId: objectId().optional(),
};
const fileSystemFields = { type: z.literal("fileSystem"), path: nonEmptyString() };
/** Snowflake: the data store and its external stage; the credentials of the database and of the stage's storage. */
const snowflakeStage = { type: z.literal("snowflake"), dataStoreId: objectId(), externalStage: nonEmptyString() };
const snowflakeCredentials = {
  credentialId: objectId().optional(),
  cloudStorageCredentialId: objectId().optional(),
  cloudStorageType: nonEmptyString().optional(),
};
/** Azure Synapse: the data store and its external data source; the credentials of the database and of the storage. */
const synapseSource = { type: z.literal("synapse"), dataStoreId: objectId(), externalDataSource: nonEmptyString() };
const synapseCredentials = { credentialId: objectId().optional(), cloudStorageCredentialId: objectId().optional() };
// SAP Datasphere: the fields of DataRobot's Python SDK 3.20 (no `catalog`, no `query`; anything else passes through
// with a warning, see validate.ts).
const datasphereFields = {
  type: z.literal("datasphere"),
  dataStoreId: objectId(),
  credentialId: objectId().optional(),
  schema: nonEmptyString().optional(),
  table: nonEmptyString().optional(),
};

// ---------------------------------------------------------------------------------------------------------- intake
const localFileIntake = z
  .object({ type: z.literal("localFile"), async: z.boolean().optional(), multipart: z.boolean().optional() })
  .strict();
const s3Intake = z.object(s3Fields).strict();
const azureIntake = z.object(azureFields).strict();
const gcpIntake = z.object(gcpFields).strict();
const httpIntake = z.object({ type: z.literal("http"), url: nonEmptyString() }).strict();
const datasetIntake = z
  .object({ type: z.literal("dataset"), datasetId: objectId(), datasetVersionId: objectId().optional() })
  .strict();
const dssIntake = z
  .object({
    type: z.literal("dss"),
    datasetId: objectId(),
    projectId: objectId(),
    partition: z.enum(["holdout", "validation", "allBacktests"]).optional(),
  })
  .strict();
const jdbcIntake = z
  .object({
    type: z.literal("jdbc"),
    dataStoreId: objectId(),
    credentialId: objectId().optional(),
    table: nonEmptyString().optional(),
    schema: nonEmptyString().optional(),
    catalog: nonEmptyString().optional(),
    query: nonEmptyString().optional(),
    // Deprecated and ignored by the server since API v2.21, still accepted.
    fetchSize: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();
const snowflakeIntake = z
  .object({
    ...snowflakeStage,
    ...snowflakeCredentials,
    table: nonEmptyString().optional(),
    schema: nonEmptyString().optional(),
    catalog: nonEmptyString().optional(),
    query: nonEmptyString().optional(),
  })
  .strict();
const synapseIntake = z
  .object({
    ...synapseSource,
    ...synapseCredentials,
    table: nonEmptyString().optional(),
    schema: nonEmptyString().optional(),
    query: nonEmptyString().optional(),
  })
  .strict();
const bigqueryIntake = z.object(bigqueryFields).strict();
const dataStageIntake = z.object({ type: z.literal("dataStage"), dataStageId: objectId() }).strict();
const fileSystemIntake = z.object(fileSystemFields).strict();
const datasphereIntake = z.object(datasphereFields).strict();

export const IntakeSettingsSchema = z.discriminatedUnion("type", [
  localFileIntake,
  s3Intake,
  azureIntake,
  gcpIntake,
  httpIntake,
  datasetIntake,
  dssIntake,
  jdbcIntake,
  snowflakeIntake,
  synapseIntake,
  bigqueryIntake,
  dataStageIntake,
  fileSystemIntake,
  datasphereIntake,
]);
export type IntakeSettings = z.infer<typeof IntakeSettingsSchema>;
export const INTAKE_TYPES = [...IntakeSettingsSchema.optionsMap.keys()] as string[];

// ---------------------------------------------------------------------------------------------------------- output
const serverSideEncryption = z
  .object({
    algorithm: nonEmptyString().optional(),
    customerAlgorithm: nonEmptyString().optional(),
    customerKey: nonEmptyString().optional(),
    kmsKeyId: nonEmptyString().optional(),
    kmsEncryptionContext: nonEmptyString().optional(),
  })
  .strict();

const localFileOutput = z.object({ type: z.literal("localFile") }).strict();
/** What a cloud-storage output adds: the columns to partition the written files by. */
const partitioned = { partitionColumns: columnList().optional() };
const s3Output = z
  .object({ ...s3Fields, ...partitioned, serverSideEncryption: serverSideEncryption.optional() })
  .strict();
const azureOutput = z.object({ ...azureFields, ...partitioned }).strict();
const gcpOutput = z.object({ ...gcpFields, ...partitioned }).strict();
const httpOutput = z
  .object({
    type: z.literal("http"),
    url: nonEmptyString(),
    method: nonEmptyString(),
    headers: z.record(z.string()).optional(),
  })
  .strict();
const jdbcOutput = z
  .object({
    type: z.literal("jdbc"),
    dataStoreId: objectId(),
    table: nonEmptyString(),
    statementType,
    credentialId: objectId().optional(),
    schema: nonEmptyString().optional(),
    catalog: nonEmptyString().optional(),
    createTableIfNotExists: z.boolean().optional(),
    updateColumns: columnList().optional(),
    whereColumns: columnList().optional(),
    commitInterval: z.number().int().min(0).max(86_400).optional(),
  })
  .strict();
const snowflakeOutput = z
  .object({
    ...snowflakeStage,
    statementType,
    table: nonEmptyString(),
    ...snowflakeCredentials,
    schema: nonEmptyString().optional(),
    catalog: nonEmptyString().optional(),
    createTableIfNotExists: z.boolean().optional(),
  })
  .strict();
const synapseOutput = z
  .object({
    ...synapseSource,
    statementType,
    table: nonEmptyString(),
    ...synapseCredentials,
    schema: nonEmptyString().optional(),
    createTableIfNotExists: z.boolean().optional(),
  })
  .strict();
const bigqueryOutput = z.object(bigqueryFields).strict();
const tableauOutput = z
  .object({
    type: z.literal("tableau"),
    url: nonEmptyString(),
    dataSourceId: nonEmptyString(),
    overwrite: z.boolean(),
    credentialId: objectId().optional(),
    siteName: nonEmptyString().optional(),
    contentUrl: nonEmptyString().optional(), // deprecated by DataRobot, still accepted
  })
  .strict();
const fileSystemOutput = z.object(fileSystemFields).strict();
const datasphereOutput = z.object(datasphereFields).strict();

export const OutputSettingsSchema = z.discriminatedUnion("type", [
  localFileOutput,
  s3Output,
  azureOutput,
  gcpOutput,
  httpOutput,
  jdbcOutput,
  snowflakeOutput,
  synapseOutput,
  bigqueryOutput,
  tableauOutput,
  fileSystemOutput,
  datasphereOutput,
]);
export type OutputSettings = z.infer<typeof OutputSettingsSchema>;
export const OUTPUT_TYPES = [...OutputSettingsSchema.optionsMap.keys()] as string[];
