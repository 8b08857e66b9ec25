/**
 * Test controls under /__admin (emulator/README.md, "Admin routes"): reset, faults, request log, out-of-band edits of
 * definitions, run behaviors, extra fixtures, runtime config, and a view of all jobs. No auth, not logged.
 */
import { isConfigChoice, type EmulatorConfig, type EmulatorContext } from "../state/context";
import { normalizeSpecValue } from "./definitions";
import type { Faults } from "../http/faults";
import { HttpError, isPlainObject, type Request, type Response, Router } from "../http/router";
import { isoMicro, newObjectId } from "../rules/ids";
import { renderDefinition, renderJob } from "./render";
import type { RequestLog } from "../state/request-log";
import type { Behavior, Fixtures } from "../state/store";

export interface AdminContext {
  ctx: EmulatorContext;
  faults: Faults;
  log: RequestLog;
  apiBase: string;
}

/** Validators for the runtime-tunable config keys accepted by PUT /__admin/config. */
const CONFIG_KEYS: Record<string, (v: unknown) => boolean> = {
  timeScale: (v) => typeof v === "number" && v > 0,
  jobDurationMs: (v) => typeof v === "number" && v >= 0,
  duplicateNameStatus: (v) => isConfigChoice("duplicateNameStatus", v),
  deleteWhileRunning: (v) => isConfigChoice("deleteWhileRunning", v),
  unknownDeploymentStatus: (v) => isConfigChoice("unknownDeploymentStatus", v),
  checkReferences: (v) => typeof v === "boolean",
  unknownFields: (v) => isConfigChoice("unknownFields", v),
  unknownAdapterTypes: (v) => isConfigChoice("unknownAdapterTypes", v),
  unsourcedLimits: (v) => isConfigChoice("unsourcedLimits", v),
  chunkSizeRange: (v) => isConfigChoice("chunkSizeRange", v),
  patchSemantics: (v) => isConfigChoice("patchSemantics", v),
  nullInWrite: (v) => isConfigChoice("nullInWrite", v),
  serverFilledFields: (v) => isConfigChoice("serverFilledFields", v),
  strictJdbcIntake: (v) => typeof v === "boolean",
  rejectScheduledLocalFile: (v) => typeof v === "boolean",
  maxNameLength: (v) => typeof v === "number" && v > 0,
  defaultRows: (v) => typeof v === "number" && v >= 0,
  defaultNumConcurrent: (v) => typeof v === "number" && Number.isInteger(v) && v >= 1,
  maxLimit: (v) => typeof v === "number" && v >= 1,
  localFileUpload: (v) => isConfigChoice("localFileUpload", v),
};

const TOP_LEVEL = new Set(["name", "enabled", "schedule"]);

function body(req: Request): Record<string, unknown> {
  if (!isPlainObject(req.body)) throw new HttpError(400, "The admin request body must be a JSON object");
  return req.body;
}

function definitionOr404(ctx: EmulatorContext, id: string) {
  const definition = ctx.state.definitions.get(id);
  if (!definition) throw new HttpError(404, `Job definition ${id} was not found`);
  return definition;
}

/** Applies an API-shaped partial update without validation, as if someone edited the definition in the UI. */
function editDefinition(req: Request, { ctx }: AdminContext): Response {
  const definition = definitionOr404(ctx, req.params.id);
  const patch = body(req);
  const before = JSON.stringify([definition.schedule, definition.enabled]);
  for (const [key, value] of Object.entries(patch)) {
    if (key === "name") definition.name = String(value);
    else if (key === "enabled") definition.enabled = Boolean(value);
    else if (key === "schedule") definition.schedule = isPlainObject(value) ? value : null;
    else if (key === "batchPredictionJob" && isPlainObject(value)) {
      for (const [specKey, specValue] of Object.entries(value))
        definition.spec[specKey] = normalizeSpecValue(specKey, specValue, ctx.config);
    } else if (!TOP_LEVEL.has(key)) definition.spec[key] = normalizeSpecValue(key, value, ctx.config);
  }
  const now = ctx.now();
  definition.updated = now;
  if (JSON.stringify([definition.schedule, definition.enabled]) !== before) definition.scheduleCursor = now;
  return { status: 200, body: renderDefinition(ctx, definition, definition.createdBy) };
}

function setBehavior(req: Request, { ctx }: AdminContext): Response {
  definitionOr404(ctx, req.params.id);
  const { outcome, durationMs, rows, echoSecrets } = body(req);
  if (outcome !== "complete" && outcome !== "fail" && outcome !== "abort")
    throw new HttpError(400, 'outcome must be "complete", "fail" or "abort"');
  if (durationMs !== undefined && (typeof durationMs !== "number" || durationMs < 0))
    throw new HttpError(400, "durationMs must be a non-negative number");
  if (rows !== undefined && (typeof rows !== "number" || !Number.isInteger(rows) || rows < 0))
    throw new HttpError(400, "rows must be a non-negative integer");
  if (echoSecrets !== undefined && typeof echoSecrets !== "boolean")
    throw new HttpError(400, "echoSecrets must be true or false");
  const behavior: Behavior = {
    outcome,
    durationMs: durationMs as number | undefined,
    rows: rows as number | undefined,
    ...(echoSecrets === true ? { echoSecrets } : {}),
  };
  ctx.state.behaviors.set(req.params.id, behavior);
  return { status: 204 };
}

