/**
 * The scale benchmark: the same five operations on N definitions of this package through each of its two doors (the
 * dynamic provider, "ours", and the native plugin, "plugin") and on N baseline items, measured side by side. The
 * three stacks run in turn, operation by operation (and the one that goes first rotates too), so that load from
 * other processes on the machine hits them alike.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import type { BenchEmulator, BenchTrivial } from "./servers-client";
import { countCalls, type CallCounts } from "./api-calls";
import { exactProviderCpu, providerCpuReports, sampleStackProcesses, type ProviderCpuReports } from "./processes";
import { baselineProgram, oursProgram, pluginProgram, type FleetShape, type ProgramState } from "./programs";
import { benchDir, createBenchStack, type BenchStack } from "./stacks";
import { middle } from "./stats";
import { JOB_DEFINITION_TYPE_TOKEN, PLUGIN_JOB_DEFINITION_TYPE_TOKEN } from "../sdk/type-tokens";

export const OPERATIONS = ["up", "preview", "refresh", "update", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];
export const SIDES = ["ours", "plugin", "baseline"] as const;
/** "ours": the dynamic-provider door; "plugin": the native plugin's door; "baseline": the floor. */
export type Side = (typeof SIDES)[number];

export interface OperationFigures {
  wallMs: number;
  /** Every measurement's wall time, when the operation was repeated (see steps()). */
  samplesWallMs: number[];
  /** HTTP requests the provider sent (ours: the emulator's log; baseline: the trivial server's counters). */
  calls: CallCounts;
  /** Peak RSS of the stack's provider process(es) during the operation, bytes. */
  providerPeakRssBytes: number;
  /** CPU seconds of the provider process (dynamic provider or plugin), the engine, and the bench process (the inline program). */
  providerCpuS: number;
  /** Provider processes whose CPU is the last sample of /proc (they wrote no exact figure: see bench/cpu-hook.js). */
  providerCpuSampledOnly: number;
  engineCpuS: number;
  programCpuS: number;
  /** What the engine reported (e.g. "create 100"), to show the operation did what it claims. */
  engineSummary: string;
  summary: Record<string, number> | undefined;
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
  /** The operations measured (all of OPERATIONS unless `--ops` chose some); `figures` holds only these. */
  ops: Operation[];
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
  /** Where the stack's provider processes write their exact CPU (bench/cpu-hook.js). */
  cpuReports: ProviderCpuReports;
}

/**
 * The operations in the order they run. Wall times and CPU on a shared machine are noisy (a single run's ratio to the
 * floor moves by up to 0.2), so operations are measured three times and the median is reported: the no-op preview
 * and the refresh simply repeat, at every N; the one-field up changes the field again (v2, v3, v4); the create-up is
 * repeated through destroy + up (which also gives three destroys). Above N = 100 the create-up, the one-field up and
 * the destroy run once (each takes minutes there).
 */
function steps(n: number, ops: readonly Operation[]): Operation[] {
  // The create-up is repeated through destroy + up: without destroy (`--ops up,preview`), it is measured once.
  const again: Operation[] = n <= 100 && ops.includes("destroy") ? ["destroy", "up", "destroy", "up"] : [];
  const thrice = (op: Operation): Operation[] => [op, op, op];
  const updates: Operation[] = n <= 100 ? thrice("update") : ["update"];
  const all: Operation[] = ["up", ...again, ...thrice("preview"), ...thrice("refresh"), ...updates, "destroy"];
  // The create-up always runs: the other operations need its resources.
  return all.filter((op) => op === "up" || ops.includes(op));
}

/**
 * The sample with the median wall time, with each CPU figure the median of its own: the process that was slow in wall
 * time is not always the one that spent the most CPU, and a target reads each figure alone.
 */
function median(samples: OperationFigures[]): OperationFigures {
  const sorted = [...samples].sort((a, b) => a.wallMs - b.wallMs);
  return {
    ...sorted[Math.floor((sorted.length - 1) / 2)]!,
    providerCpuS: middle(samples.map((s) => s.providerCpuS)),
    engineCpuS: middle(samples.map((s) => s.engineCpuS)),
    programCpuS: middle(samples.map((s) => s.programCpuS)),
    samplesWallMs: samples.map((s) => s.wallMs),
  };
}

