/**
 * What the bench's `--require` hooks (`profile-hook.js`, `cpu-hook.js`) share: which processes are providers, and
 * one call when such a process ends, however the engine ends it.
 *
 * Plain CommonJS: it is loaded into processes that have no TypeScript loader.
 */
"use strict";
const os = require("node:os");

const PROVIDER_PROCESS = /cmd[\\/]dynamic-provider|plugin[\\/]main/;

/** Pulumi's dynamic-provider host (this package's door and the floor's) or the plugin (`plugin/main`). */
function isProviderProcess() {
  return PROVIDER_PROCESS.test(process.argv.slice(1).join(" "));
}

/** Calls `report` once, when the process exits or when the engine stops it with a signal (then exits as it would have). */
function onProviderExit(report) {
  let reported = false;
  const once = () => {
    if (reported) return;
    reported = true;
    report();
  };
  process.on("exit", once);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      once();
      process.exit(128 + os.constants.signals[signal]);
    });
  }
}

module.exports = { isProviderProcess, onProviderExit };
