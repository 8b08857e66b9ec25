/**
 * Turns the measurements into metrics (`{name, value, unit}`, written to bench/results.json), a human-readable table
 * and the target checks of the benchmark issue.
 */
import type { CallCounts } from "./api-calls";
import { describeCalls } from "./api-calls";
import type { StartupFigures } from "./plugin";
import type { RunHelperFigures } from "./run-helper";
import { OPERATIONS, SIDES, type Operation, type ScaleRun, type Side } from "./scale";

export interface Metric {
  name: string;
  value: number;
  unit: string;
}

/** One target of the benchmark issue, as recorded in results.json: its name, its measured value and whether it is met. */
export interface TargetCheck {
  target: string;
  /** The measured figure (a ratio, a count, KB), when the target has one number. */
  value: number | null;
  /** The same, as a user reads it. */
  actual: string;
  met: boolean;
}

/** What the bench writes to results.json; the printed tables and bench/README.md's tables are generated from it. */
export interface BenchResults {
  engine: string;
  sizes: number[];
  metrics: Metric[];
  targets: TargetCheck[];
  /** The report as printed, so that bench/readme.ts can render the same tables without the measurements. */
  report: string;
}

/** The ratio targets: ours (the dynamic-provider door)/baseline, wall and CPU, per operation and N. */
export const RATIO_TARGETS: Array<{ op: Operation; n: number; max: number }> = [
  { op: "up", n: 100, max: 1.2 },
  { op: "preview", n: 100, max: 1.2 },
  { op: "update", n: 100, max: 1.2 },
  { op: "up", n: 1000, max: 1.2 },
  { op: "preview", n: 1000, max: 1.2 },
  { op: "update", n: 1000, max: 1.2 },
  { op: "refresh", n: 1000, max: 1.5 },
];

/** The plugin door costs no more than the dynamic door: plugin/ours ≤ 1, wall and CPU, per operation and N. */
export const DOOR_TARGETS: Array<{ op: Operation; n: number; max: number }> = [
  { op: "up", n: 100, max: 1 },
  { op: "preview", n: 100, max: 1 },
  { op: "update", n: 100, max: 1 },
  { op: "up", n: 1000, max: 1 },
  { op: "preview", n: 1000, max: 1 },
  { op: "update", n: 1000, max: 1 },
];

/**
 * The provider process's own CPU (dynamic-provider process or plugin) over the floor provider's (the baseline's
 * dynamic-provider process), for every operation through either door, at these N (at N = 10 the process's start-up
 * is most of it, and one clock tick is 10 ms).
 */
export const PROVIDER_FLOOR_MAX = 1.15;
export const PROVIDER_FLOOR_SIZES = [100, 1000];

const OP_LABELS: Record<Operation, string> = {
  up: "up (create)",
  preview: "preview (no-op)",
  refresh: "refresh",
  update: "up (one field)",
  destroy: "destroy",
};

