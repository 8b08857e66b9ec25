/**
 * The job-definition model: zod schemas (the single source of truth for inputs and API responses), validation with
 * actionable property-path messages, and the canonical form used to diff desired against actual.
 */
export { UNKNOWN_SENTINEL, containsUnknowns, isUnknown } from "./sentinel";
export { forEachLeaf, formatPath } from "./paths";
export { OBJECT_ID_PATTERN } from "./primitives";
export { escapeControlCharacters, guardIssues, sanitizeProgramArgs, scheduleNeverFiresReason } from "./guards";
export { knownTime, latestRunTime } from "./run-times";
export { FIELD_DOCS } from "./field-docs";
export { unwrapSchema } from "./zod-unwrap";
export { validationRules, DEFAULT_FACTS, SERVER_CHOSEN_DOC } from "./rules";
export type { ValidationRule, RuleGroup, RuleSource } from "./rules";
export type { Path, PathSegment } from "./paths";
export { JobDefinitionInputSchema, JobDefinitionFieldsSchema, JOB_DEFINITION_FIELDS } from "./inputs";
export type { JobDefinitionInputs } from "./inputs";
export { IntakeSettingsSchema, OutputSettingsSchema, INTAKE_TYPES, OUTPUT_TYPES } from "./adapters";
export { SCHEDULE_FIELDS, MONTH_NAMES, DAY_NAMES, normalizeSchedule } from "./schedule";
export type { CanonicalSchedule, ScheduleField } from "./schedule";
export { JobDefinitionResponseSchema, JobListEnvelopeSchema, BatchJobResponseSchema } from "./responses";
export {
  canonicalFromInputs,
  canonicalize,
  writtenFromInputs,
  SERVER_DEFAULTS,
  withoutFormerGuessedDefaults,
} from "./canonical";
export type { CanonicalJobDefinition, WrittenJobDefinition } from "./canonical";
export {
  canonicalFromResponse,
  echoFromResponse,
  flattenResponse,
  InvalidResponseError,
  SECRET_SET_ELSEWHERE,
  SERVER_CHOSEN_WHEN_UNSET,
} from "./from-response";
export {
  SECRET_FIELDS,
  SECRET_KEY_NAMES,
  CREDENTIAL_QUERY_PARAMETERS,
  SECRET_BEARING_FIELDS,
  SECRET_MARK,
  isCredentialParameter,
  isSecretField,
  isSecretKeyName,
  isSecretPath,
  isSecretValue,
  containsSecretValue,
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
} from "./wire";
export type { WriteMismatch } from "./wire";
export { validateInputs } from "./validate";