/** Runs one operation on one side, with its wall time, HTTP calls and the CPU and memory of its processes. */
async function measure(subject: Subject, op: Operation, parallel?: number): Promise<OperationFigures> {
  await subject.resetCalls();
  subject.cpuReports.clear();
  const processes = sampleStackProcesses(subject.bench.workDir);
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  let summary: Record<string, number> | undefined;
  try {
    summary = await runOperation(subject.bench.stack, op, parallel);
  } catch (error) {
    processes.stop();
    throw error;
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  const { providerCpuByPid, ...used } = processes.stop();
  const provider = await exactProviderCpu(subject.cpuReports.folder, providerCpuByPid);
  return {
    wallMs,
    samplesWallMs: [wallMs],
    calls: await subject.calls(),
    ...used,
    providerCpuS: provider.cpuS,
    providerCpuSampledOnly: provider.sampledOnly,
    programCpuS: (cpu.user + cpu.system) / 1e6,
    engineSummary: summarise(summary),
    summary,
  };
}

function summarise(changes: Record<string, number> | undefined): string {
  if (!changes) return "";
  return Object.entries(changes)
    .filter(([kind]) => kind !== "same" || Object.keys(changes).length === 1)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
}

/** Runs one operation; returns the engine's change summary (the stack resource itself included). */
async function runOperation(
  stack: Stack,
  op: Operation,
  parallel?: number,
): Promise<Record<string, number> | undefined> {
  // `parallel` undefined: the engine's default (8).
  const options = parallel === undefined ? {} : { parallel };
  switch (op) {
    case "up":
    case "update":
      return (await stack.up(options)).summary.resourceChanges;
    case "preview":
      return (await stack.preview(options)).changeSummary;
    case "refresh":
      return (await stack.refresh(options)).summary.resourceChanges;
    case "destroy":
      return (await stack.destroy(options)).summary.resourceChanges;
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

export const OURS_TYPE = JOB_DEFINITION_TYPE_TOKEN;
export const PLUGIN_TYPE = PLUGIN_JOB_DEFINITION_TYPE_TOKEN;
export const BASELINE_TYPE = "pulumi-nodejs:dynamic/bench:BaselineItem";

export async function runScale(options: {
  n: number;
  shape: FleetShape;
  emu: BenchEmulator;
  trivial: BenchTrivial;
  pulumiCommand: PulumiCommand;
  log: (line: string) => void;
  /** The engine's `--parallel` for both stacks (default: the engine's own, 8). */
  parallel?: number;
  /** Extra engine environment for all stacks. */
  engineEnv?: Record<string, string>;
  /** The operations to measure (default: all); "up" always runs. */
  ops?: readonly Operation[];
  /** The directory holding the plugin's launcher (bench/plugin.ts), put first on the plugin stack's PATH. */
  pluginLauncherDir: string;
}): Promise<ScaleRun> {
  const { n, emu, trivial, pulumiCommand, log } = options;
  const shape: FleetShape = { ...options.shape, deploymentIds: options.shape.deploymentIds.slice(0, n) };
  const state: ProgramState = { variant: "v1" };
  const problems: string[] = [];
  const subjects: Subject[] = [];
  try {
    const reports = (side: Side) => providerCpuReports(path.join(benchDir, `cpu-${side}-${n}`));
    const oursReports = reports("ours");
    subjects.push({
      side: "ours",
      cpuReports: oursReports,
      bench: await createBenchStack({
        projectName: `bench-ours-${n}`,
        program: oursProgram(shape, state),
        pulumiCommand,
        engineEnv: { ...options.engineEnv, ...oursReports.env },
        config: {
          "datarobot:endpoint": { value: emu.url },
          "datarobot:apiToken": { value: emu.token, secret: true },
        },
      }),
      calls: async () => countCalls(await emu.admin.requests()),
      resetCalls: () => emu.admin.clearRequests(),
    });
    const pluginReports = reports("plugin");
    subjects.push({
      side: "plugin",
      cpuReports: pluginReports,
      bench: await createBenchStack({
        projectName: `bench-plugin-${n}`,
        program: pluginProgram(shape, state),
        pulumiCommand,
        engineEnv: {
          ...options.engineEnv,
          ...pluginReports.env,
          PATH: `${options.pluginLauncherDir}${path.delimiter}${process.env.PATH ?? ""}`,
        },
        config: {
          "datarobot-batch:endpoint": { value: emu.url },
          "datarobot-batch:apiToken": { value: emu.token, secret: true },
        },
      }),
      calls: async () => countCalls(await emu.admin.requests()),
      resetCalls: () => emu.admin.clearRequests(),
    });
    const baselineReports = reports("baseline");
    subjects.push({
      side: "baseline",
      cpuReports: baselineReports,
      bench: await createBenchStack({
        projectName: `bench-baseline-${n}`,
        program: baselineProgram(shape, state),
        pulumiCommand,
        engineEnv: { ...options.engineEnv, ...baselineReports.env },
        config: { "baseline:endpoint": { value: trivial.url } },
      }),
      calls: async () => {
        const counts = await trivial.counts();
        return countCalls(Object.entries(counts).flatMap(([method, count]) => Array(count).fill({ method })));
      },
      resetCalls: () => trivial.resetCounts(),
    });

    const none = (): Record<Operation, OperationFigures[]> => ({
      up: [],
      preview: [],
      refresh: [],
      update: [],
      destroy: [],
    });
    const samples: Record<Side, Record<Operation, OperationFigures[]>> = {
      ours: none(),
      plugin: none(),
      baseline: none(),
    };
    let stateResult: ScaleRun["state"];
    const ops = OPERATIONS.filter((op) => op === "up" || (options.ops ?? OPERATIONS).includes(op));
    for (const [turn, op] of steps(n, ops).entries()) {
      // Each one-field up changes the intake URL again: v2, then v3, v4.
      if (op === "update") state.variant = `v${Number(state.variant.slice(1)) + 1}`;
      // The order rotates: whoever went second last time goes first now.
      const shift = turn % subjects.length;
      const order = [...subjects.slice(shift), ...subjects.slice(0, shift)];
      for (const subject of order) {
        const f = await measure(subject, op, options.parallel);
        samples[subject.side][op].push(f);
        const expected = expectedSummary(op, n);
        if (!sameSummary(f.summary, expected)) {
          problems.push(
            `${subject.side} ${op} at N=${n}: engine reported ${JSON.stringify(f.summary)}, expected ${JSON.stringify(expected)}`,
          );
        }
        log(
          `  N=${n} ${op.padEnd(8)} ${subject.side.padEnd(8)} ${(f.wallMs / 1000).toFixed(2)} s` +
            `  CPU s: provider ${f.providerCpuS.toFixed(2)}, engine ${f.engineCpuS.toFixed(2)}, ` +
            `program ${f.programCpuS.toFixed(2)}  (${f.engineSummary})` +
            (f.providerCpuSampledOnly > 0 ? `  [${f.providerCpuSampledOnly} provider process(es) sampled only]` : ""),
        );
      }
      if (op === "up") {
        stateResult = {
          ours: stateFigures(await subjects[0].bench.stack.exportStack(), OURS_TYPE, n),
          plugin: stateFigures(await subjects[1].bench.stack.exportStack(), PLUGIN_TYPE, n),
          baseline: stateFigures(await subjects[2].bench.stack.exportStack(), BASELINE_TYPE, n),
        };
      }
    }
    const figures = { ours: {}, plugin: {}, baseline: {} } as ScaleRun["figures"];
    for (const side of SIDES) {
      for (const op of ops) figures[side][op] = median(samples[side][op]);
    }
    return { n, ops, figures, state: stateResult, problems };
  } finally {
    for (const subject of subjects) {
      await subject.bench.cleanup();
      fs.rmSync(subject.cpuReports.folder, { recursive: true, force: true });
    }
  }
}