const totalCpu = (f: { providerCpuS: number; engineCpuS: number; programCpuS: number }) =>
  f.providerCpuS + f.engineCpuS + f.programCpuS;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const mb = (bytes: number) => round(bytes / (1024 * 1024), 1);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  return [line(rows[0]), widths.map((width) => "-".repeat(width)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

export interface Growth {
  from: number;
  to: number;
  op: Operation;
  side: Side;
  /** Wall time at `to` over wall time at `from` (N grew `to / from` times). */
  wall: number;
  cpu: number;
}

/** How cost grows from N = 100 to N = 1000 (or between the two largest sizes measured), per operation and side. */
export function growth(runs: ScaleRun[]): Growth[] {
  const sorted = [...runs].sort((a, b) => a.n - b.n);
  const from = sorted.find((r) => r.n === 100) ?? sorted[sorted.length - 2];
  const to = sorted[sorted.length - 1];
  if (!from || !to || from === to) return [];
  const out: Growth[] = [];
  for (const op of OPERATIONS.filter((o) => from.ops.includes(o) && to.ops.includes(o))) {
    for (const side of SIDES) {
      out.push({
        from: from.n,
        to: to.n,
        op,
        side,
        wall: to.figures[side][op].wallMs / from.figures[side][op].wallMs,
        cpu: totalCpu(to.figures[side][op]) / totalCpu(from.figures[side][op]),
      });
    }
  }
  return out;
}

export function metricsOf(runs: ScaleRun[], run: RunHelperFigures, apiN: number, startup?: StartupFigures): Metric[] {
  const metrics: Metric[] = [];
  if (startup) {
    metrics.push({ name: "plugin.startup", value: round(startup.pluginMs, 1), unit: "ms" });
    metrics.push({ name: "plugin.startup.node", value: round(startup.nodeMs, 1), unit: "ms" });
  }
  for (const { n, figures, ops } of runs) {
    for (const op of ops) {
      const ours = figures.ours[op];
      const baseline = figures.baseline[op];
      metrics.push({ name: `scale.n${n}.${op}.ours.wall`, value: round(ours.wallMs / 1000, 3), unit: "s" });
      metrics.push({ name: `scale.n${n}.${op}.baseline.wall`, value: round(baseline.wallMs / 1000, 3), unit: "s" });
      metrics.push({ name: `scale.n${n}.${op}.ratio`, value: round(ours.wallMs / baseline.wallMs, 3), unit: "ratio" });
      metrics.push({
        name: `cpu.n${n}.${op}.ratio`,
        value: round(totalCpu(ours) / totalCpu(baseline), 3),
        unit: "ratio",
      });
      const plugin = figures.plugin[op];
      metrics.push({ name: `scale.n${n}.${op}.plugin.wall`, value: round(plugin.wallMs / 1000, 3), unit: "s" });
      metrics.push({
        name: `scale.n${n}.${op}.plugin.ratio`,
        value: round(plugin.wallMs / baseline.wallMs, 3),
        unit: "ratio",
      });
      metrics.push({
        name: `cpu.n${n}.${op}.plugin.ratio`,
        value: round(totalCpu(plugin) / totalCpu(baseline), 3),
        unit: "ratio",
      });
      metrics.push({ name: `scale.n${n}.${op}.ours.apiCalls`, value: ours.calls.total, unit: "requests" });
      metrics.push({ name: `scale.n${n}.${op}.plugin.apiCalls`, value: plugin.calls.total, unit: "requests" });
      metrics.push({ name: `scale.n${n}.${op}.baseline.httpCalls`, value: baseline.calls.total, unit: "requests" });
      for (const side of ["ours", "plugin"] as const) {
        metrics.push({
          name: `provider.n${n}.${op}.${side}.floorRatio`,
          value: round(figures[side][op].providerCpuS / baseline.providerCpuS, 3),
          unit: "ratio",
        });
      }
      for (const side of SIDES) {
        const f = figures[side][op];
        metrics.push({ name: `cpu.n${n}.${op}.${side}.provider`, value: round(f.providerCpuS), unit: "s" });
        metrics.push({ name: `cpu.n${n}.${op}.${side}.engine`, value: round(f.engineCpuS), unit: "s" });
        metrics.push({ name: `cpu.n${n}.${op}.${side}.program`, value: round(f.programCpuS), unit: "s" });
      }
    }
    for (const side of SIDES) {
      metrics.push({
        name: `memory.n${n}.up.${side}.providerPeakRss`,
        value: mb(figures[side].up.providerPeakRssBytes),
        unit: "MiB",
      });
    }
  }
  for (const { n, state: stateRun } of runs) {
    if (!stateRun) continue;
    for (const side of SIDES) {
      for (const key of ["providerBytesPerResource", "resourceBytesPerResource", "stateBytesPerResource"] as const) {
        metrics.push({ name: `state.n${n}.${side}.${key}`, value: stateRun[side][key], unit: "bytes" });
      }
    }
  }
  for (const g of growth(runs)) {
    metrics.push({ name: `growth.n${g.from}-n${g.to}.${g.op}.${g.side}.wall`, value: round(g.wall), unit: "x" });
    metrics.push({ name: `growth.n${g.from}-n${g.to}.${g.op}.${g.side}.cpu`, value: round(g.cpu), unit: "x" });
  }
  const apiRun = runs.find((r) => r.n === apiN);
  if (apiRun) {
    for (const op of apiRun.ops) {
      const calls = apiRun.figures.ours[op].calls;
      for (const method of ["POST", "PATCH", "GET", "DELETE"] as const) {
        metrics.push({
          name: `api.${op}.${method}PerResource`,
          value: round(calls[method] / apiN, 3),
          unit: "requests",
        });
      }
      metrics.push({ name: `api.${op}.writes`, value: calls.writes, unit: "requests" });
    }
  }
  metrics.push({ name: "api.run60s.polls", value: run.polls, unit: "requests" });
  metrics.push({ name: "api.run60s.calls", value: run.calls.total, unit: "requests" });
  metrics.push({ name: "api.run60s.wall", value: round(run.wallMs / 1000, 3), unit: "s" });
  return metrics;
}

export function checkTargets(runs: ScaleRun[], run: RunHelperFigures, stateN: number): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const { op, n, max } of RATIO_TARGETS) {
    const at = runs.find((r) => r.n === n);
    if (!at || !at.ops.includes(op)) continue; // not measured in this run (--quick, --sizes, --ops): no verdict
    const ours = at.figures.ours[op];
    const baseline = at.figures.baseline[op];
    for (const [kind, ratio] of [
      ["wall", ours.wallMs / baseline.wallMs],
      ["CPU", totalCpu(ours) / totalCpu(baseline)],
    ] as const) {
      checks.push({
        target: `${OP_LABELS[op]} ${kind} ours/baseline ≤ ${max} at N=${n}`,
        value: round(ratio),
        actual: ratio.toFixed(2),
        met: ratio <= max,
      });
    }
  }
  for (const { op, n, max } of DOOR_TARGETS) {
    const at = runs.find((r) => r.n === n);
    if (!at || !at.ops.includes(op)) continue;
    const ours = at.figures.ours[op];
    const plugin = at.figures.plugin[op];
    for (const [kind, ratio] of [
      ["wall", plugin.wallMs / ours.wallMs],
      ["CPU", totalCpu(plugin) / totalCpu(ours)],
    ] as const) {
      checks.push({
        target: `${OP_LABELS[op]} ${kind} plugin/dynamic door ≤ ${max} at N=${n}`,
        value: round(ratio),
        actual: ratio.toFixed(2),
        met: ratio <= max,
      });
    }
  }
  for (const at of runs.filter((r) => PROVIDER_FLOOR_SIZES.includes(r.n))) {
    for (const op of at.ops) {
      for (const side of ["ours", "plugin"] as const) {
        const ratio = at.figures[side][op].providerCpuS / at.figures.baseline[op].providerCpuS;
        checks.push({
          target: `${OP_LABELS[op]} provider CPU ${side === "ours" ? "dynamic" : "plugin"}/floor ≤ ${PROVIDER_FLOOR_MAX} at N=${at.n}`,
          value: round(ratio),
          actual: ratio.toFixed(2),
          met: ratio <= PROVIDER_FLOOR_MAX,
        });
      }
    }
  }
  // The request counts must hold at every N measured (the largest included), through either door.
  for (const at of runs) {
    const n = at.n;
    for (const side of ["ours", "plugin"] as const) {
      const door = side === "ours" ? "" : " (plugin)";
      const calls = (op: Operation): CallCounts => at.figures[side][op].calls;
      const exactly = (op: Operation, method: "POST" | "PATCH" | "GET" | "DELETE", label: string) => {
        if (!at.ops.includes(op)) return;
        const c = calls(op);
        const met = c[method] === n && c.total === n;
        checks.push({
          target: `${label}${door}: 1 ${method} per resource at N=${n}`,
          value: round(c.total / n, 3),
          actual: `${describeCalls(c)} for ${n}`,
          met,
        });
      };
      if (at.ops.includes("preview"))
        checks.push({
          target: `no-op preview${door}: 0 API writes at N=${n}`,
          value: calls("preview").writes,
          actual: `${calls("preview").writes} writes (${describeCalls(calls("preview"))})`,
          met: calls("preview").writes === 0,
        });
      exactly("up", "POST", "create");
      exactly("update", "PATCH", "update");
      exactly("refresh", "GET", "refresh");
      exactly("destroy", "DELETE", "destroy");
    }
  }
  const state = runs.find((r) => r.n === stateN)?.state;
  if (state) {
    const providerKb = state.ours.providerBytesPerResource / 1024;
    const stateKb = state.ours.stateBytesPerResource / 1024;
    checks.push({
      target: "__provider ≤ 16 KB per resource",
      value: round(providerKb),
      actual: `${providerKb.toFixed(2)} KB`,
      met: providerKb <= 16,
    });
    checks.push({
      target: "state ≤ 24 KB per resource",
      value: round(stateKb),
      actual: `${stateKb.toFixed(2)} KB`,
      met: stateKb <= 24,
    });
    const pluginKb = state.plugin.stateBytesPerResource / 1024;
    checks.push({
      target: "state ≤ 24 KB per resource (plugin)",
      value: round(pluginKb),
      actual: `${pluginKb.toFixed(2)} KB`,
      met: pluginKb <= 24,
    });
  }
  checks.push({
    target: "60-second run: ≤ 8 polls",
    value: run.polls,
    actual: `${run.polls} polls`,
    met: run.polls <= 8,
  });
  return checks;
}

