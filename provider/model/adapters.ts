/**
 * Intake and output adapters (docs/datarobot-api.md §4.3, §4.4): discriminated unions on `type`, one strict object per
 * type this package knows, with its required and optional fields; a key an object does not know gets a warning (with
 * "did you mean" for a likely typo, see flatten.ts).
 *
 * The list of types is open (`openAdapterSchema`): DataRobot adds adapters (its output-options page documents
 * "Databricks write" and "Trino write", its intake-options page "Wrangler Recipe (preview)", whose `type` it does not
 * show), and no source says the server rejects a type a client does not know. A type outside the list is sent as
 * written, with a warning naming the known types (known-values.ts).
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

/**
 * JDBC-style statement types: the four values of DataRobot's Python SDK (`datarobot/enums.py`
 * `AVAILABLE_STATEMENT_TYPES`). The SDK checks them on its side; no source says the server rejects another value, so
 * any non-empty string is sent as written, and one outside these gets a warning (known-values.ts). No camelCase
 * spelling (`insertUpdate`) is taken to mean a snake_case one: no source says the server accepts it, so it is sent,
 * stored and compared as written.
 */
export const STATEMENT_TYPES = ["insert", "update", "insert_update", "create_table"] as const;
const statementType = nonEmptyString();

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
    // Optional in DataRobot's Python SDK 3.20 (`datarobot/models/batch_job.py` `_dss_intake_settings`).
    datasetId: objectId().optional(),
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
    // Deprecated and ignored by the server since API v2.21, still accepted. No DataRobot source bounds it (the SDK's
    // `Int()`): the usual range is a warning (limits.ts).
    fetchSize: z.number().int().optional(),
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

/**
 * An adapter of a type this package does not know: any object with a non-empty `type` outside the known ones, every
 * key sent as written. For TypeScript, `type` is `string & {}` so that editors still offer the known types.
 */
export interface OtherAdapterSettings {
  type: string & {};
  [key: string]: unknown;
}

/**
 * The known adapters, or any other type (see the file comment). The known union comes first: a known type with a bad
 * field reports that field, not "unknown type".
 */
function openAdapterSchema<T extends z.ZodDiscriminatedUnion<"type", z.ZodDiscriminatedUnionOption<"type">[]>>(
  known: T,
) {
  const knownTypes = new Set<unknown>(known.optionsMap.keys());
  const other = z
    .object({
      // Fatal, so that the union sees this member fail outright (not "dirty") and reports the known member's issues.
      type: nonEmptyString().superRefine((type, ctx) => {
        if (knownTypes.has(type))
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "is a known type", fatal: true });
      }),
    })
    .passthrough() as unknown as z.ZodType<OtherAdapterSettings, z.ZodTypeDef, OtherAdapterSettings>;
  return z.union([known, other]);
}

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
/** Intake settings as a program writes them: a known intake type, or any other (sent as written, with a warning). */
export const OpenIntakeSettingsSchema = openAdapterSchema(IntakeSettingsSchema);

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
    // No DataRobot source bounds it or gives its default: the usual range is a warning (limits.ts), and a value the
    // server fills in is its own (from-response.ts).
    commitInterval: z.number().int().optional(),
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
// "Databricks write" and "Trino write" (DataRobot's output-options page, docs.datarobot.com
// api/reference/batch-prediction-api/output-options.html): database writes through a data store and its credential,
// with the fields every DataRobot database write takes. None is required here: the page's field tables are the
// source of what is required, and without them a missing field is DataRobot's to report. The Trino data-source page
// (reference/data-ref/data-sources/dc-trino.html) adds a chunkSize rule (cross-field.ts).
const databaseWriteFields = {
  dataStoreId: objectId().optional(),
  credentialId: objectId().optional(),
  catalog: nonEmptyString().optional(),
  schema: nonEmptyString().optional(),
  table: nonEmptyString().optional(),
  statementType: statementType.optional(),
  createTableIfNotExists: z.boolean().optional(),
};
const databricksOutput = z.object({ type: z.literal("databricks"), ...databaseWriteFields }).strict();
const trinoOutput = z.object({ type: z.literal("trino"), ...databaseWriteFields }).strict();

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
  databricksOutput,
  trinoOutput,
]);
export type OutputSettings = z.infer<typeof OutputSettingsSchema>;
export const OUTPUT_TYPES = [...OutputSettingsSchema.optionsMap.keys()] as string[];
/** Output settings as a program writes them: a known output type, or any other (sent as written, with a warning). */
export const OpenOutputSettingsSchema = openAdapterSchema(OutputSettingsSchema);
