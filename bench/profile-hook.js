/**
 * A CPU profile of each provider process the engine starts, to see where a bench operation's provider CPU goes:
 *
 *   NODE_OPTIONS="--require $PWD/bench/profile-hook.js" npm run -s bench -- --sizes 300 --ops refresh
 *
 * Every Node.js process of the run loads this file; only the providers profile themselves: Pulumi's dynamic-provider
 * host (this package's door and the floor's) and the plugin (`plugin/main`). Each writes, when it exits,
 * `<time>-<its working directory's name>-<pid>.cpuprofile` into `BENCH_PROFILE_DIR` (default: the system's temporary
 * folder), so the stack it served (`bench-ours-…`, `bench-plugin-…`, `bench-baseline-…`) is in the name; open it in
 * Chrome's DevTools (Performance tab).
 *
 * Read the shares, not the totals (bench/README.md, "The provider's own CPU"): the sampler costs the process CPU per
 * second of wall time, and a sample taken while the process waits for a core inside a system call counts for that call.
 *
 * Plain CommonJS: it is loaded by `--require` into processes that have no TypeScript loader.
 */
"use strict";
const fs = require("node:fs");
const inspector = require("node:inspector");
const os = require("node:os");
const path = require("node:path");
const { isProviderProcess, onProviderExit } = require("./provider-exit");

if (isProviderProcess()) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  // 200 µs: fine enough for functions that take tens of microseconds per call, without doubling the process's CPU.
  session.post("Profiler.setSamplingInterval", { interval: 200 });
  session.post("Profiler.start");
  onProviderExit(() => {
    // The inspector session is synchronous within the process: the callback runs before `post` returns.
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      const dir = process.env.BENCH_PROFILE_DIR || os.tmpdir();
      fs.mkdirSync(dir, { recursive: true });
      const name = `${Date.now()}-${path.basename(process.cwd())}-${process.pid}.cpuprofile`;
      fs.writeFileSync(path.join(dir, name), JSON.stringify(result.profile));
    });
  });
}
