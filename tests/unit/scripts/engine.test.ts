/**
 * scripts/engine.js on a machine without a usable engine: it must not guess, and must say what to install. And where
 * it takes the Node.js and YAML language hosts from: the pulumi install's own, or the versioned cache (rebuilt when
 * its wrapper module changes).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { languageHostCacheKey } from "../../../scripts/engine";

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

  describe("the Node.js language host", () => {
    const dirs: string[] = [];
    const tempDir = (prefix: string) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    };
    /** A stand-in executable: `pulumi version` answers the SDK's version, as a compatible CLI would. */
    const fakeExecutable = (dir: string, name: string) =>
      fs.writeFileSync(path.join(dir, name), "#!/bin/sh\necho v3.248.0\n", { mode: 0o755 });
    afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
    /** Runs the script with only these stand-in executables on PATH and an empty cache. */
    const runWithInstalled = (...executables: string[]) => {
      const bin = tempDir("pulumi-install-");
      const cache = tempDir("engine-cache-");
      for (const name of executables) fakeExecutable(bin, name);
      return { bin, cache, result: runEngineScript({ PATH: bin, HOME: cache, XDG_CACHE_HOME: cache }) };
    };

    it("names what to install when the CLI is there but the language host is not, and Go is missing", () => {
      const { cache, result } = runWithInstalled("pulumi");
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        "The Node.js language host (pulumi-language-nodejs, which runs `pulumi up` in a folder with Pulumi.yaml) " +
          "is not installed and Go is not available to build it.",
      );
      expect(result.stderr).toContain("the Pulumi CLI, which ships pulumi-language-nodejs next to `pulumi`, or");
      expect(result.stderr).toContain("Go 1.25 or newer");
      expect(fs.readdirSync(cache)).toEqual([]); // it checks for Go before creating anything
    });

    it("uses the language host a pulumi install ships next to the CLI", () => {
      const { bin, cache, result } = runWithInstalled(
        "pulumi",
        "pulumi-language-nodejs",
        "pulumi-language-yaml",
        "pulumi-language-python",
      );
      expect(result.status).toBe(0);
      expect(result.stdout.trim()).toBe(bin);
      expect(result.stderr).toContain(
        "pulumi v3.248.0 found on PATH, pulumi-language-nodejs found on PATH, pulumi-language-yaml found on PATH",
      );
      expect(result.stderr).toContain(`pulumi-language-nodejs: ${path.join(bin, "pulumi-language-nodejs")}`);
      expect(result.stderr).toContain(`pulumi-language-yaml: ${path.join(bin, "pulumi-language-yaml")}`);
      expect(result.stderr).toContain(
        `pulumi-language-python: ${path.join(bin, "pulumi-language-python")} (found on PATH)`,
      );
      expect(fs.readdirSync(cache)).toEqual([]); // nothing built
    });

    it("names what to install when the install has the Node.js host but not the Python host, and Go is missing", () => {
      const { cache, result } = runWithInstalled("pulumi", "pulumi-language-nodejs", "pulumi-language-yaml");
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        "The Python language host (pulumi-language-python, which runs `pulumi up` in a folder with a Python " +
          "Pulumi.yaml) is not installed and Go is not available to build it.",
      );
      expect(result.stderr).toContain("the Pulumi CLI, which ships pulumi-language-python next to `pulumi`, or");
      expect(fs.readdirSync(cache)).toEqual([]);
    });

    /** The versions scripts/engine/python-host.js records for a current cached Python host. */
    const currentPythonHost = { sdkVersion: "3.68.0", execScriptVersion: "3.248.0" };
    /** The YAML host's build record as engine.js writes it for the wrapper module in this checkout. */
    const currentYamlHost = () => languageHostCacheKey("yaml");

    function cachedEngine(
      cache: string,
      languageHost?: { sdkVersion: string },
      yamlHost: Record<string, string> | undefined = currentYamlHost(),
      pythonHost: { sdkVersion: string; execScriptVersion: string } | null = currentPythonHost,
      pythonHostFiles = ["pulumi-language-python", "pulumi-language-python-exec"],
    ) {
      const cacheDir = path.join(cache, "pulumi-datarobot-batch", "engine", "v3.248.0");
      fs.mkdirSync(path.join(cacheDir, "bin"), { recursive: true });
      fakeExecutable(path.join(cacheDir, "bin"), "pulumi");
      if (languageHost) {
        fakeExecutable(path.join(cacheDir, "bin"), "pulumi-language-nodejs");
        fs.writeFileSync(path.join(cacheDir, "language-host.json"), JSON.stringify(languageHost));
      }
      if (yamlHost) {
        fakeExecutable(path.join(cacheDir, "bin"), "pulumi-language-yaml");
        fs.writeFileSync(path.join(cacheDir, "yaml-host.json"), JSON.stringify(yamlHost));
      }
      if (pythonHost) {
        pythonHostFiles.forEach((name) => fakeExecutable(path.join(cacheDir, "bin"), name));
        fs.writeFileSync(path.join(cacheDir, "python-host.json"), JSON.stringify(pythonHost));
      }
      return cacheDir;
    }

    /** Runs the script with nothing on PATH and the engine on PATH ignored: only the cache in `cache` can serve. */
    const runFromCacheOnly = (cache: string) =>
      runEngineScript({
        PATH: tempDir("empty-path-"),
        HOME: cache,
        XDG_CACHE_HOME: cache,
        PULUMI_DATAROBOT_BATCH_IGNORE_PATH_ENGINE: "1",
      });

    it("finds the host it built in the versioned cache, next to the cached pulumi", () => {
      const cache = tempDir("engine-cache-");
      const cacheDir = cachedEngine(cache, { sdkVersion: "3.68.0" });
      const result = runFromCacheOnly(cache);
      expect(result.status).toBe(0);
      expect(result.stdout.trim()).toBe(path.join(cacheDir, "bin"));
      expect(result.stderr).toContain(
        "pulumi v3.248.0 found in the cache, pulumi-language-nodejs found in the cache, " +
          "pulumi-language-yaml found in the cache",
      );
      expect(result.stderr).toContain(
        `pulumi-language-nodejs: ${path.join(cacheDir, "bin", "pulumi-language-nodejs")}`,
      );
      expect(result.stderr).toContain(`pulumi-language-yaml: ${path.join(cacheDir, "bin", "pulumi-language-yaml")}`);
      expect(result.stderr).toContain(
        `pulumi-language-python: ${path.join(cacheDir, "bin", "pulumi-language-python")} (found in the cache)`,
      );
    });

    it.each([
      ["is missing", null, undefined],
      ["has no exec script beside it", currentPythonHost, ["pulumi-language-python"]],
      ["was built from another sdk/v3 version", { ...currentPythonHost, sdkVersion: "3.0.0" }, undefined],
      ["has the exec script of another release", { ...currentPythonHost, execScriptVersion: "3.200.0" }, undefined],
    ])("rebuilds the cached Python host when it %s (here: stops, as Go is missing)", (_case, pythonHost, files) => {
      const cache = tempDir("engine-cache-");
      cachedEngine(cache, { sdkVersion: "3.68.0" }, currentYamlHost(), pythonHost, files);
      const result = runFromCacheOnly(cache);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("The Python language host (pulumi-language-python");
      expect(result.stderr).not.toContain("The Node.js language host"); // that one was found
    });

    it.each([
      ["is missing", undefined],
      ["was built from another sdk/v3 version than scripts/engine/language-host/go.mod names", { sdkVersion: "3.0.0" }],
    ])("rebuilds the cached host when it %s (here: stops, as Go is missing)", (_case, languageHost) => {
      const cache = tempDir("engine-cache-");
      cachedEngine(cache, languageHost);
      const result = runFromCacheOnly(cache);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("The Node.js language host (pulumi-language-nodejs");
      expect(result.stderr).not.toContain("The Pulumi engine is not installed"); // the CLI itself was found
    });

    it("names what to install when the CLI and the Node.js host are there but the YAML host is not, and Go is missing", () => {
      const { cache, result } = runWithInstalled("pulumi", "pulumi-language-nodejs");
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        "The YAML language host (pulumi-language-yaml, which runs programs whose Pulumi.yaml says `runtime: yaml`) " +
          "is not installed and Go is not available to build it.",
      );
      expect(result.stderr).toContain("the Pulumi CLI, which ships pulumi-language-yaml next to `pulumi`, or");
      expect(fs.readdirSync(cache)).toEqual([]);
    });

    it("records the pulumi-yaml version and a digest of the YAML wrapper module's go.mod and go.sum", () => {
      const key = currentYamlHost();
      const wrapper = path.join(repoRoot, "scripts", "engine", "yaml-host");
      const goMod = fs.readFileSync(path.join(wrapper, "go.mod"), "utf8");
      expect(goMod).toContain(`github.com/pulumi/pulumi-yaml v${key.pulumiYamlVersion}\n`);
      expect(key.pulumiYamlVersion).toBe("1.25.0");
      expect(key.wrapperDigest).toMatch(/^[0-9a-f]{64}$/);
    });

    it.each([
      ["is missing", undefined],
      ["was built from another pulumi-yaml version", { ...languageHostCacheKey("yaml"), pulumiYamlVersion: "1.11.1" }],
      [
        "was built from another go.mod/go.sum of its wrapper module",
        { ...languageHostCacheKey("yaml"), wrapperDigest: "0" },
      ],
    ])("rebuilds the cached YAML host when it %s (here: stops, as Go is missing)", (_case, yamlHost) => {
      const cache = tempDir("engine-cache-");
      cachedEngine(cache, { sdkVersion: "3.68.0" }, yamlHost);
      if (!yamlHost)
        fs.rmSync(path.join(cache, "pulumi-datarobot-batch", "engine", "v3.248.0", "bin", "pulumi-language-yaml"), {
          force: true,
        });
      const result = runFromCacheOnly(cache);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("The YAML language host (pulumi-language-yaml");
      expect(result.stderr).not.toContain("The Node.js language host"); // the Node.js host was found in the cache
    });
  });
});
