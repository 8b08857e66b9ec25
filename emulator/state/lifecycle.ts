/**
 * Job lifecycle computed from timestamps (docs/datarobot-api.md §8.3-§8.5): a job's state at emulated time `now`
 * follows from when it was created, its duration, its planned outcome and whether it was aborted. No timer drives
 * individual jobs; `settleJobs` only records terminal transitions on the definition (last*RunTime fields).
 */
import { isoMicro } from "../rules/ids";
import type { EmulatorContext } from "./context";
import type { JobStatus, StoredDefinition, StoredJob, UserKey } from "./store";
import { USERS } from "./auth";

export interface JobProgress {
  status: JobStatus;
  percentageCompleted: number;
  scoredRows: number;
  failedRows: number;
  skippedRows: number;
  queued: boolean;
  queuePosition: number | null;
  elapsedTimeSec: number;
  /** Emulated time the job ended, when terminal. */
  endedAt: number | null;
  statusDetails: string;
  logs: string[];
}

/** Share of the duration spent INITIALIZING (queued) before RUNNING starts. */
const INIT_SHARE = 0.1;
const TERMINAL: JobStatus[] = ["COMPLETED", "FAILED", "ABORTED"];

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.includes(status);
}

export function jobProgress(job: StoredJob, now: number): JobProgress {
  const initMs = job.durationMs * INIT_SHARE;
  const aborted = job.abortedAt !== null && now >= job.abortedAt;
  const t = aborted ? (job.abortedAt as number) : now;
  // A localFile job waits for its upload without progress or timeout; its run starts when the CSV has arrived.
  const awaitingUpload = job.upload !== undefined && (job.upload.receivedAt === null || t < job.upload.receivedAt);
  const start = job.upload?.receivedAt ?? job.created;
  const elapsed = awaitingUpload ? 0 : Math.max(0, t - start);
  const plannedEnd = start + job.durationMs;
  // Runs that are planned to fail or abort stop half-way through their rows.
  const reach = job.outcome === "complete" ? 1 : 0.5;
  const runFraction =
    job.durationMs <= initMs ? 1 : Math.min(1, Math.max(0, (elapsed - initMs) / (job.durationMs - initMs)));

  let status: JobStatus;
  let endedAt: number | null = null;
  if (aborted) {
    status = "ABORTED";
    endedAt = job.abortedAt;
  } else if (awaitingUpload || elapsed < initMs) status = "INITIALIZING";
  else if (t < plannedEnd) status = "RUNNING";
  else {
    status = job.outcome === "complete" ? "COMPLETED" : job.outcome === "fail" ? "FAILED" : "ABORTED";
    endedAt = plannedEnd;
  }

  const fraction = status === "COMPLETED" ? 1 : awaitingUpload ? 0 : runFraction * reach;
  const scoredRows = Math.floor(job.rows * fraction);
  const failedRows =
    job.outcome === "abort" && status === "ABORTED" && !aborted ? Math.max(1, Math.floor(job.rows * 0.05)) : 0;
  const startedRunning = start + initMs;

  const user = USERS[job.createdBy].username;
  const origin = job.definitionId ? ` from job definition ${job.definitionId}` : "";
  const logs = [`${isoMicro(job.created)} Job created by ${user}${origin} (${job.source})`];
  if (job.upload?.receivedAt != null && (!aborted || (job.abortedAt as number) >= job.upload.receivedAt))
    logs.push(`${isoMicro(job.upload.receivedAt)} Intake data received`);
  if (status !== "INITIALIZING" && (!aborted || (job.abortedAt as number) >= startedRunning))
    logs.push(`${isoMicro(startedRunning)} Job started processing`);
  let statusDetails: string;
  switch (status) {
    case "INITIALIZING":
      statusDetails = awaitingUpload
        ? `Job submitted at ${isoMicro(job.created)}; waiting for the intake data (PUT links.csvUpload)`
        : `Job submitted at ${isoMicro(job.created)}`;
      break;
    case "RUNNING":
      statusDetails = `Job started processing at ${isoMicro(startedRunning)}`;
      break;
    case "COMPLETED":
      statusDetails = `Job done processing at ${isoMicro(plannedEnd)}`;
      logs.push(`${statusDetails}`);
      break;
    case "FAILED":
      statusDetails = `Job failed at ${isoMicro(plannedEnd)}: ${
        job.failureReason ?? 'simulated failure (emulator behavior "fail")'
      }`;
      logs.push(statusDetails);
      break;
    default:
      statusDetails = aborted
        ? `Job aborted by user at ${isoMicro(job.abortedAt as number)}`
        : `Job aborted at ${isoMicro(plannedEnd)}: too many failed rows (emulator behavior "abort")`;
      logs.push(statusDetails);
  }

  return {
    status,
    percentageCompleted: status === "COMPLETED" ? 100 : Math.round(fraction * 1000) / 10,
    scoredRows,
    failedRows,
    skippedRows: 0,
    queued: status === "INITIALIZING",
    queuePosition: status === "INITIALIZING" && !awaitingUpload ? 0 : null,
    elapsedTimeSec: Math.floor(((endedAt ?? t) - job.created) / 1000),
    endedAt,
    statusDetails,
    logs,
  };
}

