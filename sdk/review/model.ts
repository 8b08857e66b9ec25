/**
 * The review of a preview, as data: per job definition the operation, each changed field (before → after, secrets
 * masked), the schedule in words with its next runs, and the warnings a reviewer must see. Pure: the same steps and
 * the same `now` always give the same review, so rendered comments are stable.
 */
import { describeSchedule } from "../schedule-text";
import { nextRunTimes } from "../schedule-next";
import { scheduleNeverFiresReason } from "../../provider/model";
import { isNonArrayObject } from "../../provider/values";
import {
  ADOPTED_KEY,
  ADOPTION_PREVIEW_KEY,
  GENERATED_PROVIDER_SETTING_KEYS,
  PROVIDER_KEY,
} from "../../provider/job-definition/fields";
import { valueBefore, type ResourceStep } from "./events";
import {
  containsSecret,
  formatReviewPath,
  formatValue,
  isSecretWrapper,
  leafPaths,
  parsePath,
  reviewedPath,
  valueAt,
  UNKNOWN_TEXT,
  type Segment,
} from "./values";
import { warningsFor } from "./warnings";
import {
  DEFAULT_NEXT_RUN_COUNT,
  OPERATIONS,
  type FieldChange,
  type ResourceReview,
  type Review,
  type ReviewOperation,
  type ReviewOptions,
  type ScheduleReview,
} from "./types";

/** Inputs that are plumbing, not something a reviewer decides on. */
const HIDDEN_KEYS = new Set<string>([
  PROVIDER_KEY,
  ...GENERATED_PROVIDER_SETTING_KEYS,
  ADOPTION_PREVIEW_KEY,
  ADOPTED_KEY,
]);

function fieldChange(segments: Segment[], beforeValue: unknown, afterValue: unknown): FieldChange {
  const change: FieldChange = {
    path: formatReviewPath(segments),
    secret: containsSecret(beforeValue, segments) || containsSecret(afterValue, segments),
  };
  const b = formatValue(beforeValue, segments);
  const a = formatValue(afterValue, segments);
  if (b !== undefined) change.before = b;
  if (a !== undefined) change.after = a;
  return change;
}

const visible = (segments: Segment[]) => !HIDDEN_KEYS.has(String(segments[0]));

function changedFields(step: ResourceStep, operation: ReviewOperation): FieldChange[] {
  if (operation === "create" || operation === "adopt") {
    return leafPaths(step.newInputs ?? {})
      .filter(visible)
      .map((segments) => fieldChange(segments, undefined, valueAt(step.newInputs, segments)));
  }
  if (operation === "delete") {
    const old = step.oldInputs ?? step.oldOutputs ?? {};
    return leafPaths(old)
      .filter(visible)
      .map((segments) => fieldChange(segments, valueAt(old, segments), undefined));
  }
  const seen = new Map<string, Segment[]>();
  for (const path of Object.keys(step.detailedDiff ?? {})) {
    const segments = reviewedPath(parsePath(path));
    if (segments.length > 0 && visible(segments)) seen.set(formatReviewPath(segments), segments);
  }
  return [...seen.keys()]
    .sort()
    .map((key) => seen.get(key)!)
    .map((segments) => fieldChange(segments, valueBefore(step, segments), valueAt(step.newInputs, segments)));
}

function operationOf(step: ResourceStep): ReviewOperation {
  if (step.op === "create" && step.newInputs?.adoptExisting === true) return "adopt";
  return step.op;
}

function scheduleText(schedule: unknown): string | undefined {
  if (schedule === undefined || schedule === null) return undefined;
  if (isSecretWrapper(schedule)) return "[secret]";
  try {
    return describeSchedule(schedule);
  } catch {
    return UNKNOWN_TEXT; // e.g. values not known until apply
  }
}

function asBoolean(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

function scheduleReview(step: ResourceStep, operation: ReviewOperation, options: ReviewOptions) {
  const hasOld = operation === "update" || operation === "replace" || operation === "delete";
  const hasNew = operation !== "delete";
  const oldSchedule = hasOld ? valueBefore(step, ["schedule"]) : undefined;
  const newSchedule = hasNew ? step.newInputs?.schedule : undefined;
  if (!isNonArrayObject(oldSchedule) && !isNonArrayObject(newSchedule)) return undefined;
  const review: ScheduleReview = { nextRuns: [] };
  const b = scheduleText(oldSchedule);
  const a = scheduleText(newSchedule);
  if (b !== undefined) review.before = b;
  if (a !== undefined) review.after = a;
  const enabledBefore = hasOld ? asBoolean(valueBefore(step, ["enabled"])) : undefined;
  const enabledAfter = hasNew ? asBoolean(step.newInputs?.enabled) : undefined;
  if (enabledBefore !== undefined) review.enabledBefore = enabledBefore;
  if (enabledAfter !== undefined) review.enabledAfter = enabledAfter;
  if (enabledAfter === true && isNonArrayObject(newSchedule)) {
    try {
      review.nextRuns = nextRunTimes(
        newSchedule,
        options.now ?? new Date(),
        options.nextRunCount ?? DEFAULT_NEXT_RUN_COUNT,
      ).map((d) => d.toISOString());
      const neverFires = review.nextRuns.length === 0 ? scheduleNeverFiresReason(newSchedule) : undefined;
      if (neverFires) review.neverFires = neverFires;
    } catch {
      review.nextRuns = []; // not computable before apply
    }
  }
  return review;
}

function reviewStep(step: ResourceStep, options: ReviewOptions): ResourceReview {
  const operation = operationOf(step);
  const nameSource = operation === "delete" ? (step.oldInputs ?? step.oldOutputs) : step.newInputs;
  const review: ResourceReview = {
    resource: step.resource,
    urn: step.urn,
    operation,
    replaceKeys: step.replaceKeys,
    fields: changedFields(step, operation),
    warnings: [],
  };
  if (typeof nameSource?.name === "string") review.definitionName = nameSource.name;
  const schedule = scheduleReview(step, operation, options);
  if (schedule) review.schedule = schedule;
  review.warnings = warningsFor(step, review, options);
  return review;
}

/** The review of the given steps (see `collectSteps`). */
export function buildReview(steps: readonly ResourceStep[], options: ReviewOptions = {}): Review {
  const resources = steps
    .map((step) => reviewStep(step, options))
    .sort((a, b) => compareText(a.resource, b.resource) || compareText(a.urn, b.urn));
  const counts = Object.fromEntries(OPERATIONS.map((op) => [op, 0])) as Record<ReviewOperation, number>;
  for (const resource of resources) counts[resource.operation]++;
  return { ...(options.stack !== undefined ? { stack: options.stack } : {}), resources, counts };
}

/** Code-point order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
