/**
 * The plugin's single executable as a user gets it: packed by scripts/plugin-package.js (about 30 s on 2 shared
 * cores: once per test file), unpacked from its tarball into a folder with no node_modules above it, and an
 * environment whose PATH holds the engine's bin folder only (`pulumi` and its language hosts), so nothing can reach
 * Node.js.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  packagePlugin,
  EXECUTABLE,
  type PluginPackage,
  type PluginPackageOptions,
} from "../../../scripts/plugin-package";
import { engineBinDir } from "./cli";

export interface UnpackedPlugin {
  built: PluginPackage;
  /** The folder the tarball was unpacked into (what `plugins: providers: [{path}]` in Pulumi.yaml names). */
  dir: string;
  /** The unpacked `pulumi-resource-datarobot-batch`. */
  executable: string;
}

/** Packs the plugin into `work`/out and unpacks the tarball into `work`/unpacked. */
export async function packAndUnpack(work: string, options: PluginPackageOptions = {}): Promise<UnpackedPlugin> {
  const built = await packagePlugin({ ...options, out: path.join(work, "out") });
  const dir = path.join(work, "unpacked");
  fs.mkdirSync(dir, { recursive: true });
  const untar = spawnSync("tar", ["-xzf", built.tarball, "-C", dir], { encoding: "utf8" });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  return { built, dir, executable: path.join(dir, EXECUTABLE) };
}

/**
 * PATH for a user who has Pulumi and no Node.js: the engine's bin folder only. Throws if `node` is found there after
 * all, since a test relying on this PATH would then prove nothing.
 */
export function pathWithoutNode(): string {
  const bin = engineBinDir();
  // The shell by its absolute path: with this PATH, "sh" itself would not be found, and the check would prove nothing.
  const lookup = spawnSync("/bin/sh", ["-c", "command -v node"], { env: { PATH: bin }, encoding: "utf8" });
  if (lookup.error || lookup.status === 0) {
    throw new Error(`the engine's bin folder ${bin} holds a node (${lookup.stdout.trim()}): no test without Node.js`);
  }
  return bin;
}
