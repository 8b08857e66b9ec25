/**
 * Lists: walking a collection's pages by their `next` links, and the list operations built on that walk (definitions
 * by name or deployment, the exact-name lookup, jobs of one definition).
 *
 * It exists apart from the operations because a page walk has its own failure modes, each checked here: an envelope
 * without a `data` array, a `next` that is not a URL, a `next` that repeats (a server looping on one page), a list
 * that never ends. Each page is its own retried request, so one transient failure does not restart the list.
 */
import { DEFINITIONS, JOBS } from "./api-paths";
import type { HttpCore, HttpRequest } from "./http";
import { asDefinition, asJob, unexpectedBody } from "./response-shapes";
import type { ApiBatchJob, ApiJobDefinition, JobDefinitionListFilter, JobListFilter, OperationLimits } from "./types";
import { isNonArrayObject } from "../values";

const PAGE_SIZE = 100;
/** Guard against a server whose `next` never ends. */
const MAX_PAGES = 10_000;

/**
 * Every item of every page (docs/datarobot-api.md §3). `next` is an absolute URL that may name another host (e.g.
 * behind a proxy); like the Terraform provider, only its query string is kept and applied to our own base and path.
 * Each page gets the retry budget of one request, cut short by `outerDeadlineAt` when the walk is part of a larger
 * operation.
 */
export async function listAllPages(
  core: HttpCore,
  path: string,
  filter: Record<string, string | undefined>,
  outerDeadlineAt: number | undefined,
  limits: OperationLimits = {},
): Promise<unknown[]> {
  const env = core.retryEnv;
  let query: Record<string, string | number | undefined> = { offset: 0, limit: PAGE_SIZE, ...filter };
  const seen = new Set<string>();
  const items: unknown[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const request: HttpRequest = { method: "GET", path, query };
    const pageDeadline = Math.min(outerDeadlineAt ?? Infinity, env.now() + env.policy.deadlineMs);
    const response = await core.request(request, { deadlineAt: pageDeadline }, limits);
    const body = response.data;
    if (!isNonArrayObject(body) || !Array.isArray(body.data)) {
      throw unexpectedBody(request, response.status, "a list envelope with a data array");
    }
    items.push(...body.data);
    if (typeof body.next !== "string" || body.next === "") return items;
    let next: URL;
    try {
      next = new URL(body.next, core.endpoint);
    } catch {
      throw unexpectedBody(request, response.status, `a valid next URL (got ${core.scrub(body.next)})`);
    }
    const nextKey = next.searchParams.toString();
    if (seen.has(nextKey)) throw unexpectedBody(request, response.status, "a next link that advances (it repeats)");
    seen.add(nextKey);
    query = Object.fromEntries(next.searchParams.entries());
  }
  throw unexpectedBody({ method: "GET", path }, 200, `at most ${MAX_PAGES} pages`);
}

/** Every definition matching the filter (searchName is a substring match on the server). */
export async function listDefinitions(
  core: HttpCore,
  filter: JobDefinitionListFilter,
  deadlineAt: number | undefined,
): Promise<ApiJobDefinition[]> {
  const request: HttpRequest = { method: "GET", path: DEFINITIONS };
  const items = await listAllPages(
    core,
    DEFINITIONS,
    { searchName: filter.searchName, deploymentId: filter.deploymentId },
    deadlineAt,
  );
  return items.map((item) => asDefinition({ status: 200, data: item }, request));
}

/** The definition with exactly this name: searchName, then an exact match among the substring matches. */
export async function findDefinitionByName(
  core: HttpCore,
  name: string,
  deadlineAt: number | undefined,
): Promise<ApiJobDefinition | undefined> {
  const candidates = await listDefinitions(core, { searchName: name }, deadlineAt);
  return candidates.find((definition) => definition.name === name);
}

/** Every job, or only those of one definition (filtered again here, for a server that ignores the filter). */
export async function listAllJobs(
  core: HttpCore,
  filter: JobListFilter,
  limits: OperationLimits = {},
): Promise<ApiBatchJob[]> {
  const items = await listAllPages(
    core,
    JOBS,
    { batchPredictionJobDefinitionId: filter.jobDefinitionId },
    undefined,
    limits,
  );
  const request: HttpRequest = { method: "GET", path: JOBS };
  const jobs = items.map((item) => asJob({ status: 200, data: item }, request));
  if (filter.jobDefinitionId === undefined) return jobs;
  // Keep out only the jobs whose definition is known to be another one.
  return jobs.filter((job) => {
    const definition = job.batchPredictionJobDefinition;
    return !isNonArrayObject(definition) || definition.id === undefined || definition.id === filter.jobDefinitionId;
  });
}
