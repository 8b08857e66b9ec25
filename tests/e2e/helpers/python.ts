/**
 * What the Python end-to-end tests share: the native plugin as the engine finds it on PATH (a launcher script named
 * `pulumi-resource-datarobot-batch` that runs the built `dist/plugin/main.js`, as Pulumi's own Node.js provider tests
 * do), and the cached Python venv (scripts/python-sdk/setup.sh pulumi) with the wheel of the checked-in
 * generated/python installed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildWheel, installWheel, setupVenv } from "../../../scripts/python-sdk-gen";
import { repoRoot } from "./stack";

export const PLUGIN_EXECUTABLE = "pulumi-resource-datarobot-batch";

/** A temporary folder holding the plugin's launcher; put it on PATH. */
export function pluginLauncherDir(): string {
  const main = path.join(repoRoot, "dist", "plugin", "main.js");
  if (!fs.existsSync(main)) {
    throw new Error("dist/plugin/main.js is missing: run `npm run build` before the e2e tests (npm run test:e2e does)");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "datarobot-batch-plugin-"));
  const launcher = path.join(dir, PLUGIN_EXECUTABLE);
  fs.writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${main}" "$@"\n`);
  fs.chmodSync(launcher, 0o755);
  return dir;
}

/**
 * Builds the wheel of generated/python into `wheelDir` and installs it into the cached venv (replacing whatever
 * another test installed there); returns the venv's python and the wheel.
 */
export function venvWithGeneratedSdk(wheelDir: string): { python: string; wheel: string } {
  const python = setupVenv();
  const wheel = buildWheel({ python, sdkDir: path.join(repoRoot, "generated", "python"), wheelDir });
  installWheel({ python, wheel });
  return { python, wheel };
}
