/**
 * Warnings a reviewer must see, whatever else the diff shows: scoring starts or stops on a schedule, predictions
 * come from another deployment, results land in another table or are written differently, or a definition that was
 * in use is deleted.
 */
import { UNKNOWN_SENTINEL, validateInputs, latestRunTime } from "../../provider/model";
import { pickPayload } from "../../provider/job-definition/fields";
import { valueBefore, type ResourceStep } from "./events";
import { DEFAULT_RECENT_RUN_WINDOW_MS, type ResourceReview, type ReviewOptions, type ReviewWarning } from "./types";
import { formatValue, SECRET_SIGNATURE_KEY, valueAt, type Segment } from "./values";
import { describeAdoption, isAdoptionRecord } from "../../provider/job-definition/adoption";
import { isInsecureEndpoint, normaliseEndpoint } from "../../provider/client/endpoint";

const shown = (value: unknown, segments: Segment[]) => formatValue(value, segments) ?? "(none)";

/** The latest run time recorded in the old outputs, or undefined when the definition never ran. */
export function lastRunTime(outputs: Record<string, unknown> | undefined): Date | undefined {
  const latest = latestRunTime(outputs);
  return latest === undefined ? undefined : new Date(latest);
}

/** "2026-11-29 02:00 UTC": fixed format, independent of locale and time zone. */
export function formatUtc(iso: string | Date): string {
  const text = (typeof iso === "string" ? new Date(iso) : iso).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

function changedField(step: ResourceStep, path: Segment[]): { before: unknown; after: unknown } | undefined {
  const before = valueBefore(step, path);
  const after = valueAt(step.newInputs, path);
  return JSON.stringify(before) === JSON.stringify(after) ? undefined : { before, after };
}

/** Secret values in engine events are encrypted wrappers: validated as "unknown" (skipped), never looked into. */
function secretsAsUnknown(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(secretsAsUnknown);
  if (value && typeof value === "object") {
    if (SECRET_SIGNATURE_KEY in value) return UNKNOWN_SENTINEL;
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, secretsAsUnknown(child)]));
  }
  return value;
}

/** The model's warnings on the new inputs: likely mistakes no DataRobot source says the server rejects. */
export function inputWarnings(inputs: Record<string, unknown> | undefined): ReviewWarning[] {
  if (!inputs) return [];
  const result = validateInputs(pickPayload(secretsAsUnknown(inputs) as Record<string, unknown>), {
    allowUnknowns: true,
  });
  return result.warnings.map((warning) => ({ kind: "input", message: `${warning.path}: ${warning.message}` }));
}

export function warningsFor(step: ResourceStep, review: ResourceReview, options: ReviewOptions): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  const { operation, schedule } = review;
  if (operation !== "delete") warnings.push(...inputWarnings(step.newInputs));
  const replacedOrUpdated = operation === "update" || operation === "replace";

  if (schedule && operation !== "delete" && schedule.enabledAfter === true && schedule.enabledBefore !== true) {
    const next = schedule.nextRuns[0] ? `; next run ${formatUtc(schedule.nextRuns[0])}` : "";
    const verb = operation === "create" ? "creates an enabled schedule" : "enables the schedule";
    warnings.push({
      kind: "schedule-enabled",
      message: `Schedule enabled: ${verb}, scoring runs ${schedule.after ?? "on a schedule"}${next}.`,
    });
  }
  if (schedule && schedule.enabledBefore === true && schedule.enabledAfter !== true) {
    const was = schedule.before ? ` (was ${schedule.before})` : "";
    const how = operation === "delete" ? "deleting the definition stops its scheduled runs" : "scheduled runs stop";
    warnings.push({ kind: "schedule-disabled", message: `Schedule disabled: ${how}${was}.` });
  }
  // A scheduled run has nobody to upload the data: each one would wait in INITIALIZING for a file that never comes.
  if (
    operation !== "delete" &&
    valueAt(step.newInputs, ["enabled"]) === true &&
    valueAt(step.newInputs, ["schedule"]) != null &&
    valueAt(step.newInputs, ["intakeSettings", "type"]) === "localFile"
  ) {
    // The model's own warning on the same inputs says less; the review's replaces it.
    const modelWarning = warnings.findIndex((w) => w.kind === "input" && w.message.startsWith("intakeSettings.type:"));
    if (modelWarning >= 0) warnings.splice(modelWarning, 1);
    warnings.push({
      kind: "scheduled-local-file",
      message:
        'Scheduled runs of a "localFile" intake: nobody uploads the data for a scheduled run, so each run waits ' +
        "for a file that never comes. Use a remote intake (s3, dataset, jdbc, ...) or set enabled to false and " +
        "run it with a file (datarobot-batch run --intake-file).",
    });
  }
  if (replacedOrUpdated) {
    const deployment = changedField(step, ["deploymentId"]);
    if (deployment) {
      warnings.push({
        kind: "deployment-changed",
        message:
          `Deployment changed: ${shown(deployment.before, ["deploymentId"])} → ${shown(deployment.after, ["deploymentId"])}; ` +
          "predictions will come from another model deployment.",
      });
    }
    const table = changedField(step, ["outputSettings", "table"]);
    if (table) {
      warnings.push({
        kind: "output-table-changed",
        message: `Output table changed: ${shown(table.before, ["outputSettings", "table"])} → ${shown(table.after, ["outputSettings", "table"])}; results land in another table.`,
      });
    }
    const statement = changedField(step, ["outputSettings", "statementType"]);
    if (statement) {
      warnings.push({
        kind: "statement-type-changed",
        message: `Output statement type changed: ${shown(statement.before, ["outputSettings", "statementType"])} → ${shown(statement.after, ["outputSettings", "statementType"])}; rows are written differently.`,
      });
    }
  }
  if (operation === "adopt") warnings.push(adoptionWarning(step));
  if (operation !== "delete") {
    const endpoint = endpointWarning(step, operation === "create" || operation === "adopt");
    if (endpoint) warnings.push(endpoint);
    const insecure = insecureEndpointWarning(step);
    if (insecure) warnings.push(insecure);
  }
  if (operation === "delete" || operation === "replace") {
    const last = lastRunTime(step.oldOutputs);
    const now = (options.now ?? new Date()).getTime();
    const window = options.recentRunWindowMs ?? DEFAULT_RECENT_RUN_WINDOW_MS;
    if (last && now - last.getTime() <= window) {
      const status =
        typeof step.oldOutputs?.lastStartedJobStatus === "string" ? `, ${step.oldOutputs.lastStartedJobStatus}` : "";
      const what = operation === "delete" ? "Deletes" : "The replacement deletes";
      warnings.push({
        kind: "recently-run-deleted",
        message: `${what} a definition that ran recently: last run ${formatUtc(last)}${status}. Check nothing still depends on it.`,
      });
    }
  }
  return warnings;
}

