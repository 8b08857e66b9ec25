/**
 * Job definition routes (docs/datarobot-api.md §2, §4-§7): create (flat body, defaults, validation, unique names), list
 * (paging, searchName, deploymentId), get, PATCH (top-level merge, nested objects replaced whole) and DELETE.
 */
import type { EmulatorConfig, EmulatorContext } from "../state/context";
import { HttpError, isPlainObject, type Request, type Response, type Router } from "../http/router";
import { isObjectId, newObjectId } from "../rules/ids";
import { hasRunningJob } from "../state/lifecycle";
import { generateName } from "../rules/names";
import { listEnvelope, parsePaging, renderDefinition } from "./render";
import type { StoredDefinition, UserKey } from "../state/store";
import { SPEC_KEYS, TOP_LEVEL_KEYS, validateBody, validateMerged, type FieldErrors } from "../rules/validation";
import { carriesSpecKeys, interpretBody, patchBase } from "../rules/write-semantics";

/** What the route handlers get besides the request. */
export interface ApiContext {
  ctx: EmulatorContext;
  user: UserKey;
  /** Absolute API base for links, e.g. http://127.0.0.1:1234/api/v2 */
  apiBase: string;
}

/** Server defaults filled into every stored job spec (docs/datarobot-api.md §4.1, §5). */
export function specDefaults(config: EmulatorConfig): Record<string, unknown> {
  return {
    numConcurrent: config.defaultNumConcurrent,
    chunkSize: "auto",
    abortOnError: true,
    disableRowLevelErrorHandling: false,
    includeProbabilities: true,
    includeProbabilitiesClasses: [],
    includePredictionStatus: false,
    skipDriftTracking: false,
    maxExplanations: 0,
    csvSettings: { delimiter: ",", quotechar: '"', encoding: "utf-8" },
    // "For both, the defaults are local file intake and output" (DataRobot's batch prediction API guide).
    intakeSettings: { type: "localFile" },
    outputSettings: { type: "localFile" },
    columnNamesRemapping: null,
    predictionWarningEnabled: null,
  };
}

/** Keys echoed as null rather than dropped when unset. */
const NULLABLE = new Set(["columnNamesRemapping", "predictionWarningEnabled"]);

function dropNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

/**
 * Server-side normal forms: remapping as an array (docs/datarobot-api.md §5), csvSettings completed, sslEnabled
 * defaulted.
 */
export function normalizeSpecValue(key: string, value: unknown, config: EmulatorConfig): unknown {
  if (key === "columnNamesRemapping" && isPlainObject(value))
    return Object.entries(value).map(([inputName, outputName]) => ({ inputName, outputName }));
  if (key === "csvSettings" && isPlainObject(value))
    return { ...(specDefaults(config).csvSettings as object), ...dropNulls(value) };
  if (key === "predictionInstance" && isPlainObject(value)) return { sslEnabled: true, ...dropNulls(value) };
  if ((key === "intakeSettings" || key === "outputSettings" || key === "timeseriesSettings") && isPlainObject(value))
    return dropNulls(value);
  return structuredClone(value);
}

/** Keys of a body that are stored in the job spec: the known ones, plus unknown ones under unknownFields "keep". */
function specKeysOf(body: Record<string, unknown>, config: EmulatorConfig): string[] {
  if (config.unknownFields !== "keep") return SPEC_KEYS.filter((key) => key in body);
  return Object.keys(body).filter((key) => !TOP_LEVEL_KEYS.includes(key));
}

/** Applies the job-spec keys of a create/PATCH body onto `spec` (null = back to the default / unset). */
function applySpecKeys(spec: Record<string, unknown>, body: Record<string, unknown>, config: EmulatorConfig): void {
  const defaults = specDefaults(config);
  for (const key of specKeysOf(body, config)) {
    const value = body[key];
    if (value !== null) spec[key] = normalizeSpecValue(key, value, config);
    else if (key in defaults) spec[key] = structuredClone(defaults[key]);
    else if (NULLABLE.has(key)) spec[key] = null;
    else delete spec[key];
  }
}

function invalid(errors: FieldErrors): never {
  throw new HttpError(422, "Invalid field data", errors);
}

