/**
 * Stored records → API response shapes (docs/datarobot-api.md §5 definition, §8.3 job), including permission redaction
 * (§4.6): a viewer who does not own the definition sees "[redacted]" instead of referenced ids, listed in
 * redactedFields.
 */
import { USERS } from "../state/auth";
import type { EmulatorContext } from "../state/context";
import { isoMicro, NEVER } from "../rules/ids";
import { jobProgress } from "../state/lifecycle";
import { nextRunTime } from "../rules/schedule";
import { addServerFilledFields } from "../rules/server-filled";
import type { StoredDefinition, StoredJob, UserKey } from "../state/store";

const REDACTABLE = ["credentialId", "cloudStorageCredentialId", "dataStoreId", "datasetId", "projectId"];

/**
 * The job spec as `viewer` may see it: ids redacted when the viewer is not `owner`, secrets never echoed, and the
 * documented server-filled fields added when `serverFilled` is set.
 */
export function viewSpec(
  spec: Record<string, unknown>,
  owner: UserKey,
  viewer: UserKey,
  serverFilled = false,
): Record<string, unknown> {
  const view = structuredClone(spec);
  if (serverFilled) addServerFilledFields(view);
  const redactedFields: string[] = [];
  if (viewer !== owner) {
    for (const adapter of ["intakeSettings", "outputSettings"]) {
      const settings = view[adapter] as Record<string, unknown> | null | undefined;
      if (!settings) continue;
      for (const key of REDACTABLE) {
        if (settings[key] != null) {
          settings[key] = "[redacted]";
          redactedFields.push(`${adapter}.${key}`);
        }
      }
    }
  }
  // The prediction instance's apiKey is a secret: accepted on write, never echoed (the Terraform provider keeps it
  // from its own state, which suggests the server does not return it).
  const instance = view.predictionInstance as Record<string, unknown> | null | undefined;
  if (instance) delete instance.apiKey;
  view.redactedFields = redactedFields;
  return view;
}

function serverFilled(ctx: EmulatorContext): boolean {
  return ctx.config.serverFilledFields === "documented";
}

export function renderDefinition(
  ctx: EmulatorContext,
  definition: StoredDefinition,
  viewer: UserKey,
): Record<string, unknown> {
  const lastJob = definition.lastJobId ? ctx.state.jobs.get(definition.lastJobId) : undefined;
  const next = definition.schedule ? nextRunTime(definition.schedule, new Date(ctx.now())) : null;
  return {
    id: definition.id,
    name: definition.name,
    enabled: definition.enabled,
    schedule: definition.schedule,
    batchPredictionJob: viewSpec(definition.spec, definition.createdBy, viewer, serverFilled(ctx)),
    created: isoMicro(definition.created),
    updated: isoMicro(definition.updated),
    createdBy: USERS[definition.createdBy],
    updatedBy: USERS[definition.updatedBy],
    lastStartedJobStatus: lastJob ? jobProgress(lastJob, ctx.now()).status : null,
    lastStartedJobTime: lastJob ? isoMicro(lastJob.created) : null,
    lastSuccessfulRunTime:
      definition.lastSuccessfulRunTime === null ? NEVER : isoMicro(definition.lastSuccessfulRunTime),
    lastFailedRunTime: definition.lastFailedRunTime === null ? NEVER : isoMicro(definition.lastFailedRunTime),
    lastScheduledRunTime: definition.lastScheduledRunTime === null ? null : isoMicro(definition.lastScheduledRunTime),
    nextScheduledRunTime: next ? isoMicro(next.getTime()) : null,
  };
}

/** Rough bytes per CSV row, to report plausible jobIntakeSize / jobOutputSize values. */
const INTAKE_BYTES_PER_ROW = 120;
const OUTPUT_BYTES_PER_ROW = 40;

export function renderJob(
  ctx: EmulatorContext,
  job: StoredJob,
  viewer: UserKey,
  apiBase: string,
): Record<string, unknown> {
  const progress = jobProgress(job, ctx.now());
  const self = `${apiBase}/batchPredictions/${job.id}/`;
  const links: Record<string, string> = { self };
  const intake = job.spec.intakeSettings as Record<string, unknown> | undefined;
  const output = job.spec.outputSettings as Record<string, unknown> | undefined;
  if ((intake?.type ?? "localFile") === "localFile") links.csvUpload = `${self}csvUpload/`; // the documented default
  if (output?.type === "localFile" && progress.status === "COMPLETED") links.download = `${self}download/`;
  const body: Record<string, unknown> = {
    id: job.id,
    status: progress.status,
    statusDetails: progress.statusDetails,
    percentageCompleted: progress.percentageCompleted,
    elapsedTimeSec: progress.elapsedTimeSec,
    created: isoMicro(job.created),
    createdBy: USERS[job.createdBy],
    jobSpec: viewSpec(job.spec, job.definitionCreatedBy ?? job.createdBy, viewer, serverFilled(ctx)),
    links,
    logs: progress.logs,
    queued: progress.queued,
    queuePosition: progress.queuePosition,
    scoredRows: progress.scoredRows,
    failedRows: progress.failedRows,
    skippedRows: progress.skippedRows,
    jobIntakeSize: job.intakeBytes ?? (progress.status === "INITIALIZING" ? 0 : job.rows * INTAKE_BYTES_PER_ROW),
    jobOutputSize:
      job.outputBytes !== undefined && progress.status === "COMPLETED"
        ? job.outputBytes
        : progress.scoredRows * OUTPUT_BYTES_PER_ROW,
    hidden: false,
    resultsDeleted: false,
    source: job.source,
  };
  if (job.definitionId) {
    body.batchPredictionJobDefinition = {
      id: job.definitionId,
      name: job.definitionName,
      createdBy: USERS[job.definitionCreatedBy ?? job.createdBy].userId,
    };
  }
  return body;
}

/** Parses offset/limit (defaults 0/100, docs/datarobot-api.md §3.1); errors become a 422 on the list route. */
export function parsePaging(
  query: Record<string, string>,
  maxLimit: number,
): { offset: number; limit: number } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const read = (key: string, fallback: number, min: number, max: number): number => {
    const raw = query[key];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      errors[key] = `must be an integer from ${min} to ${max}`;
      return fallback;
    }
    return value;
  };
  const offset = read("offset", 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = read("limit", 100, 1, maxLimit);
  return Object.keys(errors).length ? { errors } : { offset, limit };
}

/**
 * The list envelope (docs/datarobot-api.md §3.2): `count`, `totalCount`, absolute `next`/`previous` carrying offset and
 * limit (plus the original filters) in the query string, and `data`.
 */
export function listEnvelope<T>(
  items: T[],
  paging: { offset: number; limit: number },
  pageUrl: string,
  query: Record<string, string>,
): Record<string, unknown> {
  const page = items.slice(paging.offset, paging.offset + paging.limit);
  const link = (offset: number): string => {
    const params = new URLSearchParams({ ...query, offset: String(offset), limit: String(paging.limit) });
    return `${pageUrl}?${params.toString()}`;
  };
  const hasNext = paging.offset + paging.limit < items.length;
  const hasPrevious = paging.offset > 0;
  return {
    count: page.length,
    totalCount: items.length,
    next: hasNext ? link(paging.offset + paging.limit) : null,
    previous: hasPrevious ? link(Math.max(0, paging.offset - paging.limit)) : null,
    data: page,
  };
}
