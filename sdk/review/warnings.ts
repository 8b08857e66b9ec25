/**
 * Warnings a reviewer must see, whatever else the diff shows: scoring starts or stops on a schedule, predictions
 * come from another deployment, results land in another table or are written differently, or a definition that was
 * in use is deleted.
 */
import type { ResourceStep } from "./events";
import type { ResourceReview, ReviewOptions, ReviewWarning } from "./model";
import { DEFAULT_RECENT_RUN_WINDOW_MS } from "./model";
import { formatValue, valueAt, type Segment } from "./values";
import { describeAdoption, isAdoptionRecord } from "../../provider/job-definition/adoption";

/** Output fields DataRobot reports about runs; the latest of them is "the last run". */
const RUN_TIME_FIELDS = ["lastStartedJobTime", "lastScheduledRunTime", "lastSuccessfulRunTime", "lastFailedRunTime"];

function oldValue(step: ResourceStep, segments: Segment[]): unknown {
  const fromOutputs = valueAt(step.oldOutputs, segments);
  return fromOutputs !== undefined ? fromOutputs : valueAt(step.oldInputs, segments);
}

const shown = (value: unknown, segments: Segment[]) => formatValue(value, segments) ?? "(none)";

/** The latest run time recorded in the old outputs, or undefined when the definition never ran. */
export function lastRunTime(outputs: Record<string, unknown> | undefined): Date | undefined {
  let latest: Date | undefined;
  for (const field of RUN_TIME_FIELDS) {
    const value = outputs?.[field];
    if (typeof value !== "string") continue;
    const at = new Date(value);
    if (Number.isNaN(at.getTime()) || at.getUTCFullYear() <= 1900) continue; // DataRobot's "never"
    if (!latest || at > latest) latest = at;
  }
  return latest;
}

/** "2026-11-29 02:00 UTC": fixed format, independent of locale and time zone. */
export function formatUtc(iso: string | Date): string {
  const text = (typeof iso === "string" ? new Date(iso) : iso).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

function changedField(step: ResourceStep, path: Segment[]): { before: unknown; after: unknown } | undefined {
  const before = oldValue(step, path);
  const after = valueAt(step.newInputs, path);
  return JSON.stringify(before) === JSON.stringify(after) ? undefined : { before, after };
}

export function warningsFor(step: ResourceStep, review: ResourceReview, options: ReviewOptions): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  const { operation, schedule } = review;
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

/** A resource that talks to another DataRobot than the stack's: the token configured for that endpoint goes there. */
function endpointWarning(step: ResourceStep, isNew: boolean): ReviewWarning | undefined {
  const after = valueAt(step.newInputs, ["endpoint"]);
  const before = isNew ? undefined : oldValue(step, ["endpoint"]);
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
