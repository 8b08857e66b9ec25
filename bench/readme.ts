/**
 * `npx tsx bench/readme.ts [--results bench/results.json] [--step "what changed"]`: writes the tables of a bench run
 * into bench/README.md, between its markers, so that no figure there is typed by hand.
 *
 * - Between `<!-- bench:results:begin -->` and `<!-- bench:results:end -->`: the report of the run, as printed.
 * - With `--step`: the run's key figures are recorded under that label in bench/steps.json (committed), and the table
 *   of steps between `<!-- bench:steps:begin -->` and `<!-- bench:steps:end -->` is regenerated from that file.
 *   `--step-only` records the step without replacing the last run's report (a run with engine options).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as prettier from "prettier";
import type { BenchResults } from "./report";

export interface Step {
  step: string;
  date: string;
  sizes: number[];
  /** Figures by metric name (see STEP_METRICS). */
  figures: Record<string, number>;
}

/** The figures a step records: state bytes per resource, and the wall and CPU ratios of the targeted operations. */
const STEP_COLUMNS: Array<{ title: string; metric: string }> = [
  { title: "state B/resource ours (N=100)", metric: "state.n100.ours.stateBytesPerResource" },
  { title: "baseline", metric: "state.n100.baseline.stateBytesPerResource" },
  { title: "up (create) wall / CPU", metric: "n100.up" },
  { title: "no-op preview wall / CPU", metric: "n100.preview" },
  { title: "refresh wall / CPU", metric: "n100.refresh" },
  { title: "one-field up wall / CPU", metric: "n100.update" },
  { title: "plugin/base up (create) wall / CPU", metric: "plugin:n100.up" },
  { title: "plugin/base one-field up wall / CPU", metric: "plugin:n100.update" },
  { title: "provider CPU/floor up (create) dynamic / plugin", metric: "floor:n100.up" },
  { title: "provider CPU/floor one-field up dynamic / plugin", metric: "floor:n100.update" },
];

/** The two metrics behind a ratio column: ours/baseline, the plugin's/baseline, or the provider CPU over the floor's. */
function pairOf(metric: string): [string, string] {
  const [kind, rest] = metric.includes(":") ? metric.split(":") : ["ours", metric];
  const [n, op] = rest!.split(".");
  if (kind === "plugin") return [`scale.${n}.${op}.plugin.ratio`, `cpu.${n}.${op}.plugin.ratio`];
  if (kind === "floor") return [`provider.${n}.${op}.ours.floorRatio`, `provider.${n}.${op}.plugin.floorRatio`];
  return [`scale.${n}.${op}.ratio`, `cpu.${n}.${op}.ratio`];
}

function figuresOf(results: BenchResults): Record<string, number> {
  const wanted = new Set<string>();
  for (const { metric } of STEP_COLUMNS) {
    if (metric.startsWith("state.")) wanted.add(metric);
    else for (const name of pairOf(metric)) wanted.add(name);
  }
  const figures: Record<string, number> = {};
  for (const m of results.metrics) if (wanted.has(m.name)) figures[m.name] = m.value;
  return figures;
}

function cell(figures: Record<string, number>, metric: string): string {
  if (metric.startsWith("state.")) return figures[metric] === undefined ? "–" : String(figures[metric]);
  const [first, second] = pairOf(metric).map((name) => figures[name]);
  return first === undefined || second === undefined ? "–" : `${first.toFixed(2)} / ${second.toFixed(2)}`;
}

export function stepsTable(steps: Step[]): string {
  const header = `| step | ${STEP_COLUMNS.map((c) => c.title).join(" | ")} |`;
  const rule = `|---|${STEP_COLUMNS.map(() => "---").join("|")}|`;
  const rows = steps.map((s) => `| ${s.step} | ${STEP_COLUMNS.map((c) => cell(s.figures, c.metric)).join(" | ")} |`);
  return [header, rule, ...rows].join("\n");
}

/** `text` with what lies between the two markers replaced by `body`. */
export function replaceBetween(text: string, name: string, body: string): string {
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`bench/README.md has no ${begin} … ${end} markers`);
  return `${text.slice(0, from + begin.length)}\n${body}\n${text.slice(to)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      results: { type: "string", default: path.join(__dirname, "results.json") },
      step: { type: "string" },
      // Record the run as a step only, leaving "The last run" as it is (e.g. a run with engine options).
      "step-only": { type: "boolean", default: false },
    },
  });
  const parsed = JSON.parse(fs.readFileSync(values.results, "utf8")) as BenchResults | BenchResults["metrics"];
  // Earlier versions of the bench wrote only the metrics (an array): such a run can be recorded as a step, no more.
  const legacy = Array.isArray(parsed);
  const results: BenchResults = legacy
    ? { engine: "?", sizes: [], metrics: parsed, targets: [], report: "" }
    : (parsed as BenchResults);
  const readmePath = path.join(__dirname, "README.md");
  const stepsPath = path.join(__dirname, "steps.json");
  let readme = fs.readFileSync(readmePath, "utf8");
  const date = new Date().toISOString().slice(0, 10);
  const missed = results.targets.filter((t) => !t.met).length;
  if (!legacy)
    readme = replaceBetween(
      readme,
      "results",
      [
        `Generated by \`bench/readme.ts\` from the run of ${date} (engine ${results.engine}, N = ${results.sizes.join(", ")}; ` +
          `${missed} of ${results.targets.length} targets missed):`,
        "",
        "```",
        results.report,
        "```",
      ].join("\n"),
    );
  const steps: Step[] = fs.existsSync(stepsPath) ? JSON.parse(fs.readFileSync(stepsPath, "utf8")) : [];
  if (values.step) {
    steps.push({ step: values.step, date, sizes: results.sizes, figures: figuresOf(results) });
    // Formatted as the repository's lint expects.
    const config = (await prettier.resolveConfig(stepsPath)) ?? {};
    fs.writeFileSync(stepsPath, await prettier.format(JSON.stringify(steps), { ...config, parser: "json" }));
  }
  readme = replaceBetween(readme, "steps", stepsTable(steps));
  fs.writeFileSync(readmePath, readme);
  process.stderr.write(`bench/README.md: tables written from ${path.relative(process.cwd(), values.results)}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
