/**
 * Typed errors of the DataRobot client.
 *
 * They are built only from safe fields (method, path, status, DataRobot's message and field errors). The raw errors
 * of a request are never rethrown or attached as `cause`: an HTTP library's errors embed the request, the
 * Authorization header included, and this package keeps to that rule whatever the transport.
 */

import { shorten } from "../values";

export interface ApiErrorDetails {
  /** HTTP status; 0 when no response was received (network failure, timeout). */
  status: number;
  method: string;
  /** Request path relative to the API base, e.g. "/batchPredictionJobDefinitions/abc/". */
  path: string;
  /** DataRobot's `message` (or a short description when the server sent none). */
  apiMessage: string;
  /** DataRobot's `errors`, flattened to dotted paths, e.g. {"intakeSettings.url": "..."}. */
  fieldErrors?: Record<string, string>;
  /** DataRobot's `errorName`, when present (e.g. "JobAlreadyAdded"). */
  errorName?: string;
  /** Number of attempts made (1 when the request was not retried). */
  attempts?: number;
  /** True when the request may have had an effect on the server although it failed (e.g. a job may have started). */
  outcomeUnknown?: boolean;
  /** Extra sentence telling the user what to do; appended to the message. */
  hint?: string;
  /** The server's Retry-After, in milliseconds, when it sent one. */
  retryAfterMs?: number;
}

/** Statuses the client retries (with backoff) for idempotent operations. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Longest part of a server's text repeated in an error: a server may quote a huge value back (e.g. a 1 MB name). */
const MAX_SERVER_TEXT = 300;

function formatFieldErrors(fieldErrors: Record<string, string> | undefined): string {
  if (!fieldErrors) return "";
  const entries = Object.entries(fieldErrors);
  if (entries.length === 0) return "";
  return (
    ": " +
    entries
      .map(([field, message]) => `${shorten(field, MAX_SERVER_TEXT)}: ${shorten(String(message), MAX_SERVER_TEXT)}`)
      .join("; ")
  );
}

export class DataRobotApiError extends Error {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly apiMessage: string;
  declare readonly fieldErrors?: Record<string, string>;
  declare readonly errorName?: string;
  readonly attempts: number;
  readonly outcomeUnknown: boolean;
  /** The server's Retry-After in milliseconds, when it sent one (429, 503). */
  declare readonly retryAfterMs?: number;
  /** Whether retrying the same request later may succeed. */
  readonly retryable: boolean;

  constructor(details: ApiErrorDetails, message?: string) {
    super(message ?? DataRobotApiError.formatMessage(details));
    this.name = new.target.name;
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.apiMessage = details.apiMessage;
    if (details.fieldErrors && Object.keys(details.fieldErrors).length > 0) this.fieldErrors = details.fieldErrors;
    if (details.errorName !== undefined) this.errorName = details.errorName;
    this.attempts = details.attempts ?? 1;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    this.retryable = details.status === 0 || RETRYABLE_STATUSES.has(details.status);
  }

  /** e.g. `DataRobot API: PATCH /batchPredictionJobDefinitions/abc/ failed with 422 (Invalid field data): url: bad` */
  static formatMessage(details: ApiErrorDetails): string {
    const outcome =
      details.status === 0
        ? `failed: ${details.apiMessage}`
        : `failed with ${details.status} (${shorten(details.apiMessage, MAX_SERVER_TEXT)})${formatFieldErrors(details.fieldErrors)}`;
    const attempts = (details.attempts ?? 1) > 1 ? ` [after ${details.attempts} attempts]` : "";
    const hint = details.hint ? `. ${details.hint}` : "";
    return `DataRobot API: ${details.method} ${details.path} ${outcome}${attempts}${hint}`;
  }

