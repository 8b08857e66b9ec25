/**
 * Collects the job-definition steps of a preview from the Automation API's engine events.
 *
 * Each resource the preview touches emits a `resourcePreEvent` with the step's op, the old state (inputs and
 * outputs), the new inputs and the detailed diff. A replacement shows up as three steps of one URN
 * (`create-replacement`, `replace`, `delete-replaced`); they are merged into one "replace".
 */
import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation";
import { JOB_DEFINITION_TYPE_TOKEN, JOB_DEFINITION_TYPE_TOKENS } from "../type-tokens";
import { valueAt, type Props, type Segment } from "./values";

export { JOB_DEFINITION_TYPE_TOKEN };

export type StepOperation = "create" | "update" | "replace" | "delete";

export interface PropertyDiffLike {
  diffKind: string;
  inputDiff?: boolean;
}

/** One resource's planned change, as reported by the engine. */
export interface ResourceStep {
  urn: string;
  /** The Pulumi resource name (last URN segment). */
  resource: string;
  op: StepOperation;
  oldInputs?: Props;
  oldOutputs?: Props;
  newInputs?: Props;
  /** Changed property paths (`intakeSettings.url`, `schedule.hour[0]`) → kind of change; absent for creates/deletes. */
  detailedDiff?: Record<string, PropertyDiffLike>;
  /** Top-level inputs forcing a replacement. */
  replaceKeys: string[];
}

/** A value before the step: the old outputs (what DataRobot holds, refreshed when the preview refreshed), else old inputs. */
export function valueBefore(step: ResourceStep, segments: readonly Segment[]): unknown {
  const fromOutputs = valueAt(step.oldOutputs, segments);
  return fromOutputs !== undefined ? fromOutputs : valueAt(step.oldInputs, segments);
}

const OP_OF: Partial<Record<string, StepOperation>> = {
  create: "create",
  update: "update",
  replace: "replace",
  "create-replacement": "replace",
  "delete-replaced": "replace",
  delete: "delete",
};

/** The last URN segment: `urn:pulumi:dev::proj::type::nightly` → `nightly`. */
export function resourceNameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

function merge(into: ResourceStep, metadata: StepEventMetadata): void {
  // The logical "replace" step carries the detailed diff; the others add nothing new but may come first.
  into.oldInputs ??= metadata.old?.inputs;
  into.oldOutputs ??= metadata.old?.outputs;
  into.newInputs ??= metadata.new?.inputs;
  if (metadata.detailedDiff) into.detailedDiff = metadata.detailedDiff as Record<string, PropertyDiffLike>;
  if (metadata.keys && metadata.keys.length > 0) into.replaceKeys = [...metadata.keys].sort();
}

/** The steps of resources of `typeToken` (default: job definitions of either distribution), in URN order. */
export function collectSteps(
  events: readonly EngineEvent[],
  typeToken: string | readonly string[] = JOB_DEFINITION_TYPE_TOKENS,
): ResourceStep[] {
  const tokens: readonly string[] = typeof typeToken === "string" ? [typeToken] : typeToken;
  const byUrn = new Map<string, ResourceStep>();
  for (const event of events) {
    const metadata = event.resourcePreEvent?.metadata;
    if (!metadata || !tokens.includes(metadata.type)) continue;
    const op = OP_OF[metadata.op];
    if (!op) continue; // same, read, refresh, discard...: nothing a reviewer approves
    let step = byUrn.get(metadata.urn);
    if (!step) {
      step = { urn: metadata.urn, resource: resourceNameOf(metadata.urn), op, replaceKeys: [] };
      byUrn.set(metadata.urn, step);
    } else if (op === "replace") {
      step.op = "replace";
    }
    merge(step, metadata);
  }
  return [...byUrn.values()].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}
