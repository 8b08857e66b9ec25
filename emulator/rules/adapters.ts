/**
 * The intake and output adapter tables (docs/datarobot-api.md §4.3, §4.4): per adapter `type`, its required and
 * optional keys and each key's check. validation.ts walks them (`validateAdapter`); a new adapter type is one entry here.
 */
import { isPlainObject } from "../http/router";
import { type Check, strictOnly, str, bool, strArray, ref, int, oneOf, urlWith, stringMap } from "./checks";

export interface Adapter {
  required: Record<string, Check>;
  optional: Record<string, Check>;
}

// No DataRobot source closes these lists (the SDK and the OpenAPI type them as plain strings), so any non-empty
// string is accepted: the emulator must never be stricter than the real API.
const format = str;
const cloudStorageType = str;
const httpMethod = str;
// DataRobot's Python SDK closes the list on its side to these four; the camelCase spellings are this emulator's
// former guess, kept in its strict option only.
const statementType = strictOnly(
  oneOf("insert", "update", "insert_update", "insertUpdate", "create_table", "createTable"),
  str,
);

/** Intake adapters by `type` (docs/datarobot-api.md §4.3). */
export const INTAKE_ADAPTERS: Record<string, Adapter> = {
  localFile: { required: {}, optional: { async: bool, multipart: bool } },
  s3: { required: { url: urlWith(["s3://"]) }, optional: { credentialId: ref, endpointUrl: str, format } },
  azure: { required: { url: urlWith(["https://"]) }, optional: { credentialId: ref, format } },
  gcp: { required: { url: urlWith(["gs://", "https://"]) }, optional: { credentialId: ref, format } },
  http: { required: { url: urlWith(["http://", "https://"]) }, optional: {} },
  dataset: { required: { datasetId: ref }, optional: { datasetVersionId: ref } },
  // datasetId is optional in DataRobot's Python SDK 3.20 (`_dss_intake_settings`).
  dss: {
    required: { projectId: ref },
    optional: { datasetId: ref, partition: oneOf("holdout", "validation", "allBacktests") },
  },
  jdbc: {
    required: { dataStoreId: ref },
    optional: {
      credentialId: ref,
      table: str,
      schema: str,
      catalog: str,
      query: str,
      fetchSize: strictOnly(int(1, 1_000_000), int(-Number.MAX_SAFE_INTEGER)),
    },
  },
  snowflake: {
    required: { dataStoreId: ref, externalStage: str },
    optional: {
      credentialId: ref,
      cloudStorageCredentialId: ref,
      cloudStorageType,
      table: str,
      schema: str,
      catalog: str,
      query: str,
    },
  },
  synapse: {
    required: { dataStoreId: ref, externalDataSource: str },
    optional: { credentialId: ref, cloudStorageCredentialId: ref, table: str, schema: str, query: str },
  },
  bigquery: { required: { dataset: str, table: str, bucket: str }, optional: { credentialId: ref } },
  dataStage: { required: { dataStageId: ref }, optional: {} },
  fileSystem: { required: { path: str }, optional: {} },
  // The datasphere field list is unknown (docs/datarobot-api.md §4.3): only dataStoreId is required, the likely extras
  // are allowed.
  datasphere: {
    required: { dataStoreId: ref },
    optional: { credentialId: ref, schema: str, table: str, catalog: str, query: str },
  },
};

const serverSideEncryption: Check = (v) => {
  if (!isPlainObject(v)) return "must be an object";
  const allowed = ["algorithm", "customerAlgorithm", "customerKey", "kmsKeyId", "kmsEncryptionContext"];
  const bad = Object.keys(v).find((key) => !allowed.includes(key) || (v[key] !== null && typeof v[key] !== "string"));
  return bad ? `${bad} is not allowed or not a string; allowed string keys: ${allowed.join(", ")}` : undefined;
};

const DATABASE_WRITE_FIELDS: Record<string, Check> = {
  dataStoreId: ref,
  credentialId: ref,
  catalog: str,
  schema: str,
  table: str,
  statementType: str,
  createTableIfNotExists: bool,
};

/** Output adapters by `type` (docs/datarobot-api.md §4.4). */
export const OUTPUT_ADAPTERS: Record<string, Adapter> = {
  localFile: { required: {}, optional: {} },
  s3: {
    required: { url: urlWith(["s3://"]) },
    optional: { credentialId: ref, endpointUrl: str, format, partitionColumns: strArray, serverSideEncryption },
  },
  azure: {
    required: { url: urlWith(["https://"]) },
    optional: { credentialId: ref, format, partitionColumns: strArray },
  },
  gcp: {
    required: { url: urlWith(["gs://", "https://"]) },
    optional: { credentialId: ref, format, partitionColumns: strArray },
  },
  http: {
    required: { url: urlWith(["http://", "https://"]), method: httpMethod },
    optional: { headers: stringMap },
  },
  jdbc: {
    required: { dataStoreId: ref, table: str, statementType },
    optional: {
      credentialId: ref,
      schema: str,
      catalog: str,
      createTableIfNotExists: bool,
      updateColumns: strArray,
      whereColumns: strArray,
      commitInterval: strictOnly(int(0, 86_400), int(-Number.MAX_SAFE_INTEGER)),
    },
  },
  snowflake: {
    required: { dataStoreId: ref, externalStage: str, statementType, table: str },
    optional: {
      credentialId: ref,
      cloudStorageCredentialId: ref,
      cloudStorageType,
      schema: str,
      catalog: str,
      createTableIfNotExists: bool,
    },
  },
  synapse: {
    required: { dataStoreId: ref, externalDataSource: str, statementType, table: str },
    optional: { credentialId: ref, cloudStorageCredentialId: ref, schema: str, createTableIfNotExists: bool },
  },
  bigquery: { required: { dataset: str, table: str, bucket: str }, optional: { credentialId: ref } },
  tableau: {
    required: { url: urlWith(["http://", "https://"]), dataSourceId: str, overwrite: bool },
    optional: { credentialId: ref, siteName: str, contentUrl: str },
  },
  fileSystem: { required: { path: str }, optional: {} },
  datasphere: {
    required: { dataStoreId: ref },
    optional: { credentialId: ref, schema: str, table: str, catalog: str },
  },
  // "Databricks write" and "Trino write" (DataRobot's output-options page): database writes; which fields they
  // require is DataRobot's to say, so none is required here.
  databricks: { required: {}, optional: DATABASE_WRITE_FIELDS },
  trino: { required: {}, optional: DATABASE_WRITE_FIELDS },
};
