/**
 * Writes after an ambiguous failure: a failure after which the server may nevertheless have carried the request out
 * (a connection dropped once the request was sent, a 5xx from a gateway that had already forwarded it).
 *
 * It exists apart from the operations because each write answers "may we send it again?" differently, and the answers
 * belong together: a DELETE may be repeated, and a 404 (or 409) on the repeat means the first one worked; starting a
 * run may not (a second job would score the data twice), so it is retried only when the server certainly did not act
 * and otherwise fails saying a job may have started. The create, which can look itself up, is create-recovery.ts.
 */
import { DataRobotApiError, DeadlineExceededError, NetworkError, rebuildError } from "./errors";
import type { HttpCore, HttpRequest, HttpResponse } from "./http";
import { checkAnswerId } from "./response-shapes";
import { runWithRetries } from "./retry";
import type { OperationLimits } from "./types";
import { isNonArrayObject } from "../values";

/** Whether a failed request may nevertheless have been carried out by the server. */
export function isAmbiguousFailure(error: DataRobotApiError): boolean {
  if (error instanceof NetworkError) return error.phase === "sent";
  // A gateway error or an unavailable backend may come after the request was forwarded and handled.
  return error.status >= 500;
}

/** Whether a failed write may nevertheless have had its effect (its last attempt failed ambiguously). */
export function outcomeMayBeUnknown(error: unknown): error is DataRobotApiError {
  if (error instanceof DeadlineExceededError) return isAmbiguousFailure(error.lastError);
  return error instanceof DataRobotApiError && isAmbiguousFailure(error);
}

/** The error of a write that may have had its effect: flagged `outcomeUnknown`, with what to check before retrying. */
export function outcomeUnknownError(error: unknown, hint: string): unknown {
  return outcomeMayBeUnknown(error) ? rebuildError(error, { outcomeUnknown: true, hint }) : error;
}

/**
 * A POST that must not take effect twice: retried only when the server certainly did not act on it (429, or a
 * connection that never opened). An ambiguous failure ends it with an `outcomeUnknown` error carrying `hint`.
 */
export async function postAtMostOnce(
  core: HttpCore,
  request: HttpRequest,
  hint: string,
  limits: OperationLimits = {},
): Promise<HttpResponse> {
  try {
    return await runWithRetries(core.retryEnv, {
      method: request.method,
      path: request.path,
      ...core.limitsOf(limits),
      attempt: (attemptNumber, context) => core.send(request, attemptNumber, context),
      decide: (error) => (error.retryable && !isAmbiguousFailure(error) ? "retry" : "fail"),
    });
  } catch (error) {
    throw outcomeUnknownError(error, hint);
  }
}

/**
 * A DELETE, retried like any idempotent request; after an ambiguous failure, a status of `doneOnRetry` (404 gone,
 * 409 already finished) on a later attempt means the earlier attempt did the job before its response was lost.
 */
export async function deleteIdempotently(
  core: HttpCore,
  request: HttpRequest,
  doneOnRetry: number[],
  limits: OperationLimits = {},
  asked?: { id: string; what: string },
): Promise<void> {
  let sawAmbiguousFailure = false;
  await runWithRetries(core.retryEnv, {
    method: request.method,
    path: request.path,
    ...core.limitsOf(limits),
    attempt: async (attemptNumber, context) => {
      try {
        const response = await core.send(request, attemptNumber, context);
        // DELETE answers 204 (definitions) or 202 (jobs); a body that names another resource was about something else.
        if (asked && isNonArrayObject(response.data))
          checkAnswerId(response, request, asked.id, response.data.id, asked.what);
        return response;
      } catch (error) {
        if (sawAmbiguousFailure && error instanceof DataRobotApiError && doneOnRetry.includes(error.status)) {
          core.retryEnv.log(`${request.method} ${request.path} ${error.status} on retry: treated as done`);
          return { status: error.status, data: undefined };
        }
        throw error;
      }
    },
    decide: (error) => {
      if (!error.retryable) return "fail";
      if (isAmbiguousFailure(error)) sawAmbiguousFailure = true;
      return "retry";
    },
  });
}