function requireObjectBody(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body))
    throw new HttpError(422, "The request body must be a JSON object", { body: "must be an object" });
  return body;
}

/** Deployment and (optionally) other references must point at known fixtures. */
function checkReferences(ctx: EmulatorContext, body: Record<string, unknown>): void {
  const { fixtures } = ctx.state;
  const deploymentId = body.deploymentId;
  if (typeof deploymentId === "string" && !fixtures.deployments.some((d) => d.id === deploymentId)) {
    const message = `Deployment ${deploymentId} was not found or you do not have access to it`;
    if (ctx.config.unknownDeploymentStatus === 404) throw new HttpError(404, message);
    invalid({ deploymentId: message });
  }
  if (!ctx.config.checkReferences) return;
  const errors: FieldErrors = {};
  const known: Record<string, string[]> = {
    credentialId: fixtures.credentials.map((c) => c.id),
    cloudStorageCredentialId: fixtures.credentials.map((c) => c.id),
    dataStoreId: fixtures.dataStores.map((d) => d.id),
    datasetId: fixtures.datasets.map((d) => d.id),
  };
  for (const adapter of ["intakeSettings", "outputSettings"]) {
    const settings = body[adapter];
    if (!isPlainObject(settings)) continue;
    for (const [key, ids] of Object.entries(known)) {
      const value = settings[key];
      if (typeof value === "string" && !ids.includes(value))
        errors[`${adapter}.${key}`] = `${value} was not found or you do not have access to it`;
    }
  }
  if (Object.keys(errors).length) invalid(errors);
}

function nameTaken(ctx: EmulatorContext, name: string, exceptId?: string): boolean {
  for (const definition of ctx.state.definitions.values()) {
    if (definition.name === name && definition.id !== exceptId) return true;
  }
  return false;
}

function duplicateName(name: string, status: number): never {
  const message = `A job definition named "${name}" already exists in your organization`;
  // A 422 names the field, like every other 422 of the API; its text says the name exists (not a format problem).
  throw new HttpError(
    status,
    status === 422 ? "Invalid field data" : message,
    status === 422 ? { name: message } : undefined,
  );
}

/**
 * 404 for unknown or malformed ids (docs/datarobot-api.md §9.2): "deleted, never existed or you do not have access".
 */
export function findDefinition(ctx: EmulatorContext, id: string): StoredDefinition {
  const definition = isObjectId(id) ? ctx.state.definitions.get(id) : undefined;
  if (!definition)
    throw new HttpError(404, `Job definition ${id} was not found: deleted, never existed or you do not have access`);
  return definition;
}

/** Only the creator may modify, delete or run a definition; other users of the organization get 403. */
export function requireOwner(definition: StoredDefinition, user: UserKey, action: string): void {
  if (definition.createdBy !== user)
    throw new HttpError(403, `You do not have permission to ${action} job definition ${definition.id}`);
}

function create(req: Request, { ctx, user }: ApiContext): Response {
  const body = interpretBody(requireObjectBody(req.body), ctx.config);
  const errors = validateBody(body, ctx.config);
  const spec = specDefaults(ctx.config);
  applySpecKeys(spec, body, ctx.config);
  const enabled = typeof body.enabled === "boolean" ? body.enabled : false;
  const schedule = isPlainObject(body.schedule) ? structuredClone(body.schedule) : null;
  if (Object.keys(errors).length === 0) Object.assign(errors, validateMerged({ enabled, schedule, spec }, ctx.config));
  if (Object.keys(errors).length) invalid(errors);
  checkReferences(ctx, body);
  const name = typeof body.name === "string" ? body.name : generateName((n) => nameTaken(ctx, n));
  if (nameTaken(ctx, name)) duplicateName(name, ctx.config.duplicateNameStatus);
  const now = ctx.now();
  const definition: StoredDefinition = {
    id: newObjectId(now),
    name,
    enabled,
    schedule,
    spec,
    created: now,
    updated: now,
    createdBy: user,
    updatedBy: user,
    lastJobId: null,
    lastSuccessfulRunTime: null,
    lastFailedRunTime: null,
    lastScheduledRunTime: null,
    scheduleCursor: now,
  };
  ctx.state.definitions.set(definition.id, definition);
  return { status: 202, body: renderDefinition(ctx, definition, user) };
}

