/**
 * runAfterDeploy: after `stack.up()`, run the job definitions the stack exports and/or the ones the update
 * created or changed, with bounded concurrency, and return a summary.
 *
 * Which definitions (documented in docs/runs.md, "Runs after deploy"):
 * - exported: the stack output `batchPredictionJobDefinitions` (EXPORT_NAME), holding an id or name, a list of
 *   them, or a map label → id/name. `export const batchPredictionJobDefinitions = [nightly.id, weekly.id];`
 * - changed: the `BatchPredictionJobDefinition` resources the update created, updated or replaced, read from the
 *   engine events of the up: pass `recorder.onEvent` to `stack.up({ onEvent })` and the recorder here.
 * A definition the update deleted (including the old half of a replacement) is never run: it is reported as
 * SKIPPED_DELETED, even when a stale export still names it.
 */
import { connect } from "../../provider/connections";
import { DataRobotClient } from "../../provider/client/client";
import { isJobDefinitionType, PLUGIN_PACKAGE } from "../type-tokens";
import { eitherNamespace } from "../../provider/config";
import { runMany, type RunManyOptions, type RunSummary, type RunSummaryLine } from "./many";

export const EXPORT_NAME = "batchPredictionJobDefinitions";

type OutputMap = Record<string, { value: unknown; secret?: boolean }>;

/** What runAfterDeploy needs from an Automation API Stack. */
export interface StackLike {
  outputs(): Promise<OutputMap>;
  getAllConfig?(): Promise<Record<string, { value: string; secret?: boolean }>>;
}

/** What runAfterDeploy needs from an UpResult. */
export interface UpResultLike {
  outputs: OutputMap;
}

/** The subset of the Automation API's EngineEvent read here. */
interface EngineEventLike {
  resOutputsEvent?: { metadata?: StepMetadataLike };
  resourcePreEvent?: { metadata?: StepMetadataLike };
}
interface StepMetadataLike {
  op?: string;
  type?: string;
  old?: { id?: string; outputs?: Record<string, unknown> };
  new?: { id?: string; outputs?: Record<string, unknown> };
}

const CHANGING_OPS = new Set(["create", "update", "replace", "create-replacement"]);
const DELETING_OPS = new Set(["delete", "delete-replaced", "discard", "discard-replaced"]);

/** Collects, from an up's engine events, the definitions it created/changed and the ones it deleted. */
export class DeployEventRecorder {
  readonly changed = new Map<string, string | undefined>(); // id → name
  readonly deleted = new Set<string>();
  readonly deletedNames = new Set<string>();

  /** Pass to `stack.up({ onEvent: recorder.onEvent })`. */
  readonly onEvent = (event: EngineEventLike): void => {
    const done = event.resOutputsEvent?.metadata;
    if (!done || !isJobDefinitionType(done.type) || !done.op) return;
    if (CHANGING_OPS.has(done.op) && done.new?.id) {
      const name = done.new.outputs?.name;
      this.changed.set(done.new.id, typeof name === "string" ? name : undefined);
    }
    if (DELETING_OPS.has(done.op) && done.old?.id) {
      this.deleted.add(done.old.id);
      const name = done.old.outputs?.name;
      if (typeof name === "string") this.deletedNames.add(name);
    }
  };
}

export function recordDeployEvents(): DeployEventRecorder {
  return new DeployEventRecorder();
}

/** The references an export holds: a string, a list of strings, or a map of strings (in that order, deduplicated). */
export function definitionsFromOutputs(outputs: OutputMap): string[] {
  const value = outputs[EXPORT_NAME]?.value;
  if (value === undefined || value === null) return [];
  const items = typeof value === "string" ? [value] : Array.isArray(value) ? value : Object.values(value as object);
  const references: string[] = [];
  for (const item of items) {
    if (typeof item !== "string" || item.trim() === "") {
      throw new TypeError(
        `Stack output ${EXPORT_NAME} must hold definition ids or names (strings); got ${JSON.stringify(item)}`,
      );
    }
    if (!references.includes(item.trim())) references.push(item.trim());
  }
  return references;
}

export interface RunAfterDeployOptions extends RunManyOptions {
  /** Which definitions to run; default "exported", or "changed" when only `events` are given. */
  select?: "exported" | "changed" | "exported-and-changed";
  /** The recorder whose onEvent was passed to `stack.up()`; needed for "changed" and to skip deleted definitions. */
  events?: DeployEventRecorder;
}

function isStack(source: StackLike | UpResultLike): source is StackLike {
  return typeof (source as StackLike).outputs === "function";
}

/** Endpoint and token: explicit options, then the stack's config (when a stack is given), then the environment. */
async function clientFor(source: StackLike | UpResultLike, options: RunAfterDeployOptions): Promise<DataRobotClient> {
  if (options.client) return options.client;
  let config: Record<string, { value: string }> = {};
  if (isStack(source) && source.getAllConfig) config = await source.getAllConfig();
  return connect({
    config: eitherNamespace({ get: (key) => config[key]?.value }, PLUGIN_PACKAGE),
    endpoint: options.endpoint,
    token: options.token,
  });
}

export async function runAfterDeploy(
  source: StackLike | UpResultLike,
  options: RunAfterDeployOptions = {},
): Promise<RunSummary> {
  const select = options.select ?? (options.events && !("outputs" in source) ? "changed" : "exported");
  if (select !== "exported" && !options.events) {
    throw new TypeError(
      `runAfterDeploy: select "${select}" needs the events of the up (options.events = recordDeployEvents())`,
    );
  }
  const references: string[] = [];
  if (select !== "changed") {
    const outputs = isStack(source) ? await source.outputs() : source.outputs;
    references.push(...definitionsFromOutputs(outputs));
  }
  if (select !== "exported" && options.events) {
    for (const id of options.events.changed.keys()) if (!references.includes(id)) references.push(id);
  }
  const deleted = options.events?.deleted ?? new Set<string>();
  const deletedNames = options.events?.deletedNames ?? new Set<string>();
  // A name deleted with one definition may live on in its replacement (changed in the same update).
  const changedNames = new Set(options.events?.changed.values() ?? []);
  const skipped = references.filter((ref) => deleted.has(ref) || (deletedNames.has(ref) && !changedNames.has(ref)));
  const toRun = references.filter((ref) => !skipped.includes(ref));
  const client = await clientFor(source, options);
  const summary = await runMany(toRun, { ...options, client });
  const byReference = new Map<string, RunSummaryLine>(summary.runs.map((run) => [run.reference, run]));
  for (const ref of skipped) byReference.set(ref, { reference: ref, outcome: "SKIPPED_DELETED", durationMs: 0 });
  return { runs: references.map((ref) => byReference.get(ref) as RunSummaryLine), ok: summary.ok };
}
