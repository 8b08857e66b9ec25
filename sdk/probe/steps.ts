/**
 * The probe's steps: each settles one thing DataRobot does not document by creating a throwaway definition (named
 * `<run prefix>-<step>`, disabled, localFile intake unless the step needs otherwise) and reading what the server did.
 * A step returns its finding; an unexpected answer becomes "unclear" with the evidence, never a guess.
 */
import type { BehaviourKey as EmulatorBehaviourKey } from "../../emulator/state/behaviours";
import type { ProbeCleanup } from "./cleanup";
import type { ProbeHttp, RawResponse } from "./http";
import { isNonArrayObject } from "../../provider/values";
import { DEFINITIONS, JOBS } from "../../provider/client/api-paths";

/** The emulator option each unknown corresponds to (its table: emulator/state/behaviours.ts). */
export type BehaviourKey = Extract<
  EmulatorBehaviourKey,
  | "patchSemantics"
  | "nullInWrite"
  | "serverFilledFields"
  | "unknownFields"
  | "duplicateNameStatus"
  | "chunkSizeRange"
  | "localFileUpload"
>;

export interface Finding {
  key: BehaviourKey;
  /** What was tested, in words. */
  unknown: string;
  /** The emulator option value this server matches, or "unclear". */
  behaviour: string | number;
  /** What the server answered that decided it. */
  evidence: string;
}

export interface StepContext {
  http: ProbeHttp;
  cleanup: ProbeCleanup;
  deploymentId: string;
  runPrefix: string;
  /** How long the localFile step watches a job for an upload wait (ms). */
  localFileWatchMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Throws once the user interrupted (checked between requests). */
  checkAborted: () => void;
}

type Json = Record<string, unknown>;

