/**
 * The review of a preview, as data: per job definition the operation, each changed field (before → after, secrets
 * masked), the schedule in words with its next runs, and the warnings a reviewer must see. Pure: the same steps and
 * the same `now` always give the same review, so rendered comments are stable.
 */
import { describeSchedule } from "../schedule-text";
import { nextRunTimes } from "../schedule-next";
import type { ResourceStep } from "./events";
import {
  containsSecret,
  formatPath,
  formatValue,
  isPlainObject,
  isSecretWrapper,
  leafPaths,
  parsePath,
  reviewedPath,
  valueAt,
  UNKNOWN_TEXT,
  type Props,
  type Segment,
} from "./values";
import { warningsFor } from "./warnings";

export type ReviewOperation = "create" | "adopt" | "update" | "replace" | "delete";
/** Display order of operations (summaries, counts). */
export const OPERATIONS: readonly ReviewOperation[] = ["create", "adopt", "update", "replace", "delete"];

export interface FieldChange {
  /** `intakeSettings.url`, `schedule.hour`. */
  path: string;
  /** Compact JSON, `[secret]` or `(known after apply)`; undefined when the field is absent on that side. */
  before?: string;
  after?: string;
  /** True when a secret is hidden in before or after. */
  secret: boolean;
}

export interface ScheduleReview {
  /** The schedule in words before/after; undefined when there is none on that side. */
  before?: string;
  after?: string;
  enabledBefore?: boolean;
  enabledAfter?: boolean;
  /** The next runs after the change (ISO, whole minutes, UTC); empty unless the definition is enabled afterwards. */
  nextRuns: string[];
}

export type WarningKind =
  | "schedule-enabled"
  | "schedule-disabled"
  | "deployment-changed"
  | "output-table-changed"
  | "statement-type-changed"
  | "recently-run-deleted"
  /** A likely mistake in the inputs that DataRobot may still accept (sent as written); see the validation rules. */
  | "input"
  | "scheduled-local-file"
  | "adopts-existing"
  | "endpoint-changed"
  /** A resource's own endpoint is plain http to another machine (datarobot:allowInsecureHttp). */
  | "insecure-endpoint";

export interface ReviewWarning {
  kind: WarningKind;
  message: string;
}

export interface ResourceReview {
  /** The Pulumi resource name. */
  resource: string;
  /** The DataRobot definition name (after the change; before it for deletes). */
  definitionName?: string;
  urn: string;
  operation: ReviewOperation;
  /** Inputs forcing a replacement (`endpoint`). */
  replaceKeys: string[];
  fields: FieldChange[];
  schedule?: ScheduleReview;
  warnings: ReviewWarning[];
}

export interface Review {
  /** The stack previewed, when known. */
  stack?: string;
  /** Sorted by resource name, then URN. */
  resources: ResourceReview[];
  counts: Record<ReviewOperation, number>;
}

export interface ReviewOptions {
  /** Next runs are computed after this instant, and "recent" runs measured back from it. Default: now. */
  now?: Date;
  /** How many next runs to list (default 3). */
  nextRunCount?: number;
  /** A deleted definition that ran within this window gets a warning (default 7 days). */
  recentRunWindowMs?: number;
  stack?: string;
}

export const DEFAULT_NEXT_RUN_COUNT = 3;
export const DEFAULT_RECENT_RUN_WINDOW_MS = 7 * 24 * 3_600_000;

/** Inputs that are plumbing, not something a reviewer decides on. */
const HIDDEN_KEYS = new Set(["__provider", "autoName", "adoptTarget", "adopted"]);

/** Before values: the old outputs (what DataRobot holds, refreshed when the preview refreshed), else old inputs. */
function before(step: ResourceStep, segments: readonly Segment[]): unknown {
  const fromOutputs = valueAt(step.oldOutputs, segments);
  return fromOutputs !== undefined ? fromOutputs : valueAt(step.oldInputs, segments);
}

function fieldChange(segments: Segment[], beforeValue: unknown, afterValue: unknown): FieldChange {
  const change: FieldChange = {
    path: formatPath(segments),
    secret: containsSecret(beforeValue, segments) || containsSecret(afterValue, segments),
  };
  const b = formatValue(beforeValue, segments);
  const a = formatValue(afterValue, segments);
  if (b !== undefined) change.before = b;
  if (a !== undefined) change.after = a;
  return change;
}

/**
 * True when a change is listed but both sides read the same because a secret hides them (`[secret]` → `[secret]`):
 * renderings add "(changed)" so the reviewer still sees which header or key changed, never its value.
 */
export function isHiddenSecretChange(field: FieldChange): boolean {
  return field.secret && field.before !== undefined && field.before === field.after;
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
    if (segments.length > 0 && visible(segments)) seen.set(formatPath(segments), segments);
  }
  return [...seen.keys()]
    .sort()
    .map((key) => seen.get(key)!)
    .map((segments) => fieldChange(segments, before(step, segments), valueAt(step.newInputs, segments)));
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
  const oldSchedule = hasOld ? before(step, ["schedule"]) : undefined;
  const newSchedule = hasNew ? step.newInputs?.schedule : undefined;
  if (!isPlainObject(oldSchedule) && !isPlainObject(newSchedule)) return undefined;
  const review: ScheduleReview = { nextRuns: [] };
  const b = scheduleText(oldSchedule);
  const a = scheduleText(newSchedule);
  if (b !== undefined) review.before = b;
  if (a !== undefined) review.after = a;
  const enabledBefore = hasOld ? asBoolean(before(step, ["enabled"])) : undefined;
  const enabledAfter = hasNew ? asBoolean(step.newInputs?.enabled) : undefined;
  if (enabledBefore !== undefined) review.enabledBefore = enabledBefore;
  if (enabledAfter !== undefined) review.enabledAfter = enabledAfter;
  if (enabledAfter === true && isPlainObject(newSchedule)) {
    try {
      review.nextRuns = nextRunTimes(newSchedule, options.now ?? new Date(), options.nextRunCount ?? 3).map((d) =>
        d.toISOString(),
      );
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

export type { Props };

/** Code-point order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
