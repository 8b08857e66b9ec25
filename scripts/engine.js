#!/usr/bin/env node
/**
 * Obtains the real Pulumi engine (the `pulumi` CLI) for the tests, the demo and `npm run engine`.
 *
 * 1. A `pulumi` already on PATH is used when its version is compatible with the pinned @pulumi/pulumi SDK
 *    (same major, not older than the SDK: the CLI and SDK are released in lockstep, and a newer CLI is the safe side).
 * 2. Otherwise the CLI of the SDK's version is built from its published Go modules (the wrapper module in
 *    scripts/engine/) into a cache outside the repository, keyed by version:
 *    ${XDG_CACHE_HOME:-~/.cache}/pulumi-datarobot-batch/engine/v<version>/bin/pulumi
 *    A second run finds it there and returns at once.
 * 3. The dynamic-provider shim `pulumi-resource-pulumi-nodejs` (shipped in the @pulumi/pulumi npm package) is copied
 *    next to the binary; without it the CLI tries to download a `pulumi-nodejs` plugin and fails offline.
 *
 * 4. The Node.js language host `pulumi-language-nodejs` runs the program of a folder with Pulumi.yaml (`pulumi up`
 *    there, and the Automation API's LocalWorkspace with `workDir`); inline programs do not need it. A regular Pulumi
 *    install ships it next to `pulumi`, and that one (or one on PATH) is used with a `pulumi` from PATH. Otherwise it
 *    is built from the sdk/v3 module (the wrapper module in scripts/engine/language-host/: v3.68.0 is the newest
 *    release whose module contains it) into the same cache, next to the cached `pulumi`, where the CLI looks first.
 * 5. The YAML language host `pulumi-language-yaml` runs programs whose Pulumi.yaml says `runtime: yaml`. It is found
 *    like the Node.js host, or built from github.com/pulumi/pulumi-yaml in its own wrapper module
 *    (scripts/engine/yaml-host/: pulumi-yaml pins an older pkg/v3 than the engine's, so it cannot share ../go.mod).
 *
 * Usage: `npm run engine` (prints progress, then the bin directory on the last line).
 * Library: `const { ensureEngine } = require("./scripts/engine")` → { root, binDir, pulumiPath, version, source,
 *   languageHostPath, languageHostSource, yamlHostPath, yamlHostSource }.
 */
"use strict";

const { execFileSync, spawn } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const repoRoot = path.resolve(__dirname, "..");
const wrapperModuleDir = path.join(__dirname, "engine");
const languageHostModuleDir = path.join(wrapperModuleDir, "language-host");
const LANGUAGE_HOST = "pulumi-language-nodejs";
const LANGUAGE_HOST_PACKAGE = "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs";
/** Records which sdk/v3 version built the cached language host, so a change of the wrapper module rebuilds it. */
const LANGUAGE_HOST_INFO = "language-host.json";
const yamlHostModuleDir = path.join(wrapperModuleDir, "yaml-host");
const YAML_HOST = "pulumi-language-yaml";
const PACKAGE_NAME = "pulumi-datarobot-batch";

/** The @pulumi/pulumi version the project pins; the engine must match it. */
function sdkVersion() {
  const pkg = require(path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json"));
  return pkg.version;
}

/** The pkg/v3 version the wrapper module requires (kept equal to the SDK version; checked below). */
function wrapperVersion() {
  const goMod = fs.readFileSync(path.join(wrapperModuleDir, "go.mod"), "utf8");
  const match = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\d+\.\d+\.\d+)/.exec(goMod);
  if (!match) throw new Error(`scripts/engine/go.mod does not require github.com/pulumi/pulumi/pkg/v3`);
  return match[1];
}

/** The sdk/v3 version the language-host wrapper module builds the host from. */
function languageHostVersion() {
  const goMod = fs.readFileSync(path.join(languageHostModuleDir, "go.mod"), "utf8");
  const match = /github\.com\/pulumi\/pulumi\/sdk\/v3 v(\d+\.\d+\.\d+)/.exec(goMod);
  if (!match) throw new Error(`scripts/engine/language-host/go.mod does not require github.com/pulumi/pulumi/sdk/v3`);
  return match[1];
}

