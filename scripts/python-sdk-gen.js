#!/usr/bin/env node
/**
 * Generates the Python SDK (`pulumi_datarobot_batch`) of the native package from its Pulumi package schema.
 *
 *   npm run sdk:python                       generate generated/python/ from plugin/schema.json
 *   npm run sdk:python -- --check            fail (exit 1, naming the files) when generated/python/ is stale
 *   npm run sdk:python -- --venv             also build a wheel of it and install it into the cached Python venv
 *                                            (scripts/python-sdk/setup.sh pulumi); prints the venv's python last
 *   options: --schema <file> (default plugin/schema.json), --out <dir> (default generated/python)
 *
 * `pulumi package gen-sdk --language python` delegates to the Python language host, and the only one buildable from
 * published Go modules is too old for it (docs/engine.md). So the generator is a small Go program (scripts/codegen/)
 * calling pkg/v3's Python code generator at the CLI's version; it is built once into the engine's versioned cache and
 * rebuilt when its sources change.
 *
 * Library: require("./scripts/python-sdk-gen") → { ensureCodegen, generatePythonSdk, staleFiles, buildWheel,
 *   setupVenv, installWheel, checkPythonLanguage, readmeHeader, DEFAULT_SCHEMA, DEFAULT_OUT, PYTHON_LANGUAGE }.
 */
"use strict";

const { execFileSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { cacheRoot, sdkVersion, requireGo, runWithHeartbeat, log, formatSeconds, goVersion } = require("./engine.js");

const repoRoot = path.resolve(__dirname, "..");
const codegenModuleDir = path.join(__dirname, "codegen");
const CODEGEN = "pulumi-sdkgen-datarobot-batch";
const CODEGEN_INFO = "codegen.json";
const DEFAULT_SCHEMA = "plugin/schema.json";
const DEFAULT_OUT = "generated/python";
const setupScript = path.join(__dirname, "python-sdk", "setup.sh");

/** The `language.python` block the package schema must carry (docs/engine.md): the generator reads it from there. */
const PYTHON_LANGUAGE = { packageName: "pulumi_datarobot_batch", pyproject: { enabled: true } };

/** The first lines of the generated README.md: where the folder comes from, and that it must not be edited. */
function readmeHeader(schemaPath) {
  const shown = path.relative(repoRoot, path.resolve(schemaPath)).split(path.sep).join("/");
  return `> **GENERATED** from ${shown} by npm run sdk:python; do not edit.`;
}

/** A hash of the generator's sources: a change of main.go, go.mod or go.sum rebuilds the cached binary. */
function codegenSourceHash() {
  const hash = crypto.createHash("sha256");
  for (const name of ["go.mod", "go.sum", "main.go"]) hash.update(fs.readFileSync(path.join(codegenModuleDir, name)));
  return hash.digest("hex").slice(0, 16);
}

/** Returns the generator binary, building it into `<engine cache>/v<version>/bin/` when missing or out of date. */
async function ensureCodegen() {
  const cacheDir = path.join(cacheRoot(), `v${sdkVersion()}`);
  const binary = path.join(cacheDir, "bin", CODEGEN);
  const infoPath = path.join(cacheDir, CODEGEN_INFO);
  const sourceHash = codegenSourceHash();
  try {
    const info = JSON.parse(fs.readFileSync(infoPath, "utf8"));
    if (info.sourceHash === sourceHash && fs.existsSync(binary)) return { binary, source: "cache" };
  } catch {
    // not built yet
  }
  requireGo("codegen");
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  log(`building the SDK generator (scripts/codegen/, pkg/v3 v${sdkVersion()}); first time only`);
  const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=mod" };
  const partial = `${binary}.partial-${process.pid}`;
  const build = await runWithHeartbeat(
    "go build (SDK generator)",
    "go",
    ["build", "-v", "-trimpath", "-o", partial, "."],
    {
      cwd: codegenModuleDir,
      env,
    },
  );
  fs.renameSync(partial, binary);
  fs.writeFileSync(
    infoPath,
    JSON.stringify(
      { sourceHash, builtAt: new Date().toISOString(), buildSeconds: build.ms / 1000, go: goVersion() },
      null,
      2,
    ),
  );
  log(`built ${CODEGEN} in ${formatSeconds(build.ms)} (${build.packages} packages compiled)`);
  return { binary, source: "built", buildSeconds: build.ms / 1000 };
}

/**
 * Checks the schema's `language.python` block, which decides the module and distribution name: a schema without it
 * would silently produce a package named after the Pulumi package instead.
 */
function checkPythonLanguage(schemaPath) {
  let schema;
  try {
    schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
  } catch (error) {
    throw new Error(`cannot read the package schema ${schemaPath}: ${error.message}`);
  }
  const python = (schema.language && schema.language.python) || {};
  const problems = [];
  if (python.packageName !== PYTHON_LANGUAGE.packageName) {
    problems.push(
      `language.python.packageName must be "${PYTHON_LANGUAGE.packageName}" (found ${JSON.stringify(python.packageName)})`,
    );
  }
  if (!python.pyproject || python.pyproject.enabled !== true) {
    problems.push("language.python.pyproject.enabled must be true (the wheel is built from pyproject.toml)");
  }
  if (!python.requires || !/^>=3\./.test(String(python.requires.pulumi || ""))) {
    problems.push('language.python.requires.pulumi must name the Pulumi SDK range, e.g. ">=3.139.0,<4.0.0"');
  }
  if (problems.length > 0) throw new Error(`${schemaPath}: ${problems.join("; ")}`);
}

/** Generates the Python SDK from `schemaPath` into `outDir` (replaced). Returns the seconds generation took. */
async function generatePythonSdk({ schemaPath = DEFAULT_SCHEMA, outDir = DEFAULT_OUT } = {}) {
  const schemaFile = path.resolve(repoRoot, schemaPath);
  if (!fs.existsSync(schemaFile)) {
    throw new Error(`the package schema ${schemaPath} does not exist (pass --schema <file>)`);
  }
  checkPythonLanguage(schemaFile);
  const { binary } = await ensureCodegen();
  const started = Date.now();
  execFileSync(
    binary,
    [
      "-schema",
      schemaFile,
      "-language",
      "python",
      "-out",
      path.resolve(repoRoot, outDir),
      "-readme-header",
      readmeHeader(schemaFile),
    ],
    { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" },
  );
  return (Date.now() - started) / 1000;
}

function listFiles(dir, prefix = "") {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    )
    .sort();
}

/**
 * Regenerates into a temporary folder and compares with `outDir`: returns the files that differ, are missing or are
 * extra (empty when `outDir` is current). Ignores build leftovers (__pycache__, *.egg-info, build/).
 */
async function staleFiles({ schemaPath = DEFAULT_SCHEMA, outDir = DEFAULT_OUT } = {}) {
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-python-check-"));
  try {
    await generatePythonSdk({ schemaPath, outDir: fresh });
    const leftover = (name) => /(^|\/)(__pycache__|build|[^/]*\.egg-info)\//.test(name);
    const current = path.resolve(repoRoot, outDir);
    const names = new Set([...listFiles(fresh), ...listFiles(current).filter((name) => !leftover(name))]);
    return [...names].sort().filter((name) => {
      const a = path.join(fresh, name);
      const b = path.join(current, name);
      return !fs.existsSync(a) || !fs.existsSync(b) || !fs.readFileSync(a).equals(fs.readFileSync(b));
    });
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
  }
}

/** Runs `scripts/python-sdk/setup.sh pulumi`: the cached venv with the pinned Pulumi SDK. Returns its python. */
function setupVenv() {
  const out = execFileSync("bash", [setupScript, "pulumi"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const lines = out.trim().split("\n");
  return lines[lines.length - 1];
}

/**
 * Builds a wheel of the generated package with the venv's python and returns its path. The build backend
 * (setuptools) is pinned in the venv, so the build needs no download (--no-build-isolation).
 */
function buildWheel({ python, sdkDir = DEFAULT_OUT, wheelDir }) {
  const source = path.resolve(repoRoot, sdkDir);
  // Build from a copy: setuptools writes build/ and *.egg-info into the source folder.
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-python-wheel-"));
  try {
    fs.cpSync(source, staging, { recursive: true });
    fs.mkdirSync(wheelDir, { recursive: true });
    execFileSync(
      python,
      [
        "-m",
        "pip",
        "wheel",
        "--disable-pip-version-check",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        wheelDir,
        staging,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const wheels = fs.readdirSync(wheelDir).filter((name) => /^pulumi_datarobot_batch-.*\.whl$/.test(name));
  if (wheels.length !== 1) throw new Error(`expected one pulumi_datarobot_batch wheel in ${wheelDir}, found ${wheels}`);
  return path.join(wheelDir, wheels[0]);
}

/** Installs (or replaces) the wheel in the venv; its dependencies (pulumi) are already pinned there. */
function installWheel({ python, wheel }) {
  execFileSync(
    python,
    ["-m", "pip", "install", "--disable-pip-version-check", "--no-deps", "--force-reinstall", "-q", wheel],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
}

function parseArgs(argv) {
  const options = { schemaPath: DEFAULT_SCHEMA, outDir: DEFAULT_OUT, check: false, venv: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--check") options.check = true;
    else if (arg === "--venv") options.venv = true;
    else if (arg === "--schema" && argv[i + 1]) options.schemaPath = argv[++i];
    else if (arg === "--out" && argv[i + 1]) options.outDir = argv[++i];
    else throw new Error(`unknown argument ${arg} (usage: --schema <file> --out <dir> [--check] [--venv])`);
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.check) {
    const stale = await staleFiles(options);
    if (stale.length > 0) {
      throw new Error(
        `${options.outDir} is stale relative to ${options.schemaPath}: ${stale.join(", ")}. Run npm run sdk:python.`,
      );
    }
    log(`${options.outDir} is current with ${options.schemaPath}`);
    return;
  }
  const seconds = await generatePythonSdk(options);
  log(`generated ${options.outDir} from ${options.schemaPath} in ${formatSeconds(seconds * 1000)}`);
  if (options.venv) {
    const python = setupVenv();
    const wheelDir = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-python-dist-"));
    const wheel = buildWheel({ python, sdkDir: options.outDir, wheelDir });
    installWheel({ python, wheel });
    log(`installed ${path.basename(wheel)} (${fs.statSync(wheel).size} bytes) into the venv`);
    fs.rmSync(wheelDir, { recursive: true, force: true });
    process.stdout.write(`${python}\n`);
  }
}

module.exports = {
  ensureCodegen,
  generatePythonSdk,
  staleFiles,
  buildWheel,
  setupVenv,
  installWheel,
  checkPythonLanguage,
  readmeHeader,
  DEFAULT_SCHEMA,
  DEFAULT_OUT,
  PYTHON_LANGUAGE,
};

if (require.main === module) {
  main().catch((error) => {
    log(`error: ${error.message}`);
    process.exit(1);
  });
}
