/**
 * The pull-request step: preview the scoring stack with the branch's program and render the review (text for the
 * log, Markdown for the pull-request comment). Nothing is applied.
 */
import { reviewPreview } from "pulumi-datarobot-batch";
import { openScoringStack, type PipelineOptions } from "./pipeline";

export async function reviewPipeline(
  options: Omit<PipelineOptions, "log" | "concurrency" | "timeoutMs">,
): Promise<{ markdown: string; text: string }> {
  const stack = await openScoringStack(options);
  const { markdown, text } = await reviewPreview(stack);
  return { markdown, text };
}
