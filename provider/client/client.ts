/**
 * DataRobotClient: the operations on batch prediction job definitions and jobs, one method per endpoint, on top of
 * the transport (http.ts). Each method builds its request and reads its answer; the protocols behind some of them live
 * in their own modules:
 * - pagination.ts: the list operations walk every page by its `next` links.
 * - create-recovery.ts: POST create is made safe to retry: after an ambiguous failure (the server may have stored the
 *   definition) the definition is looked up by its exact name before posting again, so a retry never duplicates it.
 * - ambiguous-writes.ts: POST fromJobDefinition (starting a run) is retried only when the server certainly did not act
 *   on it (429, or a connection that never opened); otherwise it fails saying that a job may have been started. A
 *   DELETE whose retry finds the resource gone counts as done.
 * - response-shapes.ts: every answer is checked against what was asked: a GET, PATCH or DELETE of one id answered
 *   about another id, or a job started from one definition that names another, is a ResponseMismatchError.
 * GET and PATCH are idempotent here and retried on 429, 502, 503, 504 and network failures (http.ts, retry.ts).
 */
import type { Readable } from "node:stream";
import * as util from "node:util";
import { deleteIdempotently, postAtMostOnce } from "./ambiguous-writes";
import { DEFINITIONS, JOBS, pathOf } from "./api-paths";
import { createWithRecovery } from "./create-recovery";
import { HttpCore, HttpRequest } from "./http";
import { findDefinitionByName, listAllJobs, listDefinitions } from "./pagination";
import { asDefinition, asJob } from "./response-shapes";
import {
  ApiBatchJob,
  ApiJobDefinition,
  DataRobotClientOptions,
  JobDefinitionListFilter,
  JobListFilter,
  OperationLimits,
} from "./types";

export class DataRobotClient {
  /** The normalised API base, e.g. "https://app.datarobot.com/api/v2". */
  readonly endpoint: string;
  readonly #core: HttpCore;

  constructor(options: DataRobotClientOptions) {
    this.#core = new HttpCore(options);
    this.endpoint = this.#core.endpoint;
  }

  // ---- job definitions ----