/** Which existing definition an adoptExisting create takes over (the provider's `check` looked it up). */
function adoptionWarning(step: ResourceStep): ReviewWarning {
  const target = step.newInputs?.adoptTarget;
  const destroy =
    step.newInputs?.deleteAdoptedOnDestroy === true
      ? "destroying this stack deletes it (deleteAdoptedOnDestroy: true)"
      : "destroying this stack leaves it in DataRobot";
  if (isAdoptionRecord(target)) {
    return {
      kind: "adopts-existing",
      message:
        `Takes over the existing definition ${JSON.stringify(target.name)} (${describeAdoption(target)}) and ` +
        `updates it to this program's settings. If another stack manages it, both stacks will now change it; ${destroy}.`,
    };
  }
  return {
    kind: "adopts-existing",
    message:
      "adoptExisting is set: if a definition of this name exists when `up` runs, it is taken over (none was found " +
      `during the preview, or it could not be looked up); ${destroy}.`,
  };
}

/**
 * A resource whose own endpoint is plain http to another machine (only possible with datarobot:allowInsecureHttp).
 * The stack's own endpoint is not in the preview's events, so only a resource's `endpoint` input can be checked here.
 */
function insecureEndpointWarning(step: ResourceStep): ReviewWarning | undefined {
  const endpoint = valueAt(step.newInputs, ["endpoint"]);
  if (typeof endpoint !== "string") return undefined;
  let normalised: string;
  try {
    normalised = normaliseEndpoint(endpoint, { allowInsecureHttp: true });
  } catch {
    return undefined; // check reports a malformed endpoint
  }
  if (!isInsecureEndpoint(normalised)) return undefined;
  return {
    kind: "insecure-endpoint",
    message:
      `Uses plain http to ${normalised} (allowed by datarobot:allowInsecureHttp): the API token and the data travel ` +
      "in clear text on the network.",
  };
}

/** A resource that talks to another DataRobot than the stack's: the token configured for that endpoint goes there. */
function endpointWarning(step: ResourceStep, isNew: boolean): ReviewWarning | undefined {
  const after = valueAt(step.newInputs, ["endpoint"]);
  const before = isNew ? undefined : valueBefore(step, ["endpoint"]);
  if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return undefined;
  const shownAfter = typeof after === "string" ? after : "the stack's endpoint";
  const shownBefore = typeof before === "string" ? before : "the stack's endpoint";
  return {
    kind: "endpoint-changed",
    message: isNew
      ? `Uses its own DataRobot endpoint ${shownAfter}: the API token configured for it (datarobot:connections) is sent there.`
      : `Endpoint changed: ${shownBefore} → ${shownAfter}; the definition moves there and the API token configured for it is sent there.`,
  };
}
