/**
 * The plugin door in the bench: a launcher named `pulumi-resource-datarobot-batch` (the engine finds it on PATH, as
 * docs/plugin.md describes) that runs the built `dist/plugin/main.js`, and the plugin's start-up time: from spawning
 * it to the port it prints on stdout, which is what the engine waits for before its first call.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { repoRoot } from "./stacks";
import { middle } from "./stats";

export const PLUGIN_MAIN = path.join(repoRoot, "dist/plugin/main.js");

/** A directory holding the launcher; put it first on the engine's PATH. `remove()` deletes it. */
export function pluginLauncher(): { dir: string; remove(): void } {
  if (!fs.existsSync(PLUGIN_MAIN)) throw new Error(`${PLUGIN_MAIN} is missing: run \`npm run build\` first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plugin-"));
  const launcher = path.join(dir, "pulumi-resource-datarobot-batch");
  fs.writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${PLUGIN_MAIN}" "$@"\n`);
  fs.chmodSync(launcher, 0o755);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface StartupFigures {
  /** Median wall time from spawn to the first line on stdout, ms. */
  pluginMs: number;
  /** The same for `node -e` printing a line at once: the floor any Node.js provider process pays. */
  nodeMs: number;
  samples: number;
}

/** Wall time from spawning `node <args>` to its first stdout line; the process is then killed. */
function timeToFirstLine(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let done = false;
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      if (done || !chunk.toString().includes("\n")) return;
      done = true;
      resolve(Number(process.hrtime.bigint() - started) / 1e6);
      child.kill();
    });
    child.on("exit", (code) => {
      if (!done) reject(new Error(`node ${args.join(" ")} exited (${code}) before printing a line: ${stderr}`));
    });
  });
}

/** Start-up of the plugin (no engine address: it logs to stderr) against node's own, alternately, `samples` times. */
export async function measurePluginStartup(samples = 5): Promise<StartupFigures> {
  const plugin: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < samples; i++) {
    plugin.push(await timeToFirstLine([PLUGIN_MAIN]));
    node.push(await timeToFirstLine(["-e", "process.stdout.write('0\\n'); setInterval(() => {}, 1000)"]));
  }
  return { pluginMs: middle(plugin), nodeMs: middle(node), samples };
}
