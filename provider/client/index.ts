/** The DataRobot Batch Prediction API client: operations, typed errors and the structural response types. */
export { DataRobotClient } from "./client";
export {
  DataRobotApiError,
  NotFoundError,
  ConflictError,
  ValidationError,
  UnauthorizedError,
  ForbiddenError,
  RateLimitedError,
  ServerError,
  NetworkError,
  DeadlineExceededError,
  ResponseTooLargeError,
  RETRYABLE_STATUSES,
} from "./errors";
export type { ApiErrorDetails } from "./errors";
export { ResponseMismatchError } from "./response-shapes";
export { normaliseEndpoint, InvalidEndpointError } from "./endpoint";
export { parseRetryAfter, DEFAULT_RETRY_POLICY } from "./retry";
export type { RetryPolicy } from "./retry";
export type {
  ApiJobDefinition,
  ApiBatchJob,
  DataRobotClientOptions,
  JobDefinitionListFilter,
  JobListFilter,
  OperationLimits,
} from "./types";
export { DEFAULT_MAX_RESPONSE_BYTES } from "./types";
