/**
 * `npx tsx bench/cold.ts [--n 100] [--runs 3] [--dist dist]` (after `npm run build`): the provider's own CPU per operation in a
 * new process, against the floor's provider in a new process, without the engine. Each operation (create, no-op
 * preview, refresh, one-field update, delete) of N `fleet` definitions runs in a process of its own
 * (`bench/cold-child.js`), as Pulumi's dynamic-provider process runs it: loaded once, then called for each resource
 * (against the emulator; the floor against the bench's trivial server, both in a child process). Printed: the CPU of
 * the calls and of loading, ours and the floor's (medians of `runs`), and their ratio.
 *
 * `--dist`: the compiled package to load (default: `dist/`), e.g. an older commit's build in a folder inside the
 * repository (so that it resolves the same dependencies), to compare two versions in the same conditions.
 *
 * What it shows that `bench/provider-ops.ts` (warm, in one process) does not: the cost of code that runs cold. A
 * provider process lives for one operation, so most calls run in V8's interpreter and baseline compiler, and the
 * optimising compiler's work (on a thread of its own, which the process pays for) is part of the bill.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { SEED } from "../emulator";
import { fleetArgs } from "./fleet-args";
import { startBenchServers } from "./servers-client";
import { middle } from "./stats";

const OPERATIONS = ["create", "preview", "refresh", "update", "delete"] as const;
type Operation = (typeof OPERATIONS)[number];
type Side = "ours" | "floor";

interface ChildFigures {
  loadMs: number;
  callsMs: number;
}

function runChild(side: Side, operation: Operation, stateFile: string, dist: string): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, "cold-child.js"), side, operation, stateFile, dist], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out) as ChildFigures) : reject(new Error(`${side} ${operation}: exit ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "100" },
      runs: { type: "string", default: "3" },
      dist: { type: "string", default: path.join(__dirname, "..", "dist") },
    },
  });
  const n = Number(values.n);
  const runs = Number(values.runs);
  const servers = await startBenchServers();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cold-"));
  const figures: Record<Side, Record<Operation, ChildFigures[]>> = {
    ours: { create: [], preview: [], refresh: [], update: [], delete: [] },
    floor: { create: [], preview: [], refresh: [], update: [], delete: [] },
  };
  try {
    for (let run = 0; run < runs; run++) {
      // Names are unique per organization on the emulator: each run's definitions have their own.
      const items = Array.from({ length: n }, (_, index) => {
        const label = `cold${run}-${index}`;
        const args = fleetArgs(label, index, SEED.deploymentId, "v1", SEED.credentialId);
        const changedArgs = fleetArgs(label, index, SEED.deploymentId, "v2", SEED.credentialId);
        return { args, changedArgs };
      });
      const floorItems = items.map(({ args, changedArgs }) => ({
        args: withoutPassthrough(args),
        changedArgs: withoutPassthrough(changedArgs),
      }));
      const states: Record<Side, string> = {
        ours: path.join(folder, `ours-${run}.json`),
        floor: path.join(folder, `floor-${run}.json`),
      };
      const write = (file: string, endpoint: string, token: string, list: unknown[]) =>
        fs.writeFileSync(file, JSON.stringify({ endpoint, token, items: list }));
      write(states.ours, servers.emulator.url, servers.emulator.token, items);
      write(states.floor, servers.trivial.url, "", floorItems);
      for (const operation of OPERATIONS) {
        // The side that goes first alternates, so that load from the other processes hits both alike.
        const order: Side[] = run % 2 === 0 ? ["ours", "floor"] : ["floor", "ours"];
        for (const side of order)
          figures[side][operation].push(await runChild(side, operation, states[side], values.dist!));
      }
    }
  } finally {
    await servers.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
  console.log(`Provider CPU per operation of ${n} definitions in a new process, ms (median of ${runs} runs)`);
  console.log("operation   ours calls  floor calls  ours/floor   ours load  floor load");
  for (const operation of OPERATIONS) {
    const ours = middle(figures.ours[operation].map((f) => f.callsMs));
    const floor = middle(figures.floor[operation].map((f) => f.callsMs));
    const oursLoad = middle(figures.ours[operation].map((f) => f.loadMs));
    const floorLoad = middle(figures.floor[operation].map((f) => f.loadMs));
    console.log(
      `${operation.padEnd(9)} ${ours.toFixed(0).padStart(12)} ${floor.toFixed(0).padStart(12)} ${(ours / floor)
        .toFixed(2)
        .padStart(11)} ${oursLoad.toFixed(0).padStart(11)} ${floorLoad.toFixed(0).padStart(11)}`,
    );
  }
}

/** The floor's item carries the payload fields bar `passthroughColumnsSet`, as bench/programs.ts registers it. */
function withoutPassthrough(
  args: ReturnType<typeof fleetArgs>,
): Omit<ReturnType<typeof fleetArgs>, "passthroughColumnsSet"> {
  const { passthroughColumnsSet: _notInFloor, ...rest } = args;
  return rest;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
