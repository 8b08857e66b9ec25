#!/usr/bin/env node
/**
 * Checks the repository's GitHub Actions workflows with actionlint (syntax, expressions, job and step references,
 * permissions, action inputs): the release workflow and the pipeline example's workflow, which users copy.
 *
 * actionlint is built from its Go module at a pinned version into a cache outside the repository, keyed by version
 * (like scripts/engine.js builds the Pulumi engine): ${XDG_CACHE_HOME:-~/.cache}/pulumi-datarobot-batch/actionlint/v<version>/
 * The first run builds it (about 30 s on 2 cores, module downloads included); later runs find it there.
 *
 * shellcheck and pyflakes integrations are switched off so the result does not depend on what else is installed.
 *
 * Usage: `node scripts/actionlint.js [workflow.yml ...]` (default: every workflow of the repository).
 * Library: `const { ensureActionlint, lintWorkflows, repositoryWorkflows } = require("./scripts/actionlint")`.
 */
"use strict";

const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ACTIONLINT_VERSION = "1.7.12";
const ACTIONLINT_MODULE = "github.com/rhysd/actionlint/cmd/actionlint";
const repoRoot = path.resolve(__dirname, "..");

/** The workflow folders checked by default: the project's own and the example users copy. */
const WORKFLOW_DIRS = [".github/workflows", "examples/pipeline/.github/workflows"];

function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "pulumi-datarobot-batch", "actionlint", `v${ACTIONLINT_VERSION}`);
}

function log(message) {
  process.stderr.write(`[actionlint] ${message}\n`);
}

/** Returns the path of the pinned actionlint binary, building it first if the cache does not hold it. */
function ensureActionlint() {
  const dir = cacheDir();
  const binary = path.join(dir, "actionlint");
  if (fs.existsSync(binary)) return binary;
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
  } catch {
    throw new Error(
      `actionlint v${ACTIONLINT_VERSION} is not in ${dir} and Go is not available to build it: ` +
        "install Go 1.25 or newer (https://go.dev/dl/), then run `node scripts/actionlint.js` again.",
    );
  }
  log(`building actionlint v${ACTIONLINT_VERSION} from its Go module (first time only)`);
  const started = Date.now();
  // Install into a private folder and rename, so an interrupted build never leaves a half-written binary.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const partial = fs.mkdtempSync(path.join(path.dirname(dir), `.partial-v${ACTIONLINT_VERSION}-`));
  try {
    execFileSync("go", ["install", `${ACTIONLINT_MODULE}@v${ACTIONLINT_VERSION}`], {
      // Outside any Go module, so no go.mod or GOFLAGS of the caller's folder applies.
      cwd: os.tmpdir(),
      env: { ...process.env, GOBIN: partial, CGO_ENABLED: "0", GOFLAGS: "" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    fs.mkdirSync(dir, { recursive: true });
    fs.renameSync(path.join(partial, "actionlint"), binary);
  } catch (error) {
    const detail = error.stderr ? String(error.stderr).trim() : error.message;
    throw new Error(`building actionlint v${ACTIONLINT_VERSION} failed:\n${detail}`);
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${binary}`);
  return binary;
}

/** Every *.yml / *.yaml file in the repository's workflow folders, as paths relative to the repository. */
function repositoryWorkflows(root = repoRoot) {
  return WORKFLOW_DIRS.flatMap((dir) => {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) return [];
    return fs
      .readdirSync(full)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => path.join(dir, name));
  });
}

/**
 * Runs actionlint on the given workflow files (relative to `cwd`).
 * @returns {{ ok: boolean, output: string }} output: actionlint's findings (file:line:col: message [rule]).
 */
function lintWorkflows(files, { cwd = repoRoot } = {}) {
  if (files.length === 0) throw new Error("no workflow files to check");
  const result = spawnSync(ensureActionlint(), ["-no-color", "-shellcheck=", "-pyflakes=", ...files], {
    cwd,
    encoding: "utf8",
  });
  if (result.error) throw result.error;
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

module.exports = { ACTIONLINT_VERSION, ensureActionlint, lintWorkflows, repositoryWorkflows };

if (require.main === module) {
  try {
    const files = process.argv.length > 2 ? process.argv.slice(2) : repositoryWorkflows();
    const { ok, output } = lintWorkflows(files);
    if (!ok) {
      process.stderr.write(`${output}\n`);
      log(`${files.length} workflow file(s) checked: problems found (above)`);
      process.exit(1);
    }
    log(`${files.length} workflow file(s) checked, no problems: ${files.join(", ")}`);
  } catch (error) {
    log(`error: ${error.message}`);
    process.exit(1);
  }
}
