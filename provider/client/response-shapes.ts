/**
 * The shape checks of 2xx answers: a definition has an id, a job an id and a status, a list is an envelope with a
 * `data` array. A body of another shape is reported as a DataRobotApiError naming what was expected, instead of being
 * passed on to fail somewhere far from the request that returned it. Shared by the operations, the page walk and the
 * create recovery, which all read definitions or jobs.
 */
import { DataRobotApiError } from "./errors";
import type { HttpRequest, HttpResponse } from "./http";
import type { ApiBatchJob, ApiJobDefinition } from "./types";
import { isPlainObject } from "../model/paths";

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

/** The body as a job definition (a missing `batchPredictionJob` becomes `{}`, so readers need not guard it). */
export function asDefinition(response: HttpResponse, request: HttpRequest): ApiJobDefinition {
  const data = response.data;
  if (!isPlainObject(data) || typeof data.id !== "string") {
    throw unexpectedBody(request, response.status, "a job definition with an id");
  }
  if (!isPlainObject(data.batchPredictionJob)) data.batchPredictionJob = {};
  return data as ApiJobDefinition;
}

/** The body as a batch prediction job. */
export function asJob(response: HttpResponse, request: HttpRequest): ApiBatchJob {
  const data = response.data;
  if (!isPlainObject(data) || typeof data.id !== "string" || typeof data.status !== "string") {
    throw unexpectedBody(request, response.status, "a batch prediction job with an id and a status");
  }
  return data as ApiBatchJob;
}
