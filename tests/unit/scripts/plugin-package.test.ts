/**
 * scripts/plugin-package.js before it builds anything: Pulumi's plugin naming, and the mistakes it stops at with what
 * to do (the build itself runs in tests/e2e/plugin-package.test.ts).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs, pluginTarget, tarballName } from "../../../scripts/plugin-package";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

function runScript(args: string[]) {
  return spawnSync(process.execPath, [path.join(repoRoot, "scripts", "plugin-package.js"), ...args], {
    encoding: "utf8",
  });
}

describe("npm run plugin:package", () => {
  it.each([
    ["linux", "x64", "linux-amd64"],
    ["linux", "arm64", "linux-arm64"],
    ["darwin", "arm64", "darwin-arm64"],
    ["darwin", "x64", "darwin-amd64"],
  ])("names %s-%s as Pulumi does: %s", (platform, arch, target) => {
    expect(pluginTarget(platform, arch)).toBe(target);
    expect(tarballName("1.2.3", target)).toBe(`pulumi-resource-datarobot-batch-v1.2.3-${target}.tar.gz`);
  });

  it("refuses a platform it cannot package for, naming the ones it can", () => {
    expect(() => pluginTarget("win32", "x64")).toThrow(
      "the plugin is packaged for linux and darwin on x64 or arm64; this machine is win32-x64. Build the tarball on " +
        "one of those (the release workflow builds linux-amd64, linux-arm64 and darwin-arm64).",
    );
  });

  it("reads --entry, --out and --version, and names an unknown option with the usage", () => {
    expect(parseArgs(["--entry", "a.js", "--out", "o", "--version", "1.0.0"])).toEqual({
      entry: "a.js",
      out: "o",
      version: "1.0.0",
    });
    expect(() => parseArgs(["--entry"])).toThrow('unknown or incomplete option "--entry"; usage: plugin-package.js');
    expect(() => parseArgs(["--target", "x"])).toThrow('unknown or incomplete option "--target"');
  });

  it("says to build first when the default entry dist/executable/main.js is missing, and writes nothing", () => {
    // A copy of the script in a checkout without dist/: the entry resolves against the script's own repository.
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-checkout-"));
    try {
      fs.mkdirSync(path.join(checkout, "scripts"));
      fs.copyFileSync(
        path.join(repoRoot, "scripts", "plugin-package.js"),
        path.join(checkout, "scripts", "plugin-package.js"),
      );
      fs.writeFileSync(path.join(checkout, "package.json"), JSON.stringify({ version: "1.2.3" }));
      const result = spawnSync(process.execPath, [path.join(checkout, "scripts", "plugin-package.js")], {
        encoding: "utf8",
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        "[plugin] error: the plugin entry dist/executable/main.js does not exist (run `npm run build` first, or pass " +
          "--entry <file>)",
      );
      expect(fs.readdirSync(checkout).sort()).toEqual(["package.json", "scripts"]); // no build/ folder
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  });

  it("names a missing --entry and a version that is not semantic", () => {
    const missing = runScript(["--entry", "tests/no-such-entry.ts", "--out", os.tmpdir()]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("the plugin entry tests/no-such-entry.ts does not exist (check --entry)");
    const badVersion = runScript(["--version", "v1.2", "--out", os.tmpdir()]);
    expect(badVersion.status).toBe(1);
    expect(badVersion.stderr).toContain('--version "v1.2" is not a semantic version such as 1.2.3 or 1.2.3-rc.1');
  });
});
