/**
 * The native plugin of this checkout as the engine finds one: an executable named `pulumi-resource-datarobot-batch`
 * (a shell script running the built dist/plugin/main.js with this node) in a folder that goes on PATH or into
 * Pulumi.yaml's `plugins.providers[].path`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./stack";

/** Writes the launcher into `dir` (created if missing) and returns `dir`. */
export function writePluginLauncher(dir: string): string {
  const main = path.join(repoRoot, "dist/plugin/main.js");
  if (!fs.existsSync(main)) {
    throw new Error("dist/plugin/main.js is missing: run `npm run build` before the e2e tests (npm run test:e2e does)");
  }
  fs.mkdirSync(dir, { recursive: true });
  const launcher = path.join(dir, "pulumi-resource-datarobot-batch");
  fs.writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${main}" "$@"\n`);
  fs.chmodSync(launcher, 0o755);
  return dir;
}
