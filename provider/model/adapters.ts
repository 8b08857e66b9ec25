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

// ---------------------------------------------------------------------------------------------------------- intake
const localFileIntake = z
  .object({ type: z.literal("localFile"), async: z.boolean().optional(), multipart: z.boolean().optional() })
  .strict();
const s3Intake = z
  .object({
    type: z.literal("s3"),
    url: nonEmptyString(),
    credentialId: objectId().optional(),
    endpointUrl: nonEmptyString().optional(),
    format: fileFormat.optional(),
  })
  .strict();
const azureIntake = z
  .object({
    type: z.literal("azure"),
    url: nonEmptyString(),
    credentialId: objectId().optional(),
    format: fileFormat.optional(),
  })
  .strict();
const gcpIntake = z
  .object({
    type: z.literal("gcp"),
    url: nonEmptyString(),
    credentialId: objectId().optional(),
    format: fileFormat.optional(),
  })
  .strict();
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
    type: z.literal("snowflake"),
    dataStoreId: objectId(),
    externalStage: nonEmptyString(),
    credentialId: objectId().optional(),
    cloudStorageCredentialId: objectId().optional(),
    cloudStorageType: nonEmptyString().optional(),
    table: nonEmptyString().optional(),
    schema: nonEmptyString().optional(),
    catalog: nonEmptyString().optional(),
    query: nonEmptyString().optional(),
  })
  .strict();
const synapseIntake = z
  .object({
    type: z.literal("synapse"),
    dataStoreId: objectId(),
    externalDataSource: nonEmptyString(),
    credentialId: objectId().optional(),
    cloudStorageCredentialId: objectId().optional(),
    table: nonEmptyString().optional(),
    schema: nonEmptyString().optional(),
    query: nonEmptyString().optional(),
  })
  .strict();
const bigqueryIntake = z
  .object({
    type: z.literal("bigquery"),
    dataset: nonEmptyString(),
    table: nonEmptyString(),
    bucket: nonEmptyString(),
    credentialId: objectId().optional(),
  })
  .strict();
const dataStageIntake = z.object({ type: z.literal("dataStage"), dataStageId: objectId() }).strict();
const fileSystemIntake = z.object({ type: z.literal("fileSystem"), path: nonEmptyString() }).strict();
// SAP Datasphere, intake and output alike: the fields of DataRobot's Python SDK 3.20 (no `catalog`, no `query`;
// anything else passes through with a warning, see validate.ts).
const datasphereFields = {
  type: z.literal("datasphere"),
  dataStoreId: objectId(),
  credentialId: objectId().optional(),
  schema: nonEmptyString().optional(),
  table: nonEmptyString().optional(),
};
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
const s3Output = z
  .object({
    type: z.literal("s3"),
    url: nonEmptyString(),
    credentialId: objectId().optional(),
    endpointUrl: nonEmptyString().optional(),
    format: fileFormat.optional(),
    partitionColumns: columnList().optional(),
    serverSideEncryption: serverSideEncryption.optional(),
  })
  .strict();
const azureOutput = z
  .object({
    type: z.literal("azure"),
    url: nonEmptyString(),
    credentialId: objectId().optional(),
    format: fileFormat.optional(),
    partitionColumns: columnList().optional(),
  })
  .strict();
const gcpOutput = z
  .object({
    type: z.literal("gcp"),
    url: nonEmptyString(),
    credentialId: objectId().optional(),
    format: fileFormat.optional(),
    partitionColumns: columnList().optional(),
  })
  .strict();
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
    type: z.literal("snowflake"),
    dataStoreId: objectId(),
    externalStage: nonEmptyString(),
    statementType,
    table: nonEmptyString(),
    credentialId: objectId().optional(),
    cloudStorageCredentialId: objectId().optional(),
    cloudStorageType: nonEmptyString().optional(),
    schema: nonEmptyString().optional(),
    catalog: nonEmptyString().optional(),
    createTableIfNotExists: z.boolean().optional(),
  })
  .strict();
const synapseOutput = z
  .object({
    type: z.literal("synapse"),
    dataStoreId: objectId(),
    externalDataSource: nonEmptyString(),
    statementType,
    table: nonEmptyString(),
    credentialId: objectId().optional(),
    cloudStorageCredentialId: objectId().optional(),
    schema: nonEmptyString().optional(),
    createTableIfNotExists: z.boolean().optional(),
  })
  .strict();
const bigqueryOutput = z
  .object({
    type: z.literal("bigquery"),
    dataset: nonEmptyString(),
    table: nonEmptyString(),
    bucket: nonEmptyString(),
    credentialId: objectId().optional(),
  })
  .strict();
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
const fileSystemOutput = z.object({ type: z.literal("fileSystem"), path: nonEmptyString() }).strict();
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