/** The closing line: how many targets are missed (the bench itself exits 0: it is a measurement, not a test). */
export function missedLine(checks: TargetCheck[]): string {
  const missed = checks.filter((c) => !c.met);
  return missed.length === 0
    ? `bench: all ${checks.length} targets met`
    : `bench: ${missed.length} of ${checks.length} targets missed: ${missed.map((c) => c.target).join("; ")}`;
}

export function renderReport(
  runs: ScaleRun[],
  run: RunHelperFigures,
  checks: TargetCheck[],
  apiN: number,
  startup?: StartupFigures,
): string {
  const out: string[] = [];
  const cpu = (f: { providerCpuS: number; engineCpuS: number; programCpuS: number }) =>
    [f.providerCpuS, f.engineCpuS, f.programCpuS].map((v) => v.toFixed(1)).join(" / ");
  const wallRows = [
    [
      "N",
      "operation",
      "ours s",
      "plugin s",
      "baseline s",
      "ours/base",
      "plugin/base",
      "ours API calls",
      "plugin API calls",
    ],
  ];
  const cpuRows = [["N", "operation", "CPU s ours", "CPU s plugin", "CPU s baseline", "ours/base", "plugin/base"]];
  const floorRows = [["N", "operation", "ours s", "plugin s", "floor s", "ours/floor", "plugin/floor"]];
  for (const { n, figures, ops } of runs) {
    for (const op of ops) {
      const ours = figures.ours[op];
      const plugin = figures.plugin[op];
      const baseline = figures.baseline[op];
      wallRows.push([
        String(n),
        OP_LABELS[op],
        (ours.wallMs / 1000).toFixed(2),
        (plugin.wallMs / 1000).toFixed(2),
        (baseline.wallMs / 1000).toFixed(2),
        (ours.wallMs / baseline.wallMs).toFixed(2),
        (plugin.wallMs / baseline.wallMs).toFixed(2),
        describeCalls(ours.calls),
        describeCalls(plugin.calls),
      ]);
      cpuRows.push([
        String(n),
        OP_LABELS[op],
        cpu(ours),
        cpu(plugin),
        cpu(baseline),
        (totalCpu(ours) / totalCpu(baseline)).toFixed(2),
        (totalCpu(plugin) / totalCpu(baseline)).toFixed(2),
      ]);
      floorRows.push([
        String(n),
        OP_LABELS[op],
        ours.providerCpuS.toFixed(2),
        plugin.providerCpuS.toFixed(2),
        baseline.providerCpuS.toFixed(2),
        (ours.providerCpuS / baseline.providerCpuS).toFixed(2),
        (plugin.providerCpuS / baseline.providerCpuS).toFixed(2),
      ]);
    }
  }
  out.push(
    "Wall time per operation (ours = the dynamic-provider door, plugin = the native plugin's door, baseline = the\n" +
      "floor; the three stacks run in turn; median of 3 runs, except the create-up, one-field up and destroy above N = 100)",
    table(wallRows),
    "",
    "CPU per operation: s = provider process (dynamic provider or plugin) / engine (pulumi CLI) / the bench process\n" +
      "(the inline program; the APIs run in a child process); ratios of the totals",
    table(cpuRows),
    "",
    "The provider process's own CPU (target: ≤ 1.15 × the floor provider's at N = 100 and 1000)",
    table(floorRows),
    "",
  );
  if (startup) {
    out.push(
      `Plugin start-up (spawn to the port on stdout, median of ${startup.samples}): ${startup.pluginMs.toFixed(0)} ms; ` +
        `node printing a line at once: ${startup.nodeMs.toFixed(0)} ms`,
      "",
    );
  }

  const stateRuns = runs.filter((r) => r.state);
  if (stateRuns.length) {
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
    out.push(
      "State per resource after the create-up (stack.exportStack())",
      table([
        ["N", "side", "__provider", "resource entry", "whole state / N"],
        ...stateRuns.flatMap(({ n, state }) =>
          SIDES.map((side) => [
            String(n),
            side,
            kb(state![side].providerBytesPerResource),
            kb(state![side].resourceBytesPerResource),
            kb(state![side].stateBytesPerResource),
          ]),
        ),
      ]),
      "",
    );
  }

  const grown = growth(runs);
  if (grown.length) {
    const { from, to } = grown[0];
    const rows = [["operation", ...SIDES.map((side) => `${side} wall`), ...SIDES.map((side) => `${side} CPU`)]];
    for (const op of OPERATIONS.filter((o) => grown.some((g) => g.op === o))) {
      const of = (side: Side) => grown.find((g) => g.op === op && g.side === side)!;
      rows.push([
        OP_LABELS[op],
        ...SIDES.map((side) => `${of(side).wall.toFixed(1)}x`),
        ...SIDES.map((side) => `${of(side).cpu.toFixed(1)}x`),
      ]);
    }
    out.push(`Growth from N=${from} to N=${to} (N grew ${to / from}x)`, table(rows), "");
  }

  const apiRun = runs.find((r) => r.n === apiN);
  if (apiRun) {
    const rows = [["operation", "POST", "PATCH", "GET", "DELETE", "per resource"]];
    for (const op of apiRun.ops) {
      const c = apiRun.figures.ours[op].calls;
      rows.push([
        OP_LABELS[op],
        String(c.POST),
        String(c.PATCH),
        String(c.GET),
        String(c.DELETE),
        (c.total / apiN).toFixed(2),
      ]);
    }
    rows.push([
      "60-s run (run helper)",
      String(run.calls.POST),
      String(run.calls.PATCH),
      String(run.calls.GET),
      String(run.calls.DELETE),
      `${run.polls} polls`,
    ]);
    out.push(`API calls at N=${apiN} (emulator request log; the dynamic door)`, table(rows), "");
  }

  const memRows = [["N", ...SIDES.map((side) => `${side} peak RSS`)]];
  for (const { n, figures } of runs) {
    memRows.push([String(n), ...SIDES.map((side) => `${mb(figures[side].up.providerPeakRssBytes)} MiB`)]);
  }
  out.push("Provider process memory during `up` (create)", table(memRows), "");

  out.push(
    "Targets",
    table([["target", "actual", ""], ...checks.map((c) => [c.target, c.actual, c.met ? "ok" : "MISSED"])]),
  );
  const problems = runs.flatMap((r) => r.problems);
  if (problems.length) out.push("", "Problems (figures suspect):", ...problems.map((p) => `  - ${p}`));
  return out.join("\n");
}