function ok(response: RawResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/** A short, readable account of an answer: status, message and field errors. */
function describe(response: RawResponse): string {
  const body = isNonArrayObject(response.body) ? response.body : {};
  const message = typeof body.message === "string" ? ` "${body.message}"` : "";
  const errors = isNonArrayObject(body.errors) ? ` errors ${JSON.stringify(body.errors)}` : "";
  return `${response.status}${message}${errors}`;
}

function specOf(response: RawResponse): Json {
  return isNonArrayObject(response.body) && isNonArrayObject(response.body.batchPredictionJob)
    ? response.body.batchPredictionJob
    : {};
}

async function send(ctx: StepContext, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown) {
  ctx.checkAborted();
  return ctx.http.send(method, path, body);
}

/** POSTs a disabled definition named `<prefix>-<step>` and registers it for cleanup when the server stored it. */
async function createDefinition(ctx: StepContext, step: string, fields: Json, name?: string): Promise<RawResponse> {
  const body = {
    name: name ?? `${ctx.runPrefix}-${step}`,
    enabled: false,
    deploymentId: ctx.deploymentId,
    intakeSettings: { type: "localFile" },
    ...fields,
  };
  const response = await send(ctx, "POST", DEFINITIONS, body);
  if (ok(response) && isNonArrayObject(response.body) && typeof response.body.id === "string")
    ctx.cleanup.trackDefinition(response.body.id);
  return response;
}

function idOf(response: RawResponse): string {
  return isNonArrayObject(response.body) ? String(response.body.id) : "";
}

async function read(ctx: StepContext, id: string): Promise<RawResponse> {
  return send(ctx, "GET", `${DEFINITIONS}${encodeURIComponent(id)}/`);
}

function unclear(key: BehaviourKey, unknown: string, evidence: string): Finding {
  return { key, unknown, behaviour: "unclear", evidence };
}

/** PATCH of one job-spec field: what happens to the spec keys the PATCH omits. */
export async function probePatchSemantics(ctx: StepContext): Promise<Finding> {
  const unknown = "PATCH of one job-spec field (intakeSettings)";
  const created = await createDefinition(ctx, "patch", {
    includePredictionStatus: true,
    skipDriftTracking: true,
    passthroughColumnsSet: "all",
  });
  if (!ok(created)) return unclear("patchSemantics", unknown, `create answered ${describe(created)}`);
  // deploymentId is sent too, so that a server replacing the whole spec still gets a valid one.
  const patched = await send(ctx, "PATCH", `${DEFINITIONS}${encodeURIComponent(idOf(created))}/`, {
    deploymentId: ctx.deploymentId,
    intakeSettings: { type: "localFile" },
  });
  if (!ok(patched)) return unclear("patchSemantics", unknown, `PATCH answered ${describe(patched)}`);
  const spec = specOf(await read(ctx, idOf(created)));
  const evidence =
    `after create {includePredictionStatus: true, skipDriftTracking: true, passthroughColumnsSet: "all"} and ` +
    `PATCH {deploymentId, intakeSettings}: includePredictionStatus=${JSON.stringify(spec.includePredictionStatus)}, ` +
    `skipDriftTracking=${JSON.stringify(spec.skipDriftTracking)}, passthroughColumnsSet=${JSON.stringify(spec.passthroughColumnsSet ?? null)}`;
  const kept = spec.passthroughColumnsSet === "all";
  if (spec.includePredictionStatus === true && spec.skipDriftTracking === true && kept)
    return { key: "patchSemantics", unknown, behaviour: "merge", evidence };
  if (spec.includePredictionStatus === false && spec.skipDriftTracking === false)
    return { key: "patchSemantics", unknown, behaviour: kept ? "fill-defaults" : "replace-spec", evidence };
  return unclear("patchSemantics", unknown, evidence);
}

/**
 * `null` for a set field in a PATCH: cleared, refused, or ignored. The PATCH also carries deploymentId and
 * intakeSettings so that a server replacing the whole spec on PATCH still accepts it; the field probed is not one of
 * the update-schema defaults, so "fill-defaults" does not touch it. Under "replace-spec" an ignored null and a cleared
 * field look the same (the field is gone either way), which the evidence says.
 */
export async function probeNullInWrite(ctx: StepContext, patchSemantics?: string | number): Promise<Finding> {
  const unknown = "null in a PATCH ({passthroughColumnsSet: null})";
  const created = await createDefinition(ctx, "null", { passthroughColumnsSet: "all" });
  if (!ok(created)) return unclear("nullInWrite", unknown, `create answered ${describe(created)}`);
  const patched = await send(ctx, "PATCH", `${DEFINITIONS}${encodeURIComponent(idOf(created))}/`, {
    deploymentId: ctx.deploymentId,
    intakeSettings: { type: "localFile" },
    passthroughColumnsSet: null,
  });
  const errors = isNonArrayObject(patched.body) && isNonArrayObject(patched.body.errors) ? patched.body.errors : {};
  if ((patched.status === 422 || patched.status === 400) && "passthroughColumnsSet" in errors)
    return { key: "nullInWrite", unknown, behaviour: "reject", evidence: `PATCH answered ${describe(patched)}` };
  if (!ok(patched)) return unclear("nullInWrite", unknown, `PATCH answered ${describe(patched)}`);
  const value = specOf(await read(ctx, idOf(created))).passthroughColumnsSet;
  const caveat =
    patchSemantics === "replace-spec" ? " (this server replaces the spec on PATCH: ignore looks the same)" : "";
  const evidence = `PATCH answered ${patched.status}; passthroughColumnsSet is now ${JSON.stringify(value ?? null)}${caveat}`;
  if (value === undefined || value === null) return { key: "nullInWrite", unknown, behaviour: "clear", evidence };
  if (value === "all") return { key: "nullInWrite", unknown, behaviour: "ignore", evidence };
  return unclear("nullInWrite", unknown, evidence);
}

/** Fields DataRobot's docs show the server filling; seeing any of them means "documented". */
const DOCUMENTED_MARKERS = [
  "maxNgramExplanations",
  "batchJobType",
  "monitoringBatchPrefix",
  "secondaryDatasetsConfigId",
  "intakeSettings.format",
];

/** Paths (top level and one level down) present in `echoed` but not in `sent`. */
export function unsentPaths(sent: Json, echoed: Json): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(echoed)) {
    if (!(key in sent)) paths.push(key);
    else if (isNonArrayObject(value) && isNonArrayObject(sent[key])) {
      for (const inner of Object.keys(value)) if (!(inner in (sent[key] as Json))) paths.push(`${key}.${inner}`);
    }
  }
  return paths.sort();
}

/** Which fields the server fills and echoes although the client never sent them. */
export async function probeServerFilledFields(ctx: StepContext): Promise<Finding> {
  const unknown = "fields the server fills and echoes unasked";
  const fields = {
    intakeSettings: { type: "s3", url: `s3://pulumi-datarobot-batch-probe/${ctx.runPrefix}.csv` },
    outputSettings: { type: "localFile" },
  };
  const created = await createDefinition(ctx, "echo", fields);
  if (!ok(created)) return unclear("serverFilledFields", unknown, `create answered ${describe(created)}`);
  const sent = { deploymentId: ctx.deploymentId, ...fields };
  const filled = unsentPaths(sent, specOf(await read(ctx, idOf(created))));
  const documented = filled.filter((path) => DOCUMENTED_MARKERS.includes(path));
  const evidence = `echoed but never sent: ${filled.length ? filled.join(", ") : "(nothing)"}`;
  return { key: "serverFilledFields", unknown, behaviour: documented.length ? "documented" : "none", evidence };
}

