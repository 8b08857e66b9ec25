/**
 * Batch prediction job routes (docs/datarobot-api.md §8): run a definition once, get/list/abort jobs; plus the
 * scheduler that fires enabled schedules on the emulated clock.
 */
import type { EmulatorContext } from "../state/context";
import { findDefinition, requireOwner, type ApiContext } from "./definitions";
import { HttpError, isPlainObject, type Request, type Response, type Router } from "../http/router";
import { isObjectId, newObjectId } from "../rules/ids";
import { isTerminal, jobProgress, settleJobs, startJob } from "../state/lifecycle";
import { listEnvelope, parsePaging, renderJob } from "./render";
import { nextRunTime } from "../rules/schedule";
import type { StoredJob, UserKey } from "../state/store";

function fromJobDefinition(req: Request, { ctx, user, apiBase }: ApiContext): Response {
  const body = isPlainObject(req.body) ? req.body : {};
  const id = body.jobDefinitionId;
  if (typeof id !== "string" || id.length === 0)
    throw new HttpError(422, "Invalid field data", { jobDefinitionId: "is required" });
  const definition = findDefinition(ctx, id);
  requireOwner(definition, user, "run");
  const job = startJob(ctx, definition, user, "manual", () => newObjectId(ctx.now()));
  const rendered = renderJob(ctx, job, user, apiBase);
  return { status: 202, body: rendered, headers: { Location: `${apiBase}/batchPredictions/${job.id}/` } };
}

export function findJob(ctx: EmulatorContext, id: string): StoredJob {
  const job = isObjectId(id) ? ctx.state.jobs.get(id) : undefined;
  if (!job) throw new HttpError(404, `Batch prediction job ${id} was not found`);
  return job;
}

/** 403 unless `user` started the job or owns its definition. */
export function requireJobOwner(job: StoredJob, user: UserKey, action: string): void {
  if (job.createdBy !== user && job.definitionCreatedBy !== user)
    throw new HttpError(403, `You do not have permission to ${action} batch prediction job ${job.id}`);
}

/** Always 200, whatever the status (the Python SDK polls with redirects disabled, docs/datarobot-api.md §8.4). */
function getJob(req: Request, { ctx, user, apiBase }: ApiContext): Response {
  return { status: 200, body: renderJob(ctx, findJob(ctx, req.params.id), user, apiBase) };
}

/** 202 "Job cancelled" for a queued or running job; 409 once it has finished (docs/datarobot-api.md §8.5). */
function abortJob(req: Request, { ctx, user }: ApiContext): Response {
  const job = findJob(ctx, req.params.id);
  requireJobOwner(job, user, "abort");
  const now = ctx.now();
  const status = jobProgress(job, now).status;
  if (isTerminal(status)) throw new HttpError(409, `Job ${job.id} has already finished with status ${status}`);
  job.abortedAt = now;
  settleJobs(ctx);
  return { status: 202, body: { message: "Job cancelled" } };
}

function listJobs(req: Request, { ctx, user, apiBase }: ApiContext): Response {
  const paging = parsePaging(req.query, ctx.config.maxLimit);
  if ("errors" in paging) throw new HttpError(422, "Invalid query parameters", paging.errors);
  const definitionId = req.query.jobDefinitionId ?? req.query.batchPredictionJobDefinitionId;
  const { status, source, deploymentId } = req.query;
  const now = ctx.now();
  // Newest first, like DataRobot's job lists (reversed insertion order breaks ties of equal timestamps).
  const items = [...ctx.state.jobs.values()]
    .reverse()
    .filter((job) => (definitionId ? job.definitionId === definitionId : true))
    .filter((job) => (source ? job.source === source : true))
    .filter((job) => (deploymentId ? job.spec.deploymentId === deploymentId : true))
    .filter((job) => (status ? jobProgress(job, now).status === status.toUpperCase() : true))
    .sort((a, b) => b.created - a.created)
    .map((job) => renderJob(ctx, job, user, apiBase));
  const filterKeys = ["jobDefinitionId", "batchPredictionJobDefinitionId", "status", "source", "deploymentId"];
  const filters = Object.fromEntries(Object.entries(req.query).filter(([key]) => filterKeys.includes(key)));
  const path = req.path.startsWith("/batchJobs") ? "/batchJobs/" : "/batchPredictions/";
  return { status: 200, body: listEnvelope(items, paging, `${apiBase}${path}`, filters) };
}

export function jobRoutes(router: Router<ApiContext>): void {
  router
    .on("POST", "/batchPredictions/fromJobDefinition", fromJobDefinition)
    .on("GET", "/batchPredictions", listJobs)
    .on("GET", "/batchJobs", listJobs)
    .on("GET", "/batchPredictions/:id", getJob)
    .on("DELETE", "/batchPredictions/:id", abortJob);
}

/**
 * One scheduler step: record finished jobs, then start a run for every enabled definition whose next scheduled
 * time (after its cursor) has passed. Missed runs are not replayed ("best effort", docs/datarobot-api.md §4.2): the
 * cursor jumps to now. Returns true when state changed. A definition that cannot be run (a stored value no clone or
 * schedule accepts) is reported through `onError` and skipped until its next due time: it never stops the others or the
 * process.
 */
export function schedulerTick(
  ctx: EmulatorContext,
  onError: (definitionId: string, error: unknown) => void = () => undefined,
): boolean {
  let changed = settleJobs(ctx);
  const now = ctx.now();
  for (const definition of ctx.state.definitions.values()) {
    if (!definition.enabled || !definition.schedule) continue;
    try {
      const due = nextRunTime(definition.schedule, new Date(definition.scheduleCursor));
      if (!due || due.getTime() > now) continue;
      definition.scheduleCursor = now;
      changed = true;
      startJob(ctx, definition, definition.createdBy, "scheduled", () => newObjectId(now));
      definition.lastScheduledRunTime = due.getTime();
    } catch (error) {
      onError(definition.id, error);
    }
  }
  return changed;
}
