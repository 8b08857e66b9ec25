/**
 * scripts/engine.js on a machine without a usable engine: it must not guess, and must say what to install.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

function runEngineScript(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [path.join(repoRoot, "scripts", "engine.js")], { env, encoding: "utf8" });
}

describe("npm run engine", () => {
  it("names what to install when neither a pulumi CLI nor Go is available", () => {
    const emptyCache = fs.mkdtempSync(path.join(os.tmpdir(), "engine-cache-"));
    const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), "empty-path-"));
    try {
      const result = runEngineScript({ PATH: emptyPath, HOME: emptyCache, XDG_CACHE_HOME: emptyCache });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("The Pulumi engine is not installed and Go is not available to build it.");
      expect(result.stderr).toContain("the Pulumi CLI (any v3 release not older than the @pulumi/pulumi SDK");
      expect(result.stderr).toContain("Go 1.25 or newer");
      expect(fs.readdirSync(emptyCache)).toEqual([]); // it checks for Go before creating anything
      expect(
        fs.existsSync(path.join(emptyCache, "pulumi-datarobot-batch", "engine", "v3.248.0", "bin", "pulumi")),
      ).toBe(false);
    } finally {
      fs.rmSync(emptyCache, { recursive: true, force: true });
      fs.rmSync(emptyPath, { recursive: true, force: true });
    }
  });

  it("ignores a pulumi on PATH whose version does not match the SDK", () => {
    const fakeBin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
    const emptyCache = fs.mkdtempSync(path.join(os.tmpdir(), "engine-cache-"));
    try {
      fs.writeFileSync(path.join(fakeBin, "pulumi"), "#!/bin/sh\necho v3.100.0\n", { mode: 0o755 });
      const result = runEngineScript({ PATH: fakeBin, HOME: emptyCache, XDG_CACHE_HOME: emptyCache });
      expect(result.stderr).toContain(
        `ignoring ${path.join(fakeBin, "pulumi")}: version 3.100.0 is not compatible with SDK 3.248.0`,
      );
      expect(result.status).toBe(1); // and no Go on this PATH either
    } finally {
      fs.rmSync(fakeBin, { recursive: true, force: true });
      fs.rmSync(emptyCache, { recursive: true, force: true });
    }
  });
});
