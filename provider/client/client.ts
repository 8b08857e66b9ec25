/**
 * DataRobotClient: the operations on batch prediction job definitions and jobs, on top of the request core.
 *
 * Retry rules per operation (see http.ts and retry.ts for the mechanics):
 * - GET, PATCH, DELETE are idempotent here and retried on 429, 502, 503, 504 and network failures.
 * - POST create is made safe to retry: after an ambiguous failure (the server may have stored the definition) the
 *   client looks the definition up by its exact name before posting again, so a retry never creates a duplicate.
 * - POST fromJobDefinition (starting a run) is retried only when the server certainly did not act on it (429, or a
 *   connection that never opened); otherwise it fails saying that a job may have been started.
 */
import type { Readable } from "node:stream";
import * as util from "node:util";
import { DataRobotApiError, DeadlineExceededError, rebuildError } from "./errors";
import { HttpCore, HttpRequest, HttpResponse, isAmbiguousFailure } from "./http";
import { runWithRetries } from "./retry";
import { ApiBatchJob, ApiJobDefinition, DataRobotClientOptions, JobDefinitionListFilter, JobListFilter } from "./types";
import { isPlainObject } from "../model/paths";

const DEFINITIONS = "/batchPredictionJobDefinitions/";
const JOBS = "/batchPredictions/";
const PAGE_SIZE = 100;
/** Guard against a server whose `next` never ends. */
const MAX_PAGES = 10_000;
/**
 * A definition found by name after an ambiguous create is only taken as ours if it was created at most this long
 * before the operation started (generous, to tolerate clock skew between us and the server).
 */
const CREATED_SKEW_TOLERANCE_MS = 15 * 60 * 1000;

function pathOf(collection: string, id: string): string {
  if (typeof id !== "string" || id.trim() === "")
    throw new TypeError(`DataRobot client: an id is required for ${collection}`);
  return `${collection}${encodeURIComponent(id)}/`;
}

function unexpectedBody(request: HttpRequest, status: number, expected: string): DataRobotApiError {
  return new DataRobotApiError({
    status,
    method: request.method,
    path: request.path,
    apiMessage: `unexpected response body: expected ${expected}`,
  });
}

/** Whether a failed POST may nevertheless have had its effect (its last attempt failed ambiguously). */
function outcomeMayBeUnknown(error: unknown): error is DataRobotApiError {
  if (error instanceof DeadlineExceededError) return isAmbiguousFailure(error.lastError);
  return error instanceof DataRobotApiError && isAmbiguousFailure(error);
}

export class DataRobotClient {
  /** The normalised API base, e.g. "https://app.datarobot.com/api/v2". */
  readonly endpoint: string;
  readonly #core: HttpCore;

  constructor(options: DataRobotClientOptions) {
    this.#core = new HttpCore(options);
    this.endpoint = this.#core.endpoint;
  }

  // ---- job definitions ----