  /** POST /batchPredictionJobDefinitions/ (flat body); safe to retry, see create-recovery.ts. */
  createJobDefinition(body: Record<string, unknown>): Promise<ApiJobDefinition> {
    return createWithRecovery(this.#core, body);
  }

  /** GET /batchPredictionJobDefinitions/{id}/; NotFoundError on 404. */
  async getJobDefinition(id: string, limits: OperationLimits = {}): Promise<ApiJobDefinition> {
    const request: HttpRequest = { method: "GET", path: pathOf(DEFINITIONS, id) };
    return asDefinition(await this.#core.request(request, {}, limits), request, id);
  }

  /** PATCH /batchPredictionJobDefinitions/{id}/ with the body as given (top-level partial update). */
  async updateJobDefinition(id: string, patch: Record<string, unknown>): Promise<ApiJobDefinition> {
    const request: HttpRequest = { method: "PATCH", path: pathOf(DEFINITIONS, id), body: patch };
    return asDefinition(await this.#core.request(request), request, id);
  }

  /** DELETE /batchPredictionJobDefinitions/{id}/ (204). A 404 on a retry after an ambiguous failure counts as done. */
  async deleteJobDefinition(id: string): Promise<void> {
    await deleteIdempotently(
      this.#core,
      { method: "DELETE", path: pathOf(DEFINITIONS, id) },
      [404],
      {},
      {
        id,
        what: "id",
      },
    );
  }

  /** All definitions (every page), optionally filtered by name substring and deployment. */
  listJobDefinitions(filter: JobDefinitionListFilter = {}): Promise<ApiJobDefinition[]> {
    return listDefinitions(this.#core, filter, undefined);
  }

  /** The definition with exactly this name (searchName is a substring match, so the result is filtered). */
  findJobDefinitionByName(name: string): Promise<ApiJobDefinition | undefined> {
    return findDefinitionByName(this.#core, name, undefined);
  }

  // ---- jobs ----

  /** POST /batchPredictions/fromJobDefinition/: starts a run now. Never retried when the server may have acted. */
  async startJobFromDefinition(definitionId: string, limits: OperationLimits = {}): Promise<ApiBatchJob> {
    if (typeof definitionId !== "string" || definitionId.trim() === "") {
      throw new TypeError("DataRobot client: a job definition id is required to start a job");
    }
    const request: HttpRequest = {
      method: "POST",
      path: `${JOBS}fromJobDefinition/`,
      body: { jobDefinitionId: definitionId },
    };
    const response = await postAtMostOnce(
      this.#core,
      request,
      `A batch prediction job may have been started for definition ${definitionId}; ` +
        "check its jobs (GET /batchPredictions/?batchPredictionJobDefinitionId=...) before starting another",
      limits,
    );
    return asJob(response, request, { definitionId });
  }

  /** GET /batchPredictions/{id}/, plus the server's Retry-After (a polling hint) when it sent one. */
  async getJob(jobId: string, limits: OperationLimits = {}): Promise<ApiBatchJob & { retryAfterMs?: number }> {
    const request: HttpRequest = { method: "GET", path: pathOf(JOBS, jobId) };
    const response = await this.#core.request(request, {}, limits);
    const job: ApiBatchJob & { retryAfterMs?: number } = asJob(response, request, { id: jobId });
    if (response.retryAfterMs !== undefined) job.retryAfterMs = response.retryAfterMs;
    return job;
  }

  /** DELETE /batchPredictions/{id}/ (202). A 404/409 on a retry after an ambiguous failure counts as done. */
  async abortJob(jobId: string, limits: OperationLimits = {}): Promise<void> {
    await deleteIdempotently(this.#core, { method: "DELETE", path: pathOf(JOBS, jobId) }, [404, 409], limits, {
      id: jobId,
      what: "job id",
    });
  }

  /**
   * Streams CSV data to a job's `links.csvUpload` (or one of its multipart part URLs): PUT, Content-Type text/csv.
   * Never retried (the stream cannot be replayed); a failure throws the typed error.
   */
  async uploadCsv(
    url: string,
    body: Readable,
    options: { contentLength?: number; signal?: AbortSignal } = {},
  ): Promise<void> {
    const response = await this.#core.stream({ method: "PUT", url, body, contentType: "text/csv", ...options });
    response.resume();
  }

  /** POST `<csvUpload>finalizeMultipart/`: all parts of a multipart upload are in. */
  async finalizeMultipartUpload(csvUploadUrl: string, signal?: AbortSignal): Promise<void> {
    const url = `${csvUploadUrl.endsWith("/") ? csvUploadUrl : `${csvUploadUrl}/`}finalizeMultipart/`;
    const response = await this.#core.stream({ method: "POST", url, ...(signal ? { signal } : {}) });
    response.resume();
  }

  /** GET a job's `links.download`: the scored CSV as a stream (the caller consumes it). */
  async downloadResults(url: string, signal?: AbortSignal): Promise<Readable> {
    return this.#core.stream({ method: "GET", url, ...(signal ? { signal } : {}) });
  }

  /** All jobs (every page), optionally only those of one definition (kept out client-side too, see pagination.ts). */
  listJobs(filter: JobListFilter = {}, limits: OperationLimits = {}): Promise<ApiBatchJob[]> {
    return listAllJobs(this.#core, filter, limits);
  }

  /**
   * A text the server sent, fit to print or store: the token and the secret values of each of `sources` (a request
   * body, a job's `jobSpec`, a definition) cut out wherever quoted, control characters escaped (redact.ts).
   */
  scrub(text: string, ...sources: unknown[]): string {
    return this.#core.scrub(text, ...sources);
  }

  /** `scrub` with the secrets prepared once, for many texts (every string of a job). */
  scrubber(...sources: unknown[]): (text: string) => string {
    return this.#core.scrubber(...sources);
  }

  // ---- keep the token out of logs of the client object itself ----

  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint };
  }

  [util.inspect.custom](): string {
    return `DataRobotClient { endpoint: '${this.endpoint}' }`;
  }
}
