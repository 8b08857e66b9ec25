/**
 * The Python language host for `npm run engine` (scripts/engine.js): `pulumi-language-python` runs the program of a
 * folder whose Pulumi.yaml says `runtime: python`. It is kept apart from engine.js so each language host stays in its
 * own module.
 *
 * A regular Pulumi install ships the host next to `pulumi`; with a `pulumi` from PATH that one (or one on PATH) is
 * used. Otherwise it is built into the versioned cache, next to the cached `pulumi`:
 * - the host from sdk/v3 v3.68.0, the newest release whose module still carries `python/cmd/pulumi-language-python`,
 *   with the Node.js host's wrapper module (scripts/engine/language-host/, same go.mod/go.sum);
 * - beside it the script `pulumi-language-python-exec` it starts programs with: a plain file of the sdk/v3 module at
 *   the CLI's version (the version scripts/engine/go.mod requires), copied out of the Go module cache.
 * The cache records both versions (python-host.json), so a change of either wrapper module rebuilds it.
 */
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const PYTHON_HOST = "pulumi-language-python";
const PYTHON_HOST_EXEC = "pulumi-language-python-exec";
const PYTHON_HOST_PACKAGE = "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python";
const PYTHON_HOST_INFO = "python-host.json";
const engineModuleDir = __dirname;
const languageHostModuleDir = path.join(__dirname, "language-host");

/** engine.js's helpers, required when first used: engine.js requires this module while it loads. */
function engine() {
  return require("../engine.js");
}

/** The sdk/v3 version the CLI's wrapper module requires: the exec script is copied from that release. */
function execScriptVersion() {
  return engine().wrapperVersion();
}

/** Where the Go module cache holds sdk/v3 at `version`, downloading it if needed (a second call answers at once). */
function sdkModuleDir(version, env) {
  const out = execFileSync("go", ["mod", "download", "-json", `github.com/pulumi/pulumi/sdk/v3@v${version}`], {
    cwd: engineModuleDir,
    env,
    encoding: "utf8",
  });
  const info = JSON.parse(out);
  if (!info.Dir) throw new Error(`go mod download did not return a directory for sdk/v3 v${version}: ${out}`);
  return info.Dir;
}

/** Builds the host and copies its exec script into `<binDir>`; returns the seconds it took. */
async function buildPythonHost(binDir) {
  const { requireGo, languageHostVersion, runWithHeartbeat, log, formatSeconds, goVersion } = engine();
  requireGo("pythonHost");
  const hostVersion = languageHostVersion();
  const execVersion = execScriptVersion();
  fs.mkdirSync(binDir, { recursive: true });
  log(`building the Python language host from sdk/v3 v${hostVersion} (first time only; under a minute on 2 cores)`);
  const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=mod" };
  const started = Date.now();
  const partial = path.join(binDir, `${PYTHON_HOST}.partial-${process.pid}`);
  const ldflags = `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${hostVersion}`;
  const build = await runWithHeartbeat(
    "go build (Python language host)",
    "go",
    ["build", "-v", "-trimpath", "-ldflags", ldflags, "-o", partial, PYTHON_HOST_PACKAGE],
    { cwd: languageHostModuleDir, env },
  );
  // The module cache is read-only: copy through a temporary name, then make it executable and rename into place.
  const execSource = path.join(sdkModuleDir(execVersion, env), "python", "cmd", PYTHON_HOST_EXEC);
  const execPartial = path.join(binDir, `${PYTHON_HOST_EXEC}.partial-${process.pid}`);
  fs.copyFileSync(execSource, execPartial);
  fs.chmodSync(execPartial, 0o755);
  fs.renameSync(execPartial, path.join(binDir, PYTHON_HOST_EXEC));
  fs.renameSync(partial, path.join(binDir, PYTHON_HOST));
  const seconds = (Date.now() - started) / 1000;
  fs.writeFileSync(
    path.join(path.dirname(binDir), PYTHON_HOST_INFO),
    JSON.stringify(
      {
        sdkVersion: hostVersion,
        execScriptVersion: execVersion,
        builtAt: new Date().toISOString(),
        buildSeconds: seconds,
        go: goVersion(),
      },
      null,
      2,
    ),
  );
  log(
    `built ${PYTHON_HOST} (sdk v${hostVersion}, exec script v${execVersion}) in ${formatSeconds(seconds * 1000)} ` +
      `(${build.packages} packages compiled)`,
  );
  return seconds;
}

/** The cached host is current when both files exist and were taken from the versions the wrapper modules name. */
function cachedPythonHostIsCurrent(cacheDir) {
  const { isExecutable, languageHostVersion } = engine();
  const binDir = path.join(cacheDir, "bin");
  if (!isExecutable(path.join(binDir, PYTHON_HOST)) || !isExecutable(path.join(binDir, PYTHON_HOST_EXEC))) {
    return false;
  }
  try {
    const info = JSON.parse(fs.readFileSync(path.join(cacheDir, PYTHON_HOST_INFO), "utf8"));
    return info.sdkVersion === languageHostVersion() && info.execScriptVersion === execScriptVersion();
  } catch {
    return false;
  }
}

/**
 * Returns the Python host the CLI will use: with a `pulumi` from PATH, the one its install ships (or one on PATH);
 * otherwise, or when there is none, the one in the versioned cache, built if missing.
 * @returns {Promise<{pythonHostPath: string, pythonHostSource: "path"|"cache"|"built", pythonHostBuildSeconds?: number}>}
 */
async function ensurePythonHost(engineInfo, cacheDir) {
  const { isExecutable, findOnPath, log } = engine();
  if (engineInfo.source === "path") {
    const shipped = path.join(engineInfo.binDir, PYTHON_HOST);
    if (isExecutable(shipped)) return { pythonHostPath: shipped, pythonHostSource: "path" };
    const onPath = findOnPath(PYTHON_HOST);
    if (onPath) return { pythonHostPath: onPath, pythonHostSource: "path" };
  }
  const pythonHostPath = path.join(cacheDir, "bin", PYTHON_HOST);
  if (cachedPythonHostIsCurrent(cacheDir)) return { pythonHostPath, pythonHostSource: "cache" };
  const pythonHostBuildSeconds = await buildPythonHost(path.join(cacheDir, "bin"));
  if (engineInfo.source === "path") {
    log(
      `note: ${engineInfo.pulumiPath} has no ${PYTHON_HOST}; add ${path.join(cacheDir, "bin")} to PATH to use this one`,
    );
  }
  return { pythonHostPath, pythonHostSource: "built", pythonHostBuildSeconds };
}

module.exports = { ensurePythonHost, PYTHON_HOST, PYTHON_HOST_EXEC };
