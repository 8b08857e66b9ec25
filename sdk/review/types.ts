/**
 * The review's data types, defaults and the one reading of a field change the renderers share, apart from the builder
 * (`model.ts`) so that the builder, the warnings and the renderers all import them from here and none imports another.
 */
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

/**
 * True when a change is listed but both sides read the same because a secret hides them (`[secret]` → `[secret]`):
 * renderings add "(changed)" so the reviewer still sees which header or key changed, never its value.
 */
export function isHiddenSecretChange(field: FieldChange): boolean {
  return field.secret && field.before !== undefined && field.before === field.after;
}

export interface ScheduleReview {
  /** The schedule in words before/after; undefined when there is none on that side. */
  before?: string;
  after?: string;
  enabledBefore?: boolean;
  enabledAfter?: boolean;
  /** The next runs after the change (ISO, whole minutes, UTC); empty unless the definition is enabled afterwards. */
  nextRuns: string[];
  /** Why an enabled schedule never fires (e.g. only on February 30th), when that is the reason `nextRuns` is empty. */
  neverFires?: string;
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