/** The pulumi-yaml version the YAML language-host wrapper module builds the host from. */
function yamlHostVersion() {
  const goMod = fs.readFileSync(path.join(yamlHostModuleDir, "go.mod"), "utf8");
  const match = /github\.com\/pulumi\/pulumi-yaml v(\d+\.\d+\.\d+)/.exec(goMod);
  if (!match) throw new Error(`scripts/engine/yaml-host/go.mod does not require github.com/pulumi/pulumi-yaml`);
  return match[1];
}

/**
 * A digest of a wrapper module's go.mod and go.sum: any change of its pins (not only of the main version) rebuilds
 * the host it builds.
 */
function moduleDigest(moduleDir) {
  const hash = crypto.createHash("sha256");
  for (const file of ["go.mod", "go.sum"]) hash.update(fs.readFileSync(path.join(moduleDir, file)));
  return hash.digest("hex");
}

/**
 * The language hosts this script provides, each built from its own wrapper module. `cacheKey` is what the cached
 * build records (in `infoFile`, next to `bin/`); a cached host whose record differs is rebuilt.
 */
const HOSTS = {
  nodejs: {
    name: LANGUAGE_HOST,
    title: "The Node.js language host",
    runs: "which runs `pulumi up` in a folder with Pulumi.yaml",
    moduleDir: languageHostModuleDir,
    goPackage: LANGUAGE_HOST_PACKAGE,
    infoFile: LANGUAGE_HOST_INFO,
    from: () => `sdk/v3 v${languageHostVersion()}`,
    ldflags: () => `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${languageHostVersion()}`,
    cacheKey: () => ({ sdkVersion: languageHostVersion() }),
  },
  yaml: {
    name: YAML_HOST,
    title: "The YAML language host",
    runs: "which runs programs whose Pulumi.yaml says `runtime: yaml`",
    moduleDir: yamlHostModuleDir,
    goPackage: "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml",
    infoFile: "yaml-host.json",
    from: () => `pulumi-yaml v${yamlHostVersion()}`,
    // The version variable pulumi-yaml's own release build sets (its .goreleaser.yml).
    ldflags: () => `-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v${yamlHostVersion()}`,
    cacheKey: () => ({ pulumiYamlVersion: yamlHostVersion(), wrapperDigest: moduleDigest(yamlHostModuleDir) }),
  },
};

function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, PACKAGE_NAME, "engine");
}

function parseVersion(text) {
  const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(text || "");
  return match ? match.slice(1, 4).map(Number) : undefined;
}