  /** POST /batchPredictionJobDefinitions/ (flat body); safe to retry, see the module comment. */
  async createJobDefinition(body: Record<string, unknown>): Promise<ApiJobDefinition> {
    const request: HttpRequest = { method: "POST", path: DEFINITIONS, body };
    const name = typeof body.name === "string" && body.name !== "" ? body.name : undefined;
    const env = this.#core.retryEnv;
    const startedAt = env.now();
    const deadlineAt = startedAt + env.policy.deadlineMs;
    let sawAmbiguousFailure = false;
    const findOurs = async (): Promise<ApiJobDefinition | undefined> => {
      const found = await this.findJobDefinitionByNameWithin(name as string, deadlineAt);
      return found && this.looksLikeOurCreate(found, body, startedAt) ? found : undefined;
    };
    try {
      return await runWithRetries(env, {
        method: request.method,
        path: request.path,
        deadlineAt,
        attempt: async (attemptNumber) => {
          try {
            return this.asDefinition(await this.#core.send(request, attemptNumber), request);
          } catch (error) {
            // "Name taken" on a retry after an ambiguous failure: most likely our earlier attempt was stored after
            // the lookup ran. Look once more before reporting a conflict.
            const nameTaken = error instanceof DataRobotApiError && (error.status === 409 || error.status === 422);
            if (nameTaken && sawAmbiguousFailure && name) {
              const ours = await findOurs();
              if (ours) return ours;
            }
            throw error;
          }
        },
        decide: (error) => {
          if (!error.retryable) return "fail";
          if (!isAmbiguousFailure(error)) return "retry"; // 429 or a connection that never opened: nothing stored
          if (!name) return "fail"; // nothing to look it up by: a retry could create a duplicate
          sawAmbiguousFailure = true;
          return "retry";
        },
        beforeRetry: async (error) => {
          if (!isAmbiguousFailure(error)) return undefined;
          env.log(`lookup POST ${DEFINITIONS} by exact name before retrying (ambiguous failure)`);
          const ours = await findOurs();
          return ours ? { resolved: ours } : undefined;
        },
      });
    } catch (error) {
      if (outcomeMayBeUnknown(error)) {
        throw rebuildError(error, {
          outcomeUnknown: true,
          hint: name
            ? `The definition "${name}" may have been created; look it up by name before creating it again`
            : "The definition may have been created (it has no name to look it up by); check before creating it again",
        });
      }
      throw error;
    }
  }

  /** GET /batchPredictionJobDefinitions/{id}/; NotFoundError on 404. */
  async getJobDefinition(id: string): Promise<ApiJobDefinition> {
    const request: HttpRequest = { method: "GET", path: pathOf(DEFINITIONS, id) };
    return this.asDefinition(await this.#core.request(request), request);
  }

  /** PATCH /batchPredictionJobDefinitions/{id}/ with the body as given (top-level partial update). */
  async updateJobDefinition(id: string, patch: Record<string, unknown>): Promise<ApiJobDefinition> {
    const request: HttpRequest = { method: "PATCH", path: pathOf(DEFINITIONS, id), body: patch };
    return this.asDefinition(await this.#core.request(request), request);
  }

  /** DELETE /batchPredictionJobDefinitions/{id}/ (204). A 404 on a retry after an ambiguous failure counts as done. */
  async deleteJobDefinition(id: string): Promise<void> {
    await this.idempotentDelete({ method: "DELETE", path: pathOf(DEFINITIONS, id) }, [404]);
  }

  /** All definitions (every page), optionally filtered by name substring and deployment. */
  listJobDefinitions(filter: JobDefinitionListFilter = {}): Promise<ApiJobDefinition[]> {
    return this.listDefinitionsWithin(filter, undefined);
  }

  /** The definition with exactly this name (searchName is a substring match, so the result is filtered). */
  findJobDefinitionByName(name: string): Promise<ApiJobDefinition | undefined> {
    return this.findJobDefinitionByNameWithin(name, undefined);
  }

  // ---- jobs ----

  /** POST /batchPredictions/fromJobDefinition/: starts a run now. Never retried when the server may have acted. */
  async startJobFromDefinition(definitionId: string): Promise<ApiBatchJob> {
    if (typeof definitionId !== "string" || definitionId.trim() === "") {
      throw new TypeError("DataRobot client: a job definition id is required to start a job");
    }
    const request: HttpRequest = {
      method: "POST",
      path: `${JOBS}fromJobDefinition/`,
      body: { jobDefinitionId: definitionId },
    };
    try {
      const response = await runWithRetries(this.#core.retryEnv, {
        method: request.method,
        path: request.path,
        attempt: (attemptNumber) => this.#core.send(request, attemptNumber),
        decide: (error) => (error.retryable && !isAmbiguousFailure(error) ? "retry" : "fail"),
      });
      return this.asJob(response, request);
    } catch (error) {
      if (outcomeMayBeUnknown(error)) {
        throw rebuildError(error, {
          outcomeUnknown: true,
          hint:
            `A batch prediction job may have been started for definition ${definitionId}; ` +
            "check its jobs (GET /batchPredictions/?batchPredictionJobDefinitionId=...) before starting another",
        });
      }
      throw error;
    }
  }

  /** GET /batchPredictions/{id}/, plus the server's Retry-After (a polling hint) when it sent one. */
  async getJob(jobId: string): Promise<ApiBatchJob & { retryAfterMs?: number }> {
    const request: HttpRequest = { method: "GET", path: pathOf(JOBS, jobId) };
    const response = await this.#core.request(request);
    const job: ApiBatchJob & { retryAfterMs?: number } = this.asJob(response, request);
    if (response.retryAfterMs !== undefined) job.retryAfterMs = response.retryAfterMs;
    return job;
  }

  /** DELETE /batchPredictions/{id}/ (202). A 404/409 on a retry after an ambiguous failure counts as done. */
  async abortJob(jobId: string): Promise<void> {
    await this.idempotentDelete({ method: "DELETE", path: pathOf(JOBS, jobId) }, [404, 409]);
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

  /** All jobs (every page), optionally only those of one definition. */
  async listJobs(filter: JobListFilter = {}): Promise<ApiBatchJob[]> {
    const items = await this.listAll(JOBS, { batchPredictionJobDefinitionId: filter.jobDefinitionId }, undefined);
    const request: HttpRequest = { method: "GET", path: JOBS };
    const jobs = items.map((item) => this.asJob({ status: 200, data: item }, request));
    if (filter.jobDefinitionId === undefined) return jobs;
    // Tolerate a server that ignores the filter: keep jobs whose definition is known to be another one out.
    return jobs.filter((job) => {
      const definition = job.batchPredictionJobDefinition;
      return !isPlainObject(definition) || definition.id === undefined || definition.id === filter.jobDefinitionId;
    });
  }

  // ---- keep the token out of logs of the client object itself ----

  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint };
  }

  [util.inspect.custom](): string {
    return `DataRobotClient { endpoint: '${this.endpoint}' }`;
  }

  // ---- internals ----

  private async idempotentDelete(request: HttpRequest, doneOnRetry: number[]): Promise<void> {
    let sawAmbiguousFailure = false;
    await runWithRetries(this.#core.retryEnv, {
      method: request.method,
      path: request.path,
      attempt: async (attemptNumber) => {
        try {
          return await this.#core.send(request, attemptNumber);
        } catch (error) {
          // Our earlier attempt may have done the job before its response was lost.
          if (sawAmbiguousFailure && error instanceof DataRobotApiError && doneOnRetry.includes(error.status)) {
            this.#core.retryEnv.log(`${request.method} ${request.path} ${error.status} on retry: treated as done`);
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

  private async findJobDefinitionByNameWithin(name: string, deadlineAt: number | undefined) {
    const candidates = await this.listDefinitionsWithin({ searchName: name }, deadlineAt);
    return candidates.find((definition) => definition.name === name);
  }

  private async listDefinitionsWithin(filter: JobDefinitionListFilter, deadlineAt: number | undefined) {
    const request: HttpRequest = { method: "GET", path: DEFINITIONS };
    const items = await this.listAll(
      DEFINITIONS,
      { searchName: filter.searchName, deploymentId: filter.deploymentId },
      deadlineAt,
    );
    return items.map((item) => this.asDefinition({ status: 200, data: item }, request));
  }

  /**
   * Every page of a list. `next` is an absolute URL that may name another host (e.g. behind a proxy); like the
   * Terraform provider, only its query string is kept and applied to our own base and path.
   */
  private async listAll(
    path: string,
    filter: Record<string, string | undefined>,
    outerDeadlineAt: number | undefined,
  ): Promise<unknown[]> {
    const env = this.#core.retryEnv;
    let query: Record<string, string | number | undefined> = { offset: 0, limit: PAGE_SIZE, ...filter };
    const seen = new Set<string>();
    const items: unknown[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const request: HttpRequest = { method: "GET", path, query };
      const pageDeadline = Math.min(outerDeadlineAt ?? Infinity, env.now() + env.policy.deadlineMs);
      const response = await this.#core.request(request, { deadlineAt: pageDeadline });
      const body = response.data;
      if (!isPlainObject(body) || !Array.isArray(body.data)) {
        throw unexpectedBody(request, response.status, "a list envelope with a data array");
      }
      items.push(...body.data);
      if (typeof body.next !== "string" || body.next === "") return items;
      let next: URL;
      try {
        next = new URL(body.next, this.endpoint);
      } catch {
        throw unexpectedBody(request, response.status, `a valid next URL (got ${this.#core.scrub(body.next)})`);
      }
      const nextKey = next.searchParams.toString();
      if (seen.has(nextKey)) throw unexpectedBody(request, response.status, "a next link that advances (it repeats)");
      seen.add(nextKey);
      query = Object.fromEntries(next.searchParams.entries());
    }
    throw unexpectedBody({ method: "GET", path }, 200, `at most ${MAX_PAGES} pages`);
  }

  /** Whether a definition found by name after an ambiguous create is the one we posted (not a stranger's). */
  private looksLikeOurCreate(found: ApiJobDefinition, body: Record<string, unknown>, startedAt: number): boolean {
    const sentDeployment = body.deploymentId;
    const foundDeployment = found.batchPredictionJob?.deploymentId;
    if (
      typeof sentDeployment === "string" &&
      typeof foundDeployment === "string" &&
      sentDeployment !== foundDeployment
    ) {
      return false;
    }
    const created = typeof found.created === "string" ? Date.parse(found.created) : NaN;
    if (!Number.isNaN(created) && created < startedAt - CREATED_SKEW_TOLERANCE_MS) return false;
    return true;
  }

  private asDefinition(response: HttpResponse, request: HttpRequest): ApiJobDefinition {
    const data = response.data;
    if (!isPlainObject(data) || typeof data.id !== "string") {
      throw unexpectedBody(request, response.status, "a job definition with an id");
    }
    if (!isPlainObject(data.batchPredictionJob)) data.batchPredictionJob = {};
    return data as ApiJobDefinition;
  }

  private asJob(response: HttpResponse, request: HttpRequest): ApiBatchJob {
    const data = response.data;
    if (!isPlainObject(data) || typeof data.id !== "string" || typeof data.status !== "string") {
      throw unexpectedBody(request, response.status, "a batch prediction job with an id and a status");
    }
    return data as ApiBatchJob;
  }
}
