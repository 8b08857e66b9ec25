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
  type UnmodelledFields,
} from "./job-definition";
export type { JobDefinitionInputs, CanonicalJobDefinition } from "../provider/model";
export { runJobDefinition, DEFAULT_TIMEOUT_MS } from "../provider/run/run";
export { isTerminalStatus } from "../provider/client/job-status";
export type { RunJobDefinitionOptions, RunResult } from "../provider/run/run";
export {
  RunError,
  JobRunError,
  JobFailedError,
  JobAbortedError,
  JobTimeoutError,
  JobCancelledError,
  DefinitionBusyError,
  LocalFileTransferError,
  LocalFileError,
  DefinitionNotFoundError,
  type JobDisposition,
} from "../provider/run/errors";
export type { RunProgress } from "../provider/run/progress";
export type { DefinitionReference } from "../provider/run/resolve";
export { realClock, scaledClock, type RunClock } from "../provider/run/clock";
export { DEFAULT_POLL_SCHEDULE, pollDelay, type PollSchedule } from "../provider/run/backoff";
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
