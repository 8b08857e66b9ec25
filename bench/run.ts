/**
 * `npm run bench [-- --quick]`: what this provider costs, measured against the engine's own floor.
 *
 * 1. Scale: up (create), no-op preview, refresh, one-field up and destroy for N = 10, 100, 1000 job definitions
 *    against the emulator, through both doors (the dynamic provider and the native plugin), side by side with a
 *    baseline (N resources of a minimal dynamic provider making the same number of HTTP calls to a trivial local
 *    endpoint). `--quick`: N = 10 and 100 only. The plugin's start-up (spawn to port) is measured on its own.
 * 2. State: `__provider` bytes and state bytes per resource at each N, and the growth from N = 100 to 1000.
 * 3. API calls per operation (the emulator's request log) and for a 60-second run watched by the run helper.
 * 4. Peak RSS of the provider process during `up`.
 * 5. A table on stdout, generated from the same figures and target verdicts written to bench/results.json; the
 *    last line says how many targets are missed (`npx tsx bench/readme.ts` copies the tables into bench/README.md).
 *
 * The package script builds dist/ and links the package first: the dynamic-provider process loads
 * `pulumi-datarobot-batch/provider` from dist/ by package name, as it would in a user's project.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { SEED } from "../emulator";
import { ensureEngine } from "../scripts/engine";
import { linkSelf } from "../scripts/link-self";
import { measurePluginStartup, pluginLauncher } from "./plugin";
import { measureRunHelper } from "./run-helper";
import { checkTargets, metricsOf, missedLine, renderReport, type BenchResults } from "./report";
import { OPERATIONS, runScale, type Operation, type ScaleRun } from "./scale";
import { startBenchServers } from "./servers-client";
import { benchDir } from "./stacks";

const API_N = 100;
const STATE_N = 100;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      sizes: { type: "string" },
      out: { type: "string", default: path.join(__dirname, "results.json") },
      // The engine's options for large stacks, measured on both sides alike (README, "Large stacks").
      parallel: { type: "string" },
      env: { type: "string", multiple: true, default: [] },
      // `--ops up,preview`: measure only these operations (the create-up always runs), e.g. at N = 1000.
      ops: { type: "string" },
    },
  });
  const ops = values.ops ? (values.ops.split(",") as Operation[]) : undefined;
  const unknownOps = (ops ?? []).filter((op) => !OPERATIONS.includes(op));
  if (unknownOps.length > 0)
    throw new Error(`--ops: unknown ${unknownOps.join(", ")} (known: ${OPERATIONS.join(", ")})`);
  const sizes = values.sizes ? values.sizes.split(",").map(Number) : values.quick ? [10, 100] : [10, 100, 1000];
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = Date.now();

  const parallel = values.parallel === undefined ? undefined : Number(values.parallel);
  const engineEnv = Object.fromEntries(
    values.env.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
  linkSelf();
  const engine = await ensureEngine();
  const pulumiCommand = await PulumiCommand.get({ root: engine.root });
  log(`bench: engine ${engine.version}, N = ${sizes.join(", ")}`);

  // The emulator (no artificial latency, no faults) and the baseline's endpoint, in a child process of their own.
  const servers = await startBenchServers();
  const { emulator: emu, trivial } = servers;
  const launcher = pluginLauncher();
  const runs: ScaleRun[] = [];
  try {
    const startup = await measurePluginStartup();
    log(`bench: plugin start-up ${startup.pluginMs.toFixed(0)} ms (node alone: ${startup.nodeMs.toFixed(0)} ms)`);
    const maxN = Math.max(...sizes);
    const fixtures = await emu.admin.addFixtures({
      deployments: Array.from({ length: maxN }, (_, index) => ({ label: `bench deployment ${index}` })),
    });
    const shape = { deploymentIds: fixtures.deployments.map((d) => d.id), credentialId: SEED.credentialId };
    for (const n of sizes) {
      runs.push(
        await runScale({
          n,
          shape,
          emu,
          trivial,
          pulumiCommand,
          log,
          parallel,
          engineEnv,
          ops,
          pluginLauncherDir: launcher.dir,
        }),
      );
    }
    const run = await measureRunHelper(emu, { deploymentId: shape.deploymentIds[0], credentialId: SEED.credentialId });
    const apiN = sizes.includes(API_N) ? API_N : sizes[sizes.length - 1];
    const checks = checkTargets(runs, run, STATE_N);
    const metrics = metricsOf(runs, run, apiN, startup);
    metrics.push({ name: "bench.duration", value: Math.round((Date.now() - started) / 100) / 10, unit: "s" });
    const report = renderReport(runs, run, checks, apiN, startup);
    const results: BenchResults = { engine: engine.version, sizes, metrics, targets: checks, report };
    fs.writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${report}\n`);
    log(
      `bench: ${metrics.length} metrics written to ${path.relative(process.cwd(), values.out)} in ${metrics[metrics.length - 1].value} s`,
    );
    // The last line: how many targets are missed (exit code 0 either way: this is a measurement).
    process.stdout.write(`${missedLine(checks)}\n`);
  } finally {
    launcher.remove();
    await servers.close();
    // Each stack removed its own work directory; drop .bench/ itself when nothing else (another run) is in it.
    if (fs.existsSync(benchDir) && fs.readdirSync(benchDir).length === 0) fs.rmdirSync(benchDir);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