/**
 * Records terminal transitions: the definition's lastSuccessfulRunTime (COMPLETED) or lastFailedRunTime
 * (FAILED/ABORTED) move to the job's end time. Returns true when anything changed (so the caller persists).
 */
export function settleJobs(ctx: EmulatorContext): boolean {
  const now = ctx.now();
  let changed = false;
  for (const job of ctx.state.jobs.values()) {
    if (job.settled) continue;
    const progress = jobProgress(job, now);
    if (!isTerminal(progress.status)) continue;
    job.settled = progress.status;
    changed = true;
    const definition = job.definitionId ? ctx.state.definitions.get(job.definitionId) : undefined;
    if (!definition) continue;
    const end = progress.endedAt as number;
    if (progress.status === "COMPLETED")
      definition.lastSuccessfulRunTime = Math.max(definition.lastSuccessfulRunTime ?? 0, end);
    else definition.lastFailedRunTime = Math.max(definition.lastFailedRunTime ?? 0, end);
  }
  return changed;
}

/** Starts a job from a definition (manual run or schedule), using the definition's configured behavior. */
export function startJob(
  ctx: EmulatorContext,
  definition: StoredDefinition,
  createdBy: UserKey,
  source: "manual" | "scheduled",
  newId: () => string,
): StoredJob {
  const behavior = ctx.state.behaviors.get(definition.id);
  const job: StoredJob = {
    id: newId(),
    definitionId: definition.id,
    definitionName: definition.name,
    definitionCreatedBy: definition.createdBy,
    source,
    createdBy,
    created: ctx.now(),
    durationMs: Math.max(0, behavior?.durationMs ?? ctx.config.jobDurationMs),
    outcome: behavior?.outcome ?? "complete",
    rows: behavior?.rows ?? ctx.config.defaultRows,
    spec: structuredClone(definition.spec),
    abortedAt: null,
    settled: null,
  };
  const intake = definition.spec.intakeSettings as Record<string, unknown> | undefined;
  // No intake (cleared by a PATCH) is local-file intake, DataRobot's documented default.
  if ((intake?.type ?? "localFile") === "localFile" && ctx.config.localFileUpload === "required") {
    job.upload = {
      receivedAt: null,
      multipart: intake?.multipart === true,
      receiving: false,
      partFiles: [],
      header: null,
    };
  }
  if (behavior?.echoSecrets) job.failureReason = carelessFailure(ctx.tokens[createdBy], job.spec);
  ctx.state.jobs.set(job.id, job);
  definition.lastJobId = job.id;
  return job;
}

/**
 * What a careless server says when a job fails (behavior `echoSecrets`): the caller's token, the spec as JSON and its
 * URLs percent-encoded, in red (an ANSI escape) and followed by a bidi override. Real job messages name the URL they
 * failed on; a client must scrub all of it before printing.
 */
function carelessFailure(token: string, spec: Record<string, unknown>): string {
  const urls = ["intakeSettings", "outputSettings"]
    .map((key) => (spec[key] as Record<string, unknown> | undefined)?.url)
    .filter((url): url is string => typeof url === "string")
    .map((url) => ` url=${encodeURIComponent(url)}`)
    .join("");
  return `\u001b[31mcannot write the results\u001b[0m token=${token} request=${JSON.stringify(spec)}${urls} \u202eend`;
}

/** True while some job of the definition has not reached a terminal state. */
export function hasRunningJob(ctx: EmulatorContext, definitionId: string): boolean {
  const now = ctx.now();
  for (const job of ctx.state.jobs.values()) {
    if (job.definitionId === definitionId && !isTerminal(jobProgress(job, now).status)) return true;
  }
  return false;
}
