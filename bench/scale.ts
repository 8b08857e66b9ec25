/**
 * The scale benchmark: the same five operations on N definitions of this package and on N baseline items, measured
 * side by side. Ours and the baseline run alternately, operation by operation (and the one that goes first
 * alternates too), so that load from other processes on the machine hits both alike.
 */
import type { PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../emulator";
import { countCalls, type CallCounts } from "./api-calls";
import { sampleProviderMemory } from "./memory";
import { baselineProgram, oursProgram, type FleetShape, type ProgramState } from "./programs";
import { createBenchStack, type BenchStack } from "./stacks";
import type { TrivialServer } from "./baseline/server";

export const OPERATIONS = ["up", "preview", "refresh", "update", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];
export type Side = "ours" | "baseline";

export interface OperationFigures {
  wallMs: number;
  /** HTTP requests the provider sent (ours: the emulator's log; baseline: the trivial server's counters). */
  calls: CallCounts;
  /** Peak RSS of the stack's dynamic-provider process(es) during the operation, bytes. */
  providerPeakRssBytes: number;
  /** What the engine reported (e.g. "create 100"), to show the operation did what it claims. */
  engineSummary: string;
}

export interface StateFigures {
  resources: number;
  providerBytesPerResource: number;
  resourceBytesPerResource: number;
  /** The whole exported deployment (stack resource included) divided by N. */
  stateBytesPerResource: number;
}

export interface ScaleRun {
  n: number;
  figures: Record<Side, Record<Operation, OperationFigures>>;
  state?: Record<Side, StateFigures>;
  /** Anything that did not go as an operation should (wrong engine summary): the figures are then suspect. */
  problems: string[];
}

interface Subject {
  side: Side;
  bench: BenchStack;
  calls(): Promise<CallCounts>;
  resetCalls(): Promise<void>;
}

function summarise(changes: Record<string, number> | undefined): string {
  if (!changes) return "";
  return Object.entries(changes)
    .filter(([kind]) => kind !== "same" || Object.keys(changes).length === 1)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
}

/** Runs one operation; returns the engine's change summary (the stack resource itself included). */
async function runOperation(stack: Stack, op: Operation): Promise<Record<string, number> | undefined> {
  switch (op) {
    case "up":
    case "update":
      return (await stack.up()).summary.resourceChanges;
    case "preview":
      return (await stack.preview()).changeSummary;
    case "refresh":
      return (await stack.refresh()).summary.resourceChanges;
    case "destroy":
      return (await stack.destroy()).summary.resourceChanges;
  }
}

/** What the engine must report for N resources (+1: the stack resource). */
function expectedSummary(op: Operation, n: number): Record<string, number> {
  switch (op) {
    case "up":
      return { create: n + 1 };
    case "preview":
    case "refresh":
      return { same: n + 1 };
    case "update":
      return { same: 1, update: n };
    case "destroy":
      return { delete: n + 1 };
  }
}

function sameSummary(actual: Record<string, number> | undefined, expected: Record<string, number>): boolean {
  const a = Object.entries(actual ?? {}).filter(([, count]) => count > 0);
  return a.length === Object.keys(expected).length && a.every(([kind, count]) => expected[kind] === count);
}

function stateFigures(deployment: { deployment: unknown }, type: string, n: number): StateFigures {
  const resources = ((deployment.deployment as { resources?: Array<Record<string, unknown>> }).resources ?? []).filter(
    (resource) => resource.type === type,
  );
  const providerBytes = resources.map((resource) => {
    const outputs = resource.outputs as Record<string, unknown> | undefined;
    const value = outputs?.__provider;
    return Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value ?? ""));
  });
  const resourceBytes = resources.map((resource) => Buffer.byteLength(JSON.stringify(resource)));
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  return {
    resources: resources.length,
    providerBytesPerResource: Math.round(mean(providerBytes)),
    resourceBytesPerResource: Math.round(mean(resourceBytes)),
    stateBytesPerResource: Math.round(Buffer.byteLength(JSON.stringify(deployment)) / n),
  };
}

export const OURS_TYPE = "pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobDefinition";
export const BASELINE_TYPE = "pulumi-nodejs:dynamic/bench:BaselineItem";

export async function runScale(options: {
  n: number;
  shape: FleetShape;
  emu: RunningEmulator;
  trivial: TrivialServer;
  pulumiCommand: PulumiCommand;
  measureState: boolean;
  log: (line: string) => void;
}): Promise<ScaleRun> {
  const { n, emu, trivial, pulumiCommand, log } = options;
  const shape: FleetShape = { ...options.shape, deploymentIds: options.shape.deploymentIds.slice(0, n) };
  const state: ProgramState = { variant: "v1" };
  const problems: string[] = [];
  const subjects: Subject[] = [];
  try {
    subjects.push({
      side: "ours",
      bench: await createBenchStack({
        projectName: `bench-ours-${n}`,
        program: oursProgram(shape, state),
        pulumiCommand,
        config: {
          "datarobot:endpoint": { value: emu.url },
          "datarobot:apiToken": { value: emu.token, secret: true },
        },
      }),
      calls: async () => countCalls(await emu.admin.requests()),
      resetCalls: () => emu.admin.clearRequests(),
    });
    subjects.push({
      side: "baseline",
      bench: await createBenchStack({
        projectName: `bench-baseline-${n}`,
        program: baselineProgram(shape, state),
        pulumiCommand,
        config: { "baseline:endpoint": { value: trivial.url } },
      }),
      calls: async () => {
        const counts = trivial.counts();
        return countCalls(Object.entries(counts).flatMap(([method, count]) => Array(count).fill({ method })));
      },
      resetCalls: async () => trivial.resetCounts(),
    });

    const figures = { ours: {}, baseline: {} } as ScaleRun["figures"];
    let stateResult: ScaleRun["state"];
    for (const [index, op] of OPERATIONS.entries()) {
      if (op === "update") state.variant = "v2";
      const order = index % 2 === 0 ? subjects : [...subjects].reverse();
      for (const subject of order) {
        await subject.resetCalls();
        const memory = sampleProviderMemory(subject.bench.workDir);
        const started = process.hrtime.bigint();
        let summary: Record<string, number> | undefined;
        try {
          summary = await runOperation(subject.bench.stack, op);
        } finally {
          const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
          const peak = memory.stop();
          figures[subject.side][op] = {
            wallMs,
            calls: await subject.calls(),
            providerPeakRssBytes: peak.peakRssBytes,
            engineSummary: summarise(summary),
          };
        }
        const expected = expectedSummary(op, n);
        if (!sameSummary(summary, expected)) {
          problems.push(
            `${subject.side} ${op} at N=${n}: engine reported ${JSON.stringify(summary)}, expected ${JSON.stringify(expected)}`,
          );
        }
        const f = figures[subject.side][op];
        log(
          `  N=${n} ${op.padEnd(8)} ${subject.side.padEnd(8)} ${(f.wallMs / 1000).toFixed(2)} s  (${f.engineSummary})`,
        );
      }
      if (op === "up" && options.measureState) {
        stateResult = {
          ours: stateFigures(await subjects[0].bench.stack.exportStack(), OURS_TYPE, n),
          baseline: stateFigures(await subjects[1].bench.stack.exportStack(), BASELINE_TYPE, n),
        };
      }
    }
    return { n, figures, state: stateResult, problems };
  } finally {
    for (const subject of subjects) await subject.bench.cleanup();
  }
}
