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

export interface TargetCheck {
  target: string;
  actual: string;
  pass: boolean;
}

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

export function metricsOf(runs: ScaleRun[], run: RunHelperFigures, apiN: number, stateN: number): Metric[] {
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
  const stateRun = runs.find((r) => r.n === stateN)?.state;
  if (stateRun) {
    for (const side of ["ours", "baseline"] as const) {
      metrics.push({
        name: `state.n${stateN}.${side}.providerBytesPerResource`,
        value: stateRun[side].providerBytesPerResource,
        unit: "bytes",
      });
      metrics.push({
        name: `state.n${stateN}.${side}.resourceBytesPerResource`,
        value: stateRun[side].resourceBytesPerResource,
        unit: "bytes",
      });
      metrics.push({
        name: `state.n${stateN}.${side}.stateBytesPerResource`,
        value: stateRun[side].stateBytesPerResource,
        unit: "bytes",
      });
    }
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

export function checkTargets(runs: ScaleRun[], run: RunHelperFigures, apiN: number, stateN: number): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const at = runs.find((r) => r.n === apiN);
  if (at) {
    for (const op of ["up", "preview"] as const) {
      const ratio = at.figures.ours[op].wallMs / at.figures.baseline[op].wallMs;
      checks.push({
        target: `${OP_LABELS[op]} ours/baseline ≤ 1.2 at N=${apiN}`,
        actual: ratio.toFixed(2),
        pass: ratio <= 1.2,
      });
    }
    const calls = (op: Operation): CallCounts => at.figures.ours[op].calls;
    const exactly = (op: Operation, method: "POST" | "PATCH" | "GET" | "DELETE", label: string) => {
      const c = calls(op);
      const pass = c[method] === apiN && c.total === apiN;
      checks.push({ target: `${label}: 1 ${method} per resource`, actual: `${describeCalls(c)} for ${apiN}`, pass });
    };
    checks.push({
      target: "no-op preview: 0 API writes",
      actual: `${calls("preview").writes} writes (${describeCalls(calls("preview"))})`,
      pass: calls("preview").writes === 0,
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
      actual: `${providerKb.toFixed(2)} KB`,
      pass: providerKb <= 16,
    });
    checks.push({ target: "state ≤ 24 KB per resource", actual: `${stateKb.toFixed(2)} KB`, pass: stateKb <= 24 });
  }
  checks.push({ target: "60-second run: ≤ 8 polls", actual: `${run.polls} polls`, pass: run.polls <= 8 });
  return checks;
}

export function renderReport(
  runs: ScaleRun[],
  run: RunHelperFigures,
  checks: TargetCheck[],
  apiN: number,
  stateN: number,
): string {
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

  const state = runs.find((r) => r.n === stateN)?.state;
  if (state) {
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
    out.push(
      `State per resource at N=${stateN} (stack.exportStack())`,
      table([
        ["", "__provider", "resource entry", "whole state / N"],
        ...(["ours", "baseline"] as const).map((side) => [
          side,
          kb(state[side].providerBytesPerResource),
          kb(state[side].resourceBytesPerResource),
          kb(state[side].stateBytesPerResource),
        ]),
      ]),
      "",
    );
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
    table([["target", "actual", ""], ...checks.map((c) => [c.target, c.actual, c.pass ? "ok" : "MISSED"])]),
  );
  const problems = runs.flatMap((r) => r.problems);
  if (problems.length) out.push("", "Problems (figures suspect):", ...problems.map((p) => `  - ${p}`));
  return out.join("\n");
}
