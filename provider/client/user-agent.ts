/**
 * The User-Agent header: package name and version (read from package.json at run time, so it can never drift from the
 * published version) plus the Node version, e.g. "pulumi-datarobot-batch/0.1.0 (node v20.11.0)".
 */
import * as fs from "node:fs";
import * as path from "node:path";

const PACKAGE_NAME = "pulumi-datarobot-batch";

let cachedVersion: string | undefined;

/**
 * The version scripts/plugin-package.js writes into the native plugin's bundle (esbuild's `define`): a single
 * executable has no package.json around it to read. Undefined everywhere else.
 */
declare const __DATAROBOT_BATCH_VERSION__: string | undefined;

export function bundledVersion(): string | undefined {
  return typeof __DATAROBOT_BATCH_VERSION__ === "string" ? __DATAROBOT_BATCH_VERSION__ : undefined;
}

/** Walks up from this file (provider/client in the sources, dist/provider/client when built) to our package.json. */
export function packageVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  cachedVersion = bundledVersion();
  if (cachedVersion !== undefined) return cachedVersion;
  let dir = __dirname;
  for (let level = 0; level < 6; level++) {
    const candidate = path.join(dir, "package.json");
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === "string") {
        cachedVersion = pkg.version;
        return cachedVersion;
      }
    } catch {
      // No (readable) package.json at this level: keep walking up.
    }
    dir = path.dirname(dir);
  }
  cachedVersion = "unknown";
  return cachedVersion;
}

export function userAgent(suffix?: string): string {
  const base = `${PACKAGE_NAME}/${packageVersion()} (node ${process.version})`;
  const extra = suffix?.trim().replace(/[\r\n]+/g, " ");
  return extra ? `${base} ${extra}` : base;
}