  /** The safe fields, e.g. to rebuild the error with another attempt count. */
  toDetails(): ApiErrorDetails {
    return {
      status: this.status,
      method: this.method,
      path: this.path,
      apiMessage: this.apiMessage,
      fieldErrors: this.fieldErrors,
      errorName: this.errorName,
      attempts: this.attempts,
      outcomeUnknown: this.outcomeUnknown,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

/** 404: deleted, never existed, or not accessible to this user. */
export class NotFoundError extends DataRobotApiError {}
/** 409: e.g. a duplicate name, deleting a definition with running jobs, aborting a finished job. */
export class ConflictError extends DataRobotApiError {}
/** 422 (and 400): invalid or incompatible fields; see `fieldErrors`. */
export class ValidationError extends DataRobotApiError {}
/** 401: missing or invalid API token. */
export class UnauthorizedError extends DataRobotApiError {}
/** 403: authenticated, but not allowed (e.g. no permission on the deployment). */
export class ForbiddenError extends DataRobotApiError {}
/** 429 that persisted through all retries. */
export class RateLimitedError extends DataRobotApiError {}
/** 5xx. */
export class ServerError extends DataRobotApiError {}

/** No response: connection refused or reset, DNS failure, timeout. `status` is 0. */
export class NetworkError extends DataRobotApiError {
  /** Node error code, e.g. "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT". */
  readonly code: string;
  /** Whether the request could have reached the server ("connect" failures could not). */
  readonly phase: "connect" | "sent";

  constructor(details: ApiErrorDetails & { code: string; phase: "connect" | "sent" }) {
    super({ ...details, status: 0 });
    this.code = details.code;
    this.phase = details.phase;
  }

  override toDetails(): ApiErrorDetails & { code: string; phase: "connect" | "sent" } {
    return { ...super.toDetails(), code: this.code, phase: this.phase };
  }
}

/**
 * The response body was larger than the client's `maxResponseBytes` and was not read further. Never retried: the
 * same request would bring the same answer. `status` is 0 (the body, not the status, was the failure).
 */
export class ResponseTooLargeError extends DataRobotApiError {
  override readonly retryable = false;
}

/** The retry budget of one operation (`retryDeadlineMs`) was used up before it succeeded. */
export class DeadlineExceededError extends DataRobotApiError {
  readonly lastError: DataRobotApiError;
  readonly elapsedMs: number;
  readonly deadlineMs: number;
  /** Why the loop stopped early, e.g. a Retry-After beyond the deadline. */
  declare readonly reason?: string;

  constructor(
    lastError: DataRobotApiError,
    attempts: number,
    elapsedMs: number,
    deadlineMs: number,
    reason?: string,
    hint?: string,
  ) {
    const details: ApiErrorDetails = { ...lastError.toDetails(), attempts };
    const summary = lastError.status === 0 ? lastError.apiMessage : `${lastError.status} (${lastError.apiMessage})`;
    super(
      details,
      `DataRobot API: ${lastError.method} ${lastError.path} gave up after ${attempts} attempt${attempts === 1 ? "" : "s"} ` +
        `in ${(elapsedMs / 1000).toFixed(1)} s (retry deadline ${(deadlineMs / 1000).toFixed(1)} s` +
        `${reason ? `; ${reason}` : ""}); last error: ${summary}${hint ? `. ${hint}` : ""}`,
    );
    this.lastError = lastError;
    this.elapsedMs = elapsedMs;
    this.deadlineMs = deadlineMs;
    if (reason !== undefined) this.reason = reason;
  }
}

const HINTS: Record<number, string> = {
  401: "Check the API token (datarobot:apiToken or DATAROBOT_API_TOKEN) and the endpoint",
  403: "The token's user lacks permission for this resource (e.g. on the deployment)",
  429: "DataRobot is rate limiting this client; lower requestsPerSecond or try again later",
};

/** Maps a status to its error class. */
export function createApiError(details: ApiErrorDetails): DataRobotApiError {
  const withHint: ApiErrorDetails = { ...details, hint: details.hint ?? HINTS[details.status] };
  const status = details.status;
  if (status === 404) return new NotFoundError(withHint);
  if (status === 409) return new ConflictError(withHint);
  if (status === 422 || status === 400) return new ValidationError(withHint);
  if (status === 401) return new UnauthorizedError(withHint);
  if (status === 403) return new ForbiddenError(withHint);
  if (status === 429) return new RateLimitedError(withHint);
  if (status >= 500) return new ServerError(withHint);
  return new DataRobotApiError(withHint);
}

/** The same error with another attempt count / outcome flag / hint (errors are immutable). */
export function rebuildError(
  error: DataRobotApiError,
  changes: Pick<ApiErrorDetails, "attempts" | "outcomeUnknown" | "hint">,
): DataRobotApiError {
  if (error instanceof DeadlineExceededError) {
    const last = rebuildError(error.lastError, { outcomeUnknown: changes.outcomeUnknown });
    return new DeadlineExceededError(
      last,
      changes.attempts ?? error.attempts,
      error.elapsedMs,
      error.deadlineMs,
      error.reason,
      changes.hint,
    );
  }
  if (error instanceof NetworkError) {
    return new NetworkError({ ...error.toDetails(), hint: HINTS[error.status], ...changes });
  }
  return createApiError({ ...error.toDetails(), ...changes });
}
