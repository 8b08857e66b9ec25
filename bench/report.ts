/**
 * Turns the measurements into metrics (`{name, value, unit}`, written to bench/results.json), a human-readable table
 * and the target checks of the benchmark issue.
 */
import type { CallCounts } from "./api-calls";
import { describeCalls } from "./api-calls";
import type { RunHelperFigures } from "./run-helper";
import { OPERATIONS, type Operation, type ScaleRun } from "./scale";

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

/** The ratio targets: ours/baseline, wall and CPU, per operation and N. */
export const RATIO_TARGETS: Array<{ op: Operation; n: number; max: number }> = [
  { op: "up", n: 100, max: 1.2 },
  { op: "preview", n: 100, max: 1.2 },
  { op: "update", n: 100, max: 1.2 },
  { op: "up", n: 1000, max: 1.2 },
  { op: "preview", n: 1000, max: 1.2 },
  { op: "update", n: 1000, max: 1.2 },
  { op: "refresh", n: 1000, max: 1.5 },
];

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
  side: "ours" | "baseline";
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
  for (const op of OPERATIONS) {
    for (const side of ["ours", "baseline"] as const) {
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

export function metricsOf(runs: ScaleRun[], run: RunHelperFigures, apiN: number): Metric[] {
  const metrics: Metric[] = [];
  for (const { n, figures } of runs) {
    for (const op of OPERATIONS) {
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
      metrics.push({ name: `scale.n${n}.${op}.ours.apiCalls`, value: ours.calls.total, unit: "requests" });
      metrics.push({ name: `scale.n${n}.${op}.baseline.httpCalls`, value: baseline.calls.total, unit: "requests" });
      for (const [side, f] of [
        ["ours", ours],
        ["baseline", baseline],
      ] as const) {
        metrics.push({ name: `cpu.n${n}.${op}.${side}.provider`, value: round(f.providerCpuS), unit: "s" });
        metrics.push({ name: `cpu.n${n}.${op}.${side}.engine`, value: round(f.engineCpuS), unit: "s" });
        metrics.push({ name: `cpu.n${n}.${op}.${side}.program`, value: round(f.programCpuS), unit: "s" });
      }
    }
    for (const side of ["ours", "baseline"] as const) {
      metrics.push({
        name: `memory.n${n}.up.${side}.providerPeakRss`,
        value: mb(figures[side].up.providerPeakRssBytes),
        unit: "MiB",
      });
    }
  }
  for (const { n, state: stateRun } of runs) {
    if (!stateRun) continue;
    for (const side of ["ours", "baseline"] as const) {
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
    for (const op of OPERATIONS) {
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
    if (!at) continue; // not measured in this run (--quick, --sizes): no verdict either way
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
  // The request counts must hold at every N measured (the largest included).
  for (const at of runs) {
    const n = at.n;
    const calls = (op: Operation): CallCounts => at.figures.ours[op].calls;
    const exactly = (op: Operation, method: "POST" | "PATCH" | "GET" | "DELETE", label: string) => {
      const c = calls(op);
      const met = c[method] === n && c.total === n;
      checks.push({
        target: `${label}: 1 ${method} per resource at N=${n}`,
        value: round(c.total / n, 3),
        actual: `${describeCalls(c)} for ${n}`,
        met,
      });
    };
    checks.push({
      target: `no-op preview: 0 API writes at N=${n}`,
      value: calls("preview").writes,
      actual: `${calls("preview").writes} writes (${describeCalls(calls("preview"))})`,
      met: calls("preview").writes === 0,
    });
    exactly("up", "POST", "create");
    exactly("update", "PATCH", "update");
    exactly("refresh", "GET", "refresh");
    exactly("destroy", "DELETE", "destroy");
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

export function renderReport(runs: ScaleRun[], run: RunHelperFigures, checks: TargetCheck[], apiN: number): string {
  const out: string[] = [];
  const cpu = (f: { providerCpuS: number; engineCpuS: number; programCpuS: number }) =>
    [f.providerCpuS, f.engineCpuS, f.programCpuS].map((v) => v.toFixed(1)).join(" / ");
  const scaleRows = [
    [
      "N",
      "operation",
      "ours s",
      "baseline s",
      "ours/base",
      "ours API calls",
      "CPU s ours",
      "CPU s baseline",
      "CPU ours/base",
    ],
  ];
  for (const { n, figures } of runs) {
    for (const op of OPERATIONS) {
      const ours = figures.ours[op];
      const baseline = figures.baseline[op];
      scaleRows.push([
        String(n),
        OP_LABELS[op],
        (ours.wallMs / 1000).toFixed(2),
        (baseline.wallMs / 1000).toFixed(2),
        (ours.wallMs / baseline.wallMs).toFixed(2),
        describeCalls(ours.calls),
        cpu(ours),
        cpu(baseline),
        (totalCpu(ours) / totalCpu(baseline)).toFixed(2),
      ]);
    }
  }
  out.push(
    "Wall time per operation (ours vs baseline, run alternately; create-up, destroy and preview: median of 3)\n" +
      "CPU s = dynamic-provider process / engine (pulumi CLI) / the bench process (the inline program; the APIs run in a child process)",
    table(scaleRows),
    "",
  );

  const stateRuns = runs.filter((r) => r.state);
  if (stateRuns.length) {
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
    out.push(
      "State per resource after the create-up (stack.exportStack())",
      table([
        ["N", "side", "__provider", "resource entry", "whole state / N"],
        ...stateRuns.flatMap(({ n, state }) =>
          (["ours", "baseline"] as const).map((side) => [
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
    const rows = [["operation", "ours wall", "baseline wall", "ours CPU", "baseline CPU"]];
    for (const op of OPERATIONS) {
      const of = (side: "ours" | "baseline") => grown.find((g) => g.op === op && g.side === side)!;
      rows.push([
        OP_LABELS[op],
        `${of("ours").wall.toFixed(1)}x`,
        `${of("baseline").wall.toFixed(1)}x`,
        `${of("ours").cpu.toFixed(1)}x`,
        `${of("baseline").cpu.toFixed(1)}x`,
      ]);
    }
    out.push(`Growth from N=${from} to N=${to} (N grew ${to / from}x)`, table(rows), "");
  }

  const apiRun = runs.find((r) => r.n === apiN);
  if (apiRun) {
    const rows = [["operation", "POST", "PATCH", "GET", "DELETE", "per resource"]];
    for (const op of OPERATIONS) {
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
    out.push(`API calls at N=${apiN} (emulator request log)`, table(rows), "");
  }

  const memRows = [["N", "ours peak RSS", "baseline peak RSS"]];
  for (const { n, figures } of runs) {
    memRows.push([
      String(n),
      `${mb(figures.ours.up.providerPeakRssBytes)} MiB`,
      `${mb(figures.baseline.up.providerPeakRssBytes)} MiB`,
    ]);
  }
  out.push("Dynamic-provider process memory during `up` (create)", table(memRows), "");

  out.push(
    "Targets",
    table([["target", "actual", ""], ...checks.map((c) => [c.target, c.actual, c.met ? "ok" : "MISSED"])]),
  );
  const problems = runs.flatMap((r) => r.problems);
  if (problems.length) out.push("", "Problems (figures suspect):", ...problems.map((p) => `  - ${p}`));
  return out.join("\n");
}
