/**
 * Reviewable previews: run `pulumi preview` through the Automation API and turn the job-definition steps into a
 * review a person can approve from a pull request (Markdown comment, plain text for logs, and the data).
 *
 *   const { markdown, text, review } = await reviewPreview(stack);
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { collectSteps } from "./events";
import { buildReview } from "./model";
import type { Review, ReviewOptions } from "./types";
import { renderMarkdown } from "./markdown";
import { renderText } from "./text";

export interface ReviewPreviewOptions extends ReviewOptions {
  /**
   * Refresh before previewing (default true), so that "before" values and the last run times of deleted
   * definitions are what DataRobot holds now, not what the last `up` saw. Needs the DataRobot credentials.
   */
  refresh?: boolean;
  /** Also receives every engine event (e.g. to log progress). */
  onEvent?: (event: EngineEvent) => void;
  /** Receives the engine's own output. */
  onOutput?: (out: string) => void;
}

/** What `reviewPreview` needs of an Automation API `Stack`. */
export interface PreviewableStack {
  readonly name: string;
  preview(options: {
    refresh?: boolean;
    onEvent?: (event: EngineEvent) => void;
    onOutput?: (out: string) => void;
  }): Promise<{ changeSummary: Record<string, number> }>;
}

export interface ReviewedPreview {
  review: Review;
  markdown: string;
  text: string;
  /** The engine's counts for every resource type (job definitions and anything else in the stack). */
  changeSummary: Record<string, number>;
}

/** The review of already captured engine events (e.g. from your own `stack.preview({onEvent})`). */
export function reviewEvents(events: readonly EngineEvent[], options: ReviewOptions = {}): ReviewedPreview {
  const review = buildReview(collectSteps(events), options);
  return { review, markdown: renderMarkdown(review), text: renderText(review), changeSummary: {} };
}

/** Runs a preview of `stack` and reviews its job-definition changes. */
export async function reviewPreview(
  stack: PreviewableStack,
  options: ReviewPreviewOptions = {},
): Promise<ReviewedPreview> {
  const events: EngineEvent[] = [];
  const result = await stack.preview({
    refresh: options.refresh ?? true,
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  });
  const reviewed = reviewEvents(events, { stack: stack.name, ...options, now: options.now ?? new Date() });
  return { ...reviewed, changeSummary: result.changeSummary };
}

export { collectSteps, resourceNameOf, JOB_DEFINITION_TYPE_TOKEN } from "./events";
export type { ResourceStep, StepOperation } from "./events";
export { buildReview } from "./model";
export { OPERATIONS, DEFAULT_NEXT_RUN_COUNT, DEFAULT_RECENT_RUN_WINDOW_MS } from "./types";
export type {
  Review,
  ResourceReview,
  ReviewOperation,
  ReviewOptions,
  FieldChange,
  ScheduleReview,
  ReviewWarning,
  WarningKind,
} from "./types";
export { renderMarkdown, commentMarker } from "./markdown";
export { renderText } from "./text";
export { formatUtc, lastRunTime } from "./warnings";
export { SECRET_TEXT, UNKNOWN_TEXT } from "./values";