function list(req: Request, { ctx, user, apiBase }: ApiContext): Response {
  const paging = parsePaging(req.query, ctx.config.maxLimit);
  if ("errors" in paging) throw new HttpError(422, "Invalid query parameters", paging.errors);
  const search = req.query.searchName?.toLowerCase();
  const deploymentId = req.query.deploymentId;
  // Ordering is unknown (see docs/datarobot-api.md §3.2); creation order keeps pages stable while a client walks them.
  const items = [...ctx.state.definitions.values()]
    .filter((d) => (search ? d.name.toLowerCase().includes(search) : true))
    .filter((d) => (deploymentId ? d.spec.deploymentId === deploymentId : true))
    .map((d) => renderDefinition(ctx, d, user));
  const filters = Object.fromEntries(
    Object.entries(req.query).filter(([key]) => key === "searchName" || key === "deploymentId"),
  );
  return { status: 200, body: listEnvelope(items, paging, `${apiBase}/batchPredictionJobDefinitions/`, filters) };
}

function get(req: Request, { ctx, user }: ApiContext): Response {
  return { status: 200, body: renderDefinition(ctx, findDefinition(ctx, req.params.id), user) };
}

function patch(req: Request, { ctx, user }: ApiContext): Response {
  const definition = findDefinition(ctx, req.params.id);
  requireOwner(definition, user, "update");
  const body = interpretBody(requireObjectBody(req.body), ctx.config);
  const errors = validateBody(body, ctx.config);
  // name / enabled / schedule alone never touch the spec; otherwise patchSemantics decides what unsent keys become.
  const spec = carriesSpecKeys(body, ctx.config.unknownFields === "keep")
    ? patchBase(definition.spec, body, ctx.config.patchSemantics, specDefaults(ctx.config))
    : structuredClone(definition.spec);
  applySpecKeys(spec, body, ctx.config);
  const enabled = typeof body.enabled === "boolean" ? body.enabled : definition.enabled;
  const schedule =
    "schedule" in body ? (isPlainObject(body.schedule) ? structuredClone(body.schedule) : null) : definition.schedule;
  if (Object.keys(errors).length === 0) Object.assign(errors, validateMerged({ enabled, schedule, spec }, ctx.config));
  if (Object.keys(errors).length) invalid(errors);
  checkReferences(ctx, body);
  const name = typeof body.name === "string" ? body.name : definition.name;
  // 409 is the documented status for a duplicate name on PATCH (docs/datarobot-api.md §6).
  if (nameTaken(ctx, name, definition.id)) duplicateName(name, 409);
  const now = ctx.now();
  const scheduleChanged =
    JSON.stringify(schedule) !== JSON.stringify(definition.schedule) || enabled !== definition.enabled;
  Object.assign(definition, { name, enabled, schedule, spec, updated: now, updatedBy: user });
  if (scheduleChanged) definition.scheduleCursor = now;
  return { status: 200, body: renderDefinition(ctx, definition, user) };
}

function remove(req: Request, { ctx, user }: ApiContext): Response {
  const definition = findDefinition(ctx, req.params.id);
  requireOwner(definition, user, "delete");
  if (ctx.config.deleteWhileRunning === "conflict" && hasRunningJob(ctx, definition.id))
    throw new HttpError(409, "Job definition could not be deleted, as there are currently running jobs in the queue");
  ctx.state.definitions.delete(definition.id);
  ctx.state.behaviors.delete(definition.id);
  return { status: 204 };
}

export function definitionRoutes(router: Router<ApiContext>): void {
  router
    .on("POST", "/batchPredictionJobDefinitions", create)
    .on("GET", "/batchPredictionJobDefinitions", list)
    .on("GET", "/batchPredictionJobDefinitions/:id", get)
    .on("PATCH", "/batchPredictionJobDefinitions/:id", patch)
    .on("DELETE", "/batchPredictionJobDefinitions/:id", remove);
}