function compareVersions(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Runs `<binary> version` and returns the parsed version, or undefined when the binary is missing or broken. */
function probeVersion(binary) {
  try {
    const out = execFileSync(binary, ["version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 30_000,
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
    return parseVersion(out.trim());
  } catch {
    return undefined;
  }
}

function findOnPath(command) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function copyShim(binDir) {
  const shimName = "pulumi-resource-pulumi-nodejs";
  const source = path.join(repoRoot, "node_modules", "@pulumi", "pulumi", shimName);
  const target = path.join(binDir, shimName);
  if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== fs.readFileSync(source, "utf8")) {
    fs.copyFileSync(source, target);
    fs.chmodSync(target, 0o755);
  }
}

function log(message) {
  process.stderr.write(`[engine] ${message}\n`);
}

function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Runs a command, printing a heartbeat so a multi-minute build never looks hung. */
function runWithHeartbeat(label, command, args, options) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let output = "";
    let packages = 0;
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    const collect = (chunk) => {
      const text = chunk.toString();
      output = (output + text).slice(-20_000);
      // `go build -v` prints one package path per line as it compiles it: count them as a progress figure.
      packages += text.split("\n").filter((line) => line.trim() && !line.startsWith("go: ")).length;
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setInterval(() => {
      log(`${label}: ${formatSeconds(Date.now() - started)} elapsed, ${packages} packages so far`);
    }, 15_000);
    child.on("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearInterval(timer);
      if (code === 0) resolve({ ms: Date.now() - started, packages });
      else reject(new Error(`${label} failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

const INSTALL_GO =
  "  - Go 1.25 or newer (https://go.dev/dl/, or `apt-get install golang-go` on Debian 13), then run `npm run engine` again.";

/** Stops with what to install when Go is missing; `missing` is "engine" or the entry of HOSTS to be built. */
function requireGo(missing) {
  const goPath = findOnPath("go");
  if (!goPath) {
    const hostNamed = (title, name, runs) => [
      `${title} (${name}, ${runs}) is not installed and Go is not available to build it.`,
      `  - the Pulumi CLI, which ships ${name} next to \`pulumi\`, or`,
    ];
    const what =
      missing === "engine"
        ? [
            "The Pulumi engine is not installed and Go is not available to build it.",
            "  - the Pulumi CLI (any v3 release not older than the @pulumi/pulumi SDK pinned in package.json), or",
          ]
        : missing === "codegen"
          ? [
              "The SDK generator (scripts/codegen/, which generates the Python SDK from the package schema) is not built and Go is not available to build it.",
              undefined, // it exists only as a Go module: Go is the one way
            ]
          : missing === "pythonHost"
            ? hostNamed(
                "The Python language host",
                "pulumi-language-python",
                "which runs `pulumi up` in a folder with a Python Pulumi.yaml",
              )
            : hostNamed(missing.title, missing.name, missing.runs);
    throw new Error(
      what[1] ? `${what[0]}\nInstall one of:\n${what[1]}\n${INSTALL_GO}` : `${what[0]}\nInstall:\n${INSTALL_GO}`,
    );
  }
  return goPath;
}

/** Builds the CLI from the wrapper module into `<cacheDir>/bin/pulumi`. */
async function buildEngine(version, cacheDir) {
  requireGo("engine");
  const binDir = path.join(cacheDir, "bin");
  fs.mkdirSync(binDir, { recursive: true });
  log(`building the Pulumi CLI v${version} from its Go modules (first time only; a few minutes on 2 cores)`);
  const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=mod" };
  const download = await runWithHeartbeat("go mod download", "go", ["mod", "download"], {
    cwd: wrapperModuleDir,
    env,
  });
  log(`modules downloaded in ${formatSeconds(download.ms)}`);
  // Build to a temporary name and rename, so an interrupted build never leaves a half-written binary in the cache.
  const partial = path.join(binDir, `pulumi.partial-${process.pid}`);
  const ldflags = `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`;
  const build = await runWithHeartbeat(
    "go build",
    "go",
    [
      "build",
      "-v",
      "-trimpath",
      "-tags",
      "osusergo,grpcnotrace",
      "-ldflags",
      ldflags,
      "-o",
      partial,
      "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
    ],
    { cwd: wrapperModuleDir, env },
  );
  fs.renameSync(partial, path.join(binDir, "pulumi"));
  const seconds = (build.ms + download.ms) / 1000;
  fs.writeFileSync(
    path.join(cacheDir, "build-info.json"),
    JSON.stringify({ version, builtAt: new Date().toISOString(), buildSeconds: seconds, go: goVersion() }, null, 2),
  );
  log(`built pulumi v${version} in ${seconds.toFixed(1)} s (${build.packages} packages compiled)`);
  return seconds;
}

/**
 * Builds a language host (an entry of HOSTS) from its wrapper module into `<binDir>`, next to the cached `pulumi` (the
 * CLI looks there before PATH, and a host found only on PATH makes every command warn).
 */
async function buildLanguageHost(host, binDir) {
  requireGo(host);
  fs.mkdirSync(binDir, { recursive: true });
  const title = host.title.replace(/^The /, "the ");
  log(`building ${title} from ${host.from()} (first time only; about a minute on 2 cores)`);
  const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=mod" };
  const download = await runWithHeartbeat(`go mod download (${host.name})`, "go", ["mod", "download"], {
    cwd: host.moduleDir,
    env,
  });
  log(`${host.name} modules downloaded in ${formatSeconds(download.ms)}`);
  const partial = path.join(binDir, `${host.name}.partial-${process.pid}`);
  const build = await runWithHeartbeat(
    `go build (${host.name})`,
    "go",
    ["build", "-v", "-trimpath", "-ldflags", host.ldflags(), "-o", partial, host.goPackage],
    { cwd: host.moduleDir, env },
  );
  fs.renameSync(partial, path.join(binDir, host.name));
  const seconds = (build.ms + download.ms) / 1000;
  fs.writeFileSync(
    path.join(path.dirname(binDir), host.infoFile),
    JSON.stringify(
      { ...host.cacheKey(), builtAt: new Date().toISOString(), buildSeconds: seconds, go: goVersion() },
      null,
      2,
    ),
  );
  log(`built ${host.name} (${host.from()}) in ${seconds.toFixed(1)} s (${build.packages} packages compiled)`);
  return seconds;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The cached host is current when it exists and its build record matches what its wrapper module names now. */
function cachedLanguageHostIsCurrent(host, cacheDir) {
  if (!isExecutable(path.join(cacheDir, "bin", host.name))) return false;
  try {
    const info = JSON.parse(fs.readFileSync(path.join(cacheDir, host.infoFile), "utf8"));
    return Object.entries(host.cacheKey()).every(([key, value]) => info[key] === value);
  } catch {
    return false;
  }
}

/**
 * Returns a language host the CLI will use: with a `pulumi` from PATH, the host its install ships next to it (or one
 * on PATH); otherwise, or when there is none, the one in the versioned cache, built if missing.
 * @returns {Promise<{path: string, source: "path"|"cache"|"built", buildSeconds?: number}>}
 */
async function ensureLanguageHost(host, engine, cacheDir) {
  if (engine.source === "path") {
    const shipped = path.join(engine.binDir, host.name);
    if (isExecutable(shipped)) return { path: shipped, source: "path" };
    const onPath = findOnPath(host.name);
    if (onPath) return { path: onPath, source: "path" };
  }
  const cached = path.join(cacheDir, "bin", host.name);
  if (cachedLanguageHostIsCurrent(host, cacheDir)) return { path: cached, source: "cache" };
  const buildSeconds = await buildLanguageHost(host, path.join(cacheDir, "bin"));
  if (engine.source === "path") {
    // The CLI looks next to itself, then on PATH: this host is in neither place until the user puts it there.
    log(`note: ${engine.pulumiPath} has no ${host.name}; add ${path.join(cacheDir, "bin")} to PATH to use this one`);
  }
  return { path: cached, source: "built", buildSeconds };
}

/** The language hosts, in the shape ensureEngine returns them. */
async function ensureLanguageHosts(engine, cacheDir) {
  const nodejs = await ensureLanguageHost(HOSTS.nodejs, engine, cacheDir);
  const yaml = await ensureLanguageHost(HOSTS.yaml, engine, cacheDir);
  // The Python host is built differently (its exec script is copied beside it): its own module.
  const python = await require("./engine/python-host.js").ensurePythonHost(engine, cacheDir);
  return {
    ...python,
    languageHostPath: nodejs.path,
    languageHostSource: nodejs.source,
    languageHostBuildSeconds: nodejs.buildSeconds,
    yamlHostPath: yaml.path,
    yamlHostSource: yaml.source,
    yamlHostBuildSeconds: yaml.buildSeconds,
  };
}

function goVersion() {
  try {
    return execFileSync("go", ["version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Returns a usable engine, building it if needed.
 * @returns {Promise<{root: string, binDir: string, pulumiPath: string, version: string, source: "path"|"cache"|"built", buildSeconds?: number}>}
 */
async function ensureEngine() {
  const version = sdkVersion();
  if (wrapperVersion() !== version) {
    throw new Error(
      `scripts/engine/go.mod builds pulumi v${wrapperVersion()} but package.json pins @pulumi/pulumi ${version}. ` +
        "Keep them equal (update the require lines of scripts/engine/go.mod and run `go mod tidy` there).",
    );
  }
  const wanted = parseVersion(version);

  const onPath = process.env.PULUMI_DATAROBOT_BATCH_IGNORE_PATH_ENGINE ? undefined : findOnPath("pulumi");
  if (onPath) {
    const found = probeVersion(onPath);
    if (found && found[0] === wanted[0] && compareVersions(found, wanted) >= 0) {
      const binDir = path.dirname(fs.realpathSync(onPath));
      if (!fs.existsSync(path.join(binDir, "pulumi-resource-pulumi-nodejs"))) {
        try {
          copyShim(binDir);
        } catch {
          log(`note: could not copy the dynamic-provider shim next to ${onPath}; dynamic resources may fail to load`);
        }
      }
      const engine = {
        root: path.dirname(binDir),
        binDir,
        pulumiPath: onPath,
        version: found.join("."),
        source: "path",
      };
      return { ...engine, ...(await ensureLanguageHosts(engine, path.join(cacheRoot(), `v${version}`))) };
    }
    log(`ignoring ${onPath}: version ${found ? found.join(".") : "unknown"} is not compatible with SDK ${version}`);
  }

  const cacheDir = path.join(cacheRoot(), `v${version}`);
  const pulumiPath = path.join(cacheDir, "bin", "pulumi");
  let source = "cache";
  let buildSeconds;
  const cached = fs.existsSync(pulumiPath) ? probeVersion(pulumiPath) : undefined;
  if (!cached || compareVersions(cached, wanted) !== 0) {
    buildSeconds = await buildEngine(version, cacheDir);
    source = "built";
    const built = probeVersion(pulumiPath);
    if (!built || compareVersions(built, wanted) !== 0) {
      throw new Error(
        `the freshly built ${pulumiPath} reports version ${built ? built.join(".") : "nothing"}, expected ${version}`,
      );
    }
  }
  copyShim(path.dirname(pulumiPath));
  const engine = { root: cacheDir, binDir: path.dirname(pulumiPath), pulumiPath, version, source, buildSeconds };
  return { ...engine, ...(await ensureLanguageHosts(engine, cacheDir)) };
}

/** What a cached build of a language host ("nodejs" or "yaml") must record to count as current. */
function languageHostCacheKey(kind) {
  return HOSTS[kind].cacheKey();
}

module.exports = {
  ensureEngine,
  cacheRoot,
  sdkVersion,
  languageHostCacheKey,
  LANGUAGE_HOST,
  YAML_HOST,
  // For the modules in scripts/engine/ and the SDK generator.
  wrapperVersion,
  languageHostVersion,
  requireGo,
  runWithHeartbeat,
  log,
  formatSeconds,
  goVersion,
  isExecutable,
  findOnPath,
};

if (require.main === module) {
  const started = Date.now();
  ensureEngine()
    .then((engine) => {
      const how = { path: "found on PATH", cache: "found in the cache", built: "built" }[engine.source];
      const hostHow = { path: "found on PATH", cache: "found in the cache", built: "built" };
      log(
        `pulumi v${engine.version} ${how}, ${LANGUAGE_HOST} ${hostHow[engine.languageHostSource]}, ` +
          `${YAML_HOST} ${hostHow[engine.yamlHostSource]}, pulumi-language-python ` +
          `${hostHow[engine.pythonHostSource]}, in ${formatSeconds(Date.now() - started)}`,
      );
      log(`pulumi: ${engine.pulumiPath}`);
      log(`${LANGUAGE_HOST}: ${engine.languageHostPath}`);
      log(`${YAML_HOST}: ${engine.yamlHostPath}`);
      log(`pulumi-language-python: ${engine.pythonHostPath} (${hostHow[engine.pythonHostSource]})`);
      process.stdout.write(`${engine.binDir}\n`);
    })
    .catch((error) => {
      log(`error: ${error.message}`);
      process.exit(1);
    });
}
