/**
 * `pulumi-datarobot-batch`: what Pulumi programs import.
 */
export {
  BatchPredictionJobDefinition,
  generatedName,
  JOB_DEFINITION_TYPE,
  PULUMI_MODULE,
  type BatchPredictionJobDefinitionArgs,
  type BatchPredictionJobDefinitionComputed,
  type BatchPredictionJobDefinitionSettings,
} from "./job-definition";
export type { JobDefinitionInputs, CanonicalJobDefinition } from "../provider/model";
export { runJobDefinition, isTerminalStatus, DEFAULT_TIMEOUT_MS } from "./run/run";
export type { RunJobDefinitionOptions, RunResult } from "./run/run";
export {
  JobRunError,
  JobFailedError,
  JobAbortedError,
  JobTimeoutError,
  JobCancelledError,
  DefinitionNotFoundError,
  type JobDisposition,
} from "./run/errors";
export type { RunProgress } from "./run/progress";
export type { DefinitionReference } from "./run/resolve";
export { realClock, scaledClock, type RunClock } from "./run/clock";
export { DEFAULT_POLL_SCHEDULE, pollDelay, type PollSchedule } from "./run/backoff";
export { describeSchedule } from "./schedule-text";
export { BatchPredictionJobRun, JOB_RUN_TYPE, type BatchPredictionJobRunArgs } from "./job-run";
export { runMany, formatSummary, DEFAULT_CONCURRENCY } from "./run/many";
export type { RunManyOptions, RunSummary, RunSummaryLine, RunOutcome } from "./run/many";
export {
  runAfterDeploy,
  recordDeployEvents,
  definitionsFromOutputs,
  DeployEventRecorder,
  EXPORT_NAME,
  type RunAfterDeployOptions,
} from "./run/after-deploy";
export { nextRunTime, nextRunTimes, InvalidScheduleError } from "./schedule-next";
export {
  reviewPreview,
  reviewEvents,
  buildReview,
  collectSteps,
  renderMarkdown,
  renderText,
  commentMarker,
  type PreviewableStack,
  type ReviewPreviewOptions,
  type ReviewedPreview,
  type Review,
  type ResourceReview,
  type ReviewOperation,
  type ReviewOptions,
  type FieldChange,
  type ScheduleReview,
  type ReviewWarning,
  type WarningKind,
} from "./review";
