/**
 * The job-definition model: zod schemas (the single source of truth for inputs and API responses), validation with
 * actionable property-path messages, and the canonical form used to diff desired against actual.
 */
export { UNKNOWN_SENTINEL, containsUnknowns, isUnknown } from "./sentinel";
export { formatPath } from "./paths";
export type { Path, PathSegment } from "./paths";
export {
  JobDefinitionInputSchema,
  JobDefinitionFieldsSchema,
  JOB_DEFINITION_FIELDS,
  CHUNK_SIZE_STRATEGIES,
} from "./inputs";
export { crossFieldIssues } from "./cross-field";
export type { JobDefinitionInputs, JobDefinitionFields } from "./inputs";
export { IntakeSettingsSchema, OutputSettingsSchema, INTAKE_TYPES, OUTPUT_TYPES, STATEMENT_TYPES } from "./adapters";
export type { IntakeSettings, OutputSettings } from "./adapters";
export { ScheduleSchema, SCHEDULE_FIELDS, MONTH_NAMES, DAY_NAMES, normalizeSchedule } from "./schedule";
export type { CanonicalSchedule, CanonicalScheduleList, ScheduleField } from "./schedule";
export {
  CsvSettingsSchema,
  PredictionInstanceSchema,
  TimeseriesSettingsSchema,
  ColumnNamesRemappingSchema,
  RemappingEntrySchema,
} from "./settings";
export type { RemappingEntry } from "./settings";
export {
  JobDefinitionResponseSchema,
  JobListEnvelopeSchema,
  BatchJobResponseSchema,
  ApiJobSpecSchema,
} from "./responses";
export type { JobDefinitionResponse, JobListEnvelope, BatchJobResponse } from "./responses";
export {
  canonicalFromInputs,
  canonicalize,
  writtenFromInputs,
  sortKeys,
  SERVER_DEFAULTS,
  DEFAULT_CSV_SETTINGS,
  withoutFormerGuessedDefaults,
} from "./canonical";
export type { CanonicalJobDefinition, WrittenJobDefinition, CanonicalizeOptions } from "./canonical";
export {
  canonicalFromResponse,
  flattenResponse,
  InvalidResponseError,
  REDACTED,
  SECRET_PATHS,
  SECRET_SET_ELSEWHERE,
  SERVER_CHOSEN_WHEN_UNSET,
} from "./from-response";
export {
  SECRET_FIELDS,
  SECRET_KEY_NAMES,
  CREDENTIAL_QUERY_PARAMETERS,
  SECRET_BEARING_FIELDS,
  SECRET_MARK,
  isSecretField,
  isSecretPath,
  isSecretValue,
  containsSecretValue,
  hasUrlCredentials,
  maskUrlCredentials,
  redactSecrets,
  replaceSecrets,
  secretTexts,
  urlCredentials,
} from "./secrets";
export { diffCanonical, changedPaths, deepEqual } from "./diff";
export {
  toApiBody,
  toCreateBody,
  toUpdateBody,
  jobSpecOf,
  projectOnto,
  outsideOf,
  unionShape,
  writeMismatches,
  clearingBody,
  DEFINITION_ONLY_FIELDS,
} from "./wire";
export type { WriteMismatch } from "./wire";
export { validateInputs, formatIssues } from "./validate";
export type { ValidationIssue, ValidationResult, ValidateOptions } from "./validate";
