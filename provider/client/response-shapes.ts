/**
 * The shape checks of 2xx answers: a definition has an id, a job an id and a status, a list is an envelope with a
 * `data` array. A body of another shape is reported as a DataRobotApiError naming what was expected, instead of being
 * passed on to fail somewhere far from the request that returned it. Shared by the operations, the page walk and the
 * create recovery, which all read definitions or jobs.
 */
import { DataRobotApiError } from "./errors";
import type { HttpRequest, HttpResponse } from "./http";
import type { ApiBatchJob, ApiJobDefinition } from "./types";
import { isNonArrayObject } from "../values";

/** The error for a 2xx answer whose body is not what the endpoint returns. */
export function unexpectedBody(
  request: Pick<HttpRequest, "method" | "path">,
  status: number,
  expected: string,
): DataRobotApiError {
  return new DataRobotApiError({
    status,
    method: request.method,
    path: request.path,
    apiMessage: `unexpected response body: expected ${expected}`,
  });
}

/**
 * A 2xx answer about another resource than the one asked for: a GET, PATCH or DELETE of id A answered with the body of
 * id B, or a job started from definition A that says it belongs to definition B. Taking such an answer would re-point
 * the resource (state would record B, and the next delete would delete B), so it is refused. Nothing retries it: the
 * same cache or proxy would likely answer the same way.
 */
export class ResponseMismatchError extends DataRobotApiError {
  /** What was asked for (an id), and what the answer names instead. */
  readonly asked: string;
  readonly answered: string;

  constructor(
    request: Pick<HttpRequest, "method" | "path">,
    status: number,
    what: string,
    asked: string,
    answered: string,
  ) {
    const apiMessage = `the answer is about ${what} ${JSON.stringify(answered)}, not the ${what} asked for, ${JSON.stringify(asked)}`;
    super(
      { status, method: request.method, path: request.path, apiMessage },
      `DataRobot API: ${request.method} ${request.path} asked about ${what} ${asked} but was answered about ${what} ` +
        `${answered}. A proxy or cache between this client and DataRobot may be mixing up answers (e.g. caching by ` +
        "a key that ignores the path); nothing was taken from this answer. Check that proxy (or HTTPS_PROXY), then " +
        "try again.",
    );
    this.asked = asked;
    this.answered = answered;
  }
}

/** Refuses a 2xx body that names another id than the one asked for (a body without that field is not judged). */
export function checkAnswerId(
  response: HttpResponse,
  request: Pick<HttpRequest, "method" | "path">,
  asked: string,
  answered: unknown,
  what = "id",
): void {
  if (typeof answered === "string" && answered !== asked) {
    throw new ResponseMismatchError(request, response.status, what, asked, answered);
  }
}

/**
 * The body as a job definition (a missing `batchPredictionJob` becomes `{}`, so readers need not guard it). With
 * `askedId` (a GET or PATCH of one definition), a body about another definition is refused.
 */
export function asDefinition(response: HttpResponse, request: HttpRequest, askedId?: string): ApiJobDefinition {
  const data = response.data;
  if (!isNonArrayObject(data) || typeof data.id !== "string") {
    throw unexpectedBody(request, response.status, "a job definition with an id");
  }
  if (askedId !== undefined) checkAnswerId(response, request, askedId, data.id);
  if (!isNonArrayObject(data.batchPredictionJob)) data.batchPredictionJob = {};
  return data as ApiJobDefinition;
}

/**
 * The body as a batch prediction job. With `askedId` (a GET of one job), a body about another job is refused; with
 * `definitionId` (a job started from a definition), a job that names another definition is refused.
 */
export function asJob(
  response: HttpResponse,
  request: HttpRequest,
  asked: { id?: string; definitionId?: string } = {},
): ApiBatchJob {
  const data = response.data;
  if (!isNonArrayObject(data) || typeof data.id !== "string" || typeof data.status !== "string") {
    throw unexpectedBody(request, response.status, "a batch prediction job with an id and a status");
  }
  if (asked.id !== undefined) checkAnswerId(response, request, asked.id, data.id, "job id");
  if (asked.definitionId !== undefined && isNonArrayObject(data.batchPredictionJobDefinition)) {
    const answered = data.batchPredictionJobDefinition.id;
    checkAnswerId(response, request, asked.definitionId, answered, "job definition id");
  }
  return data as ApiBatchJob;
}