/** An unknown key on create: refused, dropped, or kept. */
export async function probeUnknownFields(ctx: StepContext): Promise<Finding> {
  const unknown = "unknown key on create ({probeUnknownField: 1})";
  const created = await createDefinition(ctx, "unknown", { probeUnknownField: 1 });
  if (created.status === 422 || created.status === 400)
    return { key: "unknownFields", unknown, behaviour: "reject", evidence: `create answered ${describe(created)}` };
  if (!ok(created)) return unclear("unknownFields", unknown, `create answered ${describe(created)}`);
  const stored = await read(ctx, idOf(created));
  const kept =
    "probeUnknownField" in specOf(stored) || (isNonArrayObject(stored.body) && "probeUnknownField" in stored.body);
  return {
    key: "unknownFields",
    unknown,
    behaviour: kept ? "keep" : "ignore",
    evidence: `create answered ${created.status}; the definition ${kept ? "echoes" : "does not hold"} probeUnknownField`,
  };
}

/** The status of a create whose name is taken. */
export async function probeDuplicateName(ctx: StepContext): Promise<Finding> {
  const unknown = "create with a name already taken";
  const first = await createDefinition(ctx, "duplicate", {});
  if (!ok(first)) return unclear("duplicateNameStatus", unknown, `first create answered ${describe(first)}`);
  const second = await createDefinition(ctx, "duplicate", {});
  const evidence = `second create answered ${describe(second)}`;
  if (second.status === 409 || second.status === 422)
    return { key: "duplicateNameStatus", unknown, behaviour: second.status, evidence };
  return unclear("duplicateNameStatus", unknown, evidence);
}

/** Whether chunkSize 10 (DataRobot's own Terraform example) is accepted. */
export async function probeChunkSize(ctx: StepContext): Promise<Finding> {
  const unknown = "chunkSize: 10";
  const created = await createDefinition(ctx, "chunk", { chunkSize: 10 });
  if (ok(created))
    return { key: "chunkSizeRange", unknown, behaviour: "positive", evidence: `create answered ${created.status}` };
  const errors = isNonArrayObject(created.body) && isNonArrayObject(created.body.errors) ? created.body.errors : {};
  if (created.status === 422 && "chunkSize" in errors)
    return { key: "chunkSizeRange", unknown, behaviour: "recalled", evidence: `create answered ${describe(created)}` };
  return unclear("chunkSizeRange", unknown, `create answered ${describe(created)}`);
}

/** Whether a run of a localFile-intake definition waits for the CSV upload. The job is aborted afterwards. */
export async function probeLocalFileUpload(ctx: StepContext): Promise<Finding> {
  const unknown = "localFile run before any upload";
  const created = await createDefinition(ctx, "upload", { outputSettings: { type: "localFile" } });
  if (!ok(created)) return unclear("localFileUpload", unknown, `create answered ${describe(created)}`);
  const started = await send(ctx, "POST", `${JOBS}fromJobDefinition/`, { jobDefinitionId: idOf(created) });
  if (!ok(started) || !isNonArrayObject(started.body) || typeof started.body.id !== "string")
    return unclear("localFileUpload", unknown, `run answered ${describe(started)}`);
  const jobId = started.body.id;
  ctx.cleanup.trackJob(jobId);
  let job: Json = started.body;
  const deadline = Date.now() + ctx.localFileWatchMs;
  while (job.status === "INITIALIZING" && Date.now() < deadline) {
    await ctx.sleep(ctx.pollMs);
    const polled = await send(ctx, "GET", `${JOBS}${encodeURIComponent(jobId)}/`);
    if (!ok(polled) || !isNonArrayObject(polled.body))
      return unclear("localFileUpload", unknown, `poll answered ${describe(polled)}`);
    job = polled.body;
  }
  const links = isNonArrayObject(job.links) ? job.links : {};
  const waits = job.status === "INITIALIZING" && typeof links.csvUpload === "string";
  const seconds = (ctx.localFileWatchMs / 1000).toFixed(1);
  const evidence = waits
    ? `the job stayed INITIALIZING with links.csvUpload for ${seconds} s`
    : `the job went to ${String(job.status)} without an upload`;
  const aborted = await send(ctx, "DELETE", `${JOBS}${encodeURIComponent(jobId)}/`);
  if (aborted.status === 202 || aborted.status === 409 || aborted.status === 404) ctx.cleanup.forgetJob(jobId);
  return { key: "localFileUpload", unknown, behaviour: waits ? "required" : "not-required", evidence };
}

/** The steps in the order they run. */
export const STEPS: ReadonlyArray<{
  name: string;
  run: (ctx: StepContext, earlier: Finding[]) => Promise<Finding>;
}> = [
  { name: "patch", run: probePatchSemantics },
  {
    name: "null",
    run: (ctx, earlier) => probeNullInWrite(ctx, earlier.find((f) => f.key === "patchSemantics")?.behaviour),
  },
  { name: "echo", run: probeServerFilledFields },
  { name: "unknown", run: probeUnknownFields },
  { name: "duplicate", run: probeDuplicateName },
  { name: "chunk", run: probeChunkSize },
  { name: "upload", run: probeLocalFileUpload },
];
