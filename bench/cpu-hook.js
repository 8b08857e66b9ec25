/**
 * The exact CPU of each provider process of a bench stack. The bench puts this file in the stacks' `NODE_OPTIONS`
 * (`--require`), so every Node.js process the engine starts loads it; only the providers act: Pulumi's
 * dynamic-provider host (this package's door and the floor's) and the plugin (`plugin/main`). Each writes, when it
 * exits, `<pid>.json` with its CPU seconds (user + system, every thread) into `BENCH_CPU_DIR`.
 *
 * Why: sampling /proc (bench/processes.ts) misses what a process spends after its last sample, up to one interval
 * (150 ms), a random share of a provider process that uses 0.3 to 1 s at 100 definitions: it moved the ratios by up
 * to 0.15 from one measurement to the next. The bench counts this figure where a process wrote it.
 *
 * Plain CommonJS: it is loaded by `--require` into processes that have no TypeScript loader.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { isProviderProcess, onProviderExit } = require("./provider-exit");

const dir = process.env.BENCH_CPU_DIR;

if (dir && isProviderProcess()) {
  onProviderExit(() => {
    const { user, system } = process.cpuUsage();
    try {
      fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify({ cpuS: (user + system) / 1e6 }));
    } catch {
      // the bench removed the folder: nothing to report to
    }
  });
}