function addFixtures(req: Request, { ctx }: AdminContext): Response {
  const input = body(req);
  const created: Fixtures = { deployments: [], datasets: [], credentials: [], dataStores: [] };
  const items = (key: keyof Fixtures): Record<string, unknown>[] => {
    const value = input[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every(isPlainObject))
      throw new HttpError(400, `${key} must be an array of objects`);
    return value;
  };
  const id = (item: Record<string, unknown>): string => {
    if (item.id === undefined) return newObjectId(ctx.now());
    if (typeof item.id !== "string" || !/^[0-9a-f]{24}$/.test(item.id))
      throw new HttpError(400, "fixture ids must be 24-hex strings");
    return item.id;
  };
  for (const item of items("deployments"))
    created.deployments.push({ id: id(item), label: String(item.label ?? "deployment") });
  for (const item of items("datasets")) created.datasets.push({ id: id(item), name: String(item.name ?? "dataset") });
  for (const item of items("credentials"))
    created.credentials.push({
      id: id(item),
      name: String(item.name ?? "credential"),
      credentialType: String(item.credentialType ?? "basic"),
    });
  for (const item of items("dataStores"))
    created.dataStores.push({
      id: id(item),
      canonicalName: String(item.canonicalName ?? "data store"),
      type: String(item.type ?? "jdbc"),
    });
  const fixtures = ctx.state.fixtures;
  for (const key of Object.keys(created) as Array<keyof Fixtures>) {
    for (const item of created[key]) {
      const list = fixtures[key] as Array<{ id: string }>;
      const index = list.findIndex((existing) => existing.id === item.id);
      if (index >= 0) list.splice(index, 1, item);
      else list.push(item);
    }
  }
  return { status: 201, body: created };
}

function putConfig(req: Request, { ctx }: AdminContext): Response {
  const patch = body(req);
  for (const [key, value] of Object.entries(patch)) {
    const check = Object.hasOwn(CONFIG_KEYS, key) ? CONFIG_KEYS[key] : undefined;
    if (!check)
      throw new HttpError(400, `Unknown config key ${key}; tunable keys: ${Object.keys(CONFIG_KEYS).join(", ")}`);
    if (!check(value)) throw new HttpError(400, `Invalid value for config key ${key}: ${JSON.stringify(value)}`);
  }
  ctx.applyConfig(patch as Partial<EmulatorConfig>);
  return { status: 200, body: ctx.config };
}

export function adminRouter(): Router<AdminContext> {
  const router = new Router<AdminContext>();
  router
    .on("POST", "/reset", (_req, admin) => {
      admin.ctx.reset();
      admin.faults.clear();
      admin.log.clear();
      return { status: 204 };
    })
    .on("POST", "/faults", (req, admin) => ({ status: 201, body: { id: admin.faults.add(req.body).id } }))
    .on("GET", "/faults", (_req, admin) => ({ status: 200, body: admin.faults.list() }))
    .on("DELETE", "/faults", (_req, admin) => {
      admin.faults.clear();
      return { status: 204 };
    })
    .on("GET", "/requests", (_req, admin) => ({ status: 200, body: admin.log.all() }))
    .on("DELETE", "/requests", (_req, admin) => {
      admin.log.clear();
      return { status: 204 };
    })
    .on("GET", "/definitions", (_req, { ctx }) => ({
      status: 200,
      body: [...ctx.state.definitions.values()].map((d) => renderDefinition(ctx, d, d.createdBy)),
    }))
    .on("PATCH", "/definitions/:id", editDefinition)
    .on("DELETE", "/definitions/:id", (req, { ctx }) => {
      definitionOr404(ctx, req.params.id);
      ctx.state.definitions.delete(req.params.id);
      ctx.state.behaviors.delete(req.params.id);
      return { status: 204 };
    })
    .on("POST", "/definitions/:id/behavior", setBehavior)
    .on("POST", "/fixtures", addFixtures)
    .on("GET", "/config", (_req, { ctx }) => ({ status: 200, body: ctx.config }))
    .on("PUT", "/config", putConfig)
    .on("GET", "/jobs", (_req, { ctx, apiBase }) => ({
      status: 200,
      body: [...ctx.state.jobs.values()].map((job) => renderJob(ctx, job, job.createdBy, apiBase)),
    }))
    .on("GET", "/clock", (_req, { ctx }) => ({
      status: 200,
      body: { now: isoMicro(ctx.now()), timeScale: ctx.clock.timeScale },
    }));
  return router;
}
