#!/usr/bin/env node
/**
 * Packages the native provider plugin as Pulumi installs it: one self-contained executable named
 * `pulumi-resource-datarobot-batch` inside `pulumi-resource-datarobot-batch-v<version>-<os>-<arch>.tar.gz`.
 *
 * 1. esbuild bundles the entry (default dist/plugin/main.js) and everything it imports into one CommonJS file. Inside
 *    a Node single executable `require` loads only built-in modules, so nothing may be left to node_modules.
 * 2. Node's single executable application support (Node 20: `node --experimental-sea-config`) turns the bundle into
 *    a preparation blob, and postject injects it into a copy of the running node binary (process.execPath): the
 *    executable is built for the platform it is built on, with the Node.js that builds it, and nothing is downloaded.
 * 3. The executable, LICENSE and THIRD-PARTY-NOTICES (the license of every bundled package) are packed into the
 *    tarball `pulumi plugin install resource datarobot-batch <version> --file <tarball>` takes.
 *
 * Usage: npm run plugin:package [-- --entry <file>] [--out <dir>] [--version <x.y.z>]
 * Prints progress and the figures (sizes, seconds) on stderr, the tarball's path on stdout.
 * Library: `const { packagePlugin } = require("./scripts/plugin-package")`.
 */
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const repoRoot = path.resolve(__dirname, "..");
const PLUGIN_NAME = "datarobot-batch";
const EXECUTABLE = `pulumi-resource-${PLUGIN_NAME}`;
const DEFAULT_ENTRY = "dist/plugin/main.js";
const DEFAULT_OUT = "build/plugin";
const NOTICES = "THIRD-PARTY-NOTICES";
/** The fuse Node's single-executable support looks for in its binary (Node's documentation, postject step). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
/** Pulumi's plugin tarball names use Go's GOOS/GOARCH words. */
const OS_NAMES = { linux: "linux", darwin: "darwin" };
const ARCH_NAMES = { x64: "amd64", arm64: "arm64" };

/** The `<os>-<arch>` of Pulumi's plugin naming for a Node platform and arch. */
function pluginTarget(platform = process.platform, arch = process.arch) {
  const os = OS_NAMES[platform];
  const goArch = ARCH_NAMES[arch];
  if (!os || !goArch) {
    // Windows would need an .exe name and its own signing step; no release runner builds it.
    throw new Error(
      `the plugin is packaged for linux and darwin on x64 or arm64; this machine is ${platform}-${arch}. ` +
        "Build the tarball on one of those (the release workflow builds linux-amd64, linux-arm64 and darwin-arm64).",
    );
  }
  return `${os}-${goArch}`;
}

function tarballName(version, target) {
  return `${EXECUTABLE}-v${version}-${target}.tar.gz`;
}

function parseArgs(argv) {
  const options = {};
  const names = { "--entry": "entry", "--out": "out", "--version": "version" };
  for (let i = 0; i < argv.length; i++) {
    const name = names[argv[i]];
    if (!name || i + 1 >= argv.length) {
      throw new Error(`unknown or incomplete option ${JSON.stringify(argv[i])}; usage: ${USAGE}`);
    }
    options[name] = argv[++i];
  }
  return options;
}

const USAGE = "plugin-package.js [--entry <file>] [--out <dir>] [--version <x.y.z>]";

function log(message) {
  process.stderr.write(`[plugin] ${message}\n`);
}

/** Runs a command quietly; a failure shows its output. */
function run(command, args, env = process.env) {
  try {
    execFileSync(command, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", env });
  } catch (error) {
    const output = `${error.stdout || ""}${error.stderr || ""}`.trim();
    throw new Error(`\`${path.basename(command)} ${args.join(" ")}\` failed: ${output || error.message}`);
  }
}

/** A path as the user reads it: relative inside the repository, absolute elsewhere. */
function display(file) {
  const relative = path.relative(repoRoot, file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

function megabytes(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Step 1: one CommonJS file holding the entry and every module it imports. */
async function bundle(entry, outfile, version) {
  const esbuild = require("esbuild");
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    format: "cjs",
    // Whitespace and syntax only: identifiers stay, so stack traces in the engine's logs still name functions.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none",
    logLevel: "silent",
    // The metafile lists every bundled file, relative to the repository: thirdPartyNotices reads the packages from it.
    metafile: true,
    absWorkingDir: repoRoot,
    // The version the tarball is named by, for the code that would otherwise read package.json beside itself
    // (provider/client/user-agent.ts): the single executable has none around it.
    define: { __DATAROBOT_BATCH_VERSION__: JSON.stringify(version) },
  });
  // Warnings are about optional code paths of dependencies (e.g. @pulumi/pulumi's Automation API resolving node-gyp);
  // they are shown, not fatal: the tests run the executable, which is what counts.
  for (const warning of result.warnings) {
    const where = warning.location ? `${warning.location.file}:${warning.location.line}: ` : "";
    log(`esbuild warning: ${where}${warning.text}`);
  }
  return result;
}

/**
 * The license of every package the bundle contains, for the tarball: the bundle drops the packages' own files
 * (and their inline legal comments), and their licenses ask that the notice travels with the code.
 */
function thirdPartyNotices(metafile) {
  const packageDirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const at = input.lastIndexOf("node_modules/");
    if (at < 0) continue;
    const [scope, name] = input.slice(at + "node_modules/".length).split("/");
    packageDirs.add(input.slice(0, at + "node_modules/".length) + (scope.startsWith("@") ? `${scope}/${name}` : scope));
  }
  const sections = [...packageDirs]
    .map((dir) => {
      const full = path.join(repoRoot, dir);
      const pkg = JSON.parse(fs.readFileSync(path.join(full, "package.json"), "utf8"));
      const licenseFile = fs.readdirSync(full).find((file) => /^(licen[cs]e|copying|notice)(\.|-|$)/i.test(file));
      const text = licenseFile
        ? fs.readFileSync(path.join(full, licenseFile), "utf8").trim()
        : "(the package ships no license file)";
      return { id: `${pkg.name}@${pkg.version}`, license: pkg.license || "see below", text };
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return (
    `${EXECUTABLE} contains the following ${sections.length} npm packages, bundled, and the Node.js runtime ` +
    `(${process.version}, https://nodejs.org, MIT and the licenses in its LICENSE file).\n\n` +
    sections.map(({ id, license, text }) => `${"=".repeat(80)}\n${id} (${license})\n\n${text}\n`).join("\n")
  );
}

/** Step 2: the single executable, a copy of this node with the bundle injected. */
function buildExecutable(bundleFile, workDir, executable) {
  const blob = path.join(workDir, "sea-prep.blob");
  const config = path.join(workDir, "sea-config.json");
  fs.writeFileSync(
    config,
    JSON.stringify(
      {
        main: bundleFile,
        output: blob,
        // The engine shows a plugin's stderr to the user: Node's "experimental feature" warning would be noise there.
        disableExperimentalSEAWarning: true,
        // V8's code cache for the bundle: the executable starts faster (the cache fits only this node, which it is).
        useCodeCache: true,
      },
      null,
      2,
    ),
  );
  run(process.execPath, ["--experimental-sea-config", config]);
  fs.copyFileSync(process.execPath, executable);
  fs.chmodSync(executable, 0o755);
  const darwin = process.platform === "darwin";
  // macOS refuses to run a signed binary whose contents changed: drop node's signature, inject, sign ad hoc.
  if (darwin) run("codesign", ["--remove-signature", executable]);
  // postject's command line, in a child process: its ELF library prints harmless "Can't find string offset for
  // section name" warnings straight to the terminal, which are kept for the error message instead.
  run(process.execPath, [
    require.resolve("postject/dist/cli.js"),
    executable,
    "NODE_SEA_BLOB",
    blob,
    "--sentinel-fuse",
    SEA_FUSE,
    ...(darwin ? ["--macho-segment-name", "NODE_SEA"] : []),
  ]);
  if (darwin) run("codesign", ["--sign", "-", executable]);
}

/**
 * Builds the executable and the tarball.
 * @param {{entry?: string, out?: string, version?: string}} options paths relative to the repository root
 * @returns {Promise<{tarball: string, executable: string, bundle: string, version: string, target: string,
 *   bundleBytes: number, executableBytes: number, tarballBytes: number, seconds: number, bundleSeconds: number,
 *   executableSeconds: number, tarballSeconds: number}>}
 */
async function packagePlugin(options = {}) {
  const started = Date.now();
  const entry = path.resolve(repoRoot, options.entry || DEFAULT_ENTRY);
  const out = path.resolve(repoRoot, options.out || DEFAULT_OUT);
  const version = options.version || require(path.join(repoRoot, "package.json")).version;
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    throw new Error(`--version ${JSON.stringify(version)} is not a semantic version such as 1.2.3 or 1.2.3-rc.1`);
  }
  const target = pluginTarget();
  if (!fs.existsSync(entry)) {
    const hint =
      options.entry === undefined ? " (run `npm run build` first, or pass --entry <file>)" : " (check --entry)";
    throw new Error(`the plugin entry ${display(entry)} does not exist${hint}`);
  }
  const workDir = path.join(out, `${EXECUTABLE}-${target}`);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(workDir, "package"), { recursive: true });

  const bundleFile = path.join(workDir, "bundle.js");
  let stepStarted = Date.now();
  const elapsed = () => {
    const seconds = (Date.now() - stepStarted) / 1000;
    stepStarted = Date.now();
    return seconds;
  };
  const { metafile } = await bundle(entry, bundleFile, version);
  const bundleSeconds = elapsed();
  const bundleBytes = fs.statSync(bundleFile).size;
  log(`bundled ${display(entry)} into ${megabytes(bundleBytes)} (${display(bundleFile)})`);

  const executable = path.join(workDir, "package", EXECUTABLE);
  buildExecutable(bundleFile, workDir, executable);
  const executableSeconds = elapsed();
  const executableBytes = fs.statSync(executable).size;
  log(`built ${EXECUTABLE} with Node.js ${process.version} (${megabytes(executableBytes)})`);

  fs.copyFileSync(path.join(repoRoot, "LICENSE"), path.join(workDir, "package", "LICENSE"));
  fs.writeFileSync(path.join(workDir, "package", NOTICES), thirdPartyNotices(metafile));
  const tarball = path.join(out, tarballName(version, target));
  // Files at the top of the archive, as Pulumi's plugin tarballs have them.
  // COPYFILE_DISABLE: macOS's tar would otherwise add `._<name>` entries holding the files' extended attributes
  // (quarantine, provenance), which would land in the plugin's folder.
  run("tar", ["-czf", tarball, "-C", path.join(workDir, "package"), EXECUTABLE, "LICENSE", NOTICES], {
    ...process.env,
    COPYFILE_DISABLE: "1",
  });
  const tarballBytes = fs.statSync(tarball).size;
  const tarballSeconds = elapsed();
  const seconds = (Date.now() - started) / 1000;
  log(
    `packed ${display(tarball)} (${megabytes(tarballBytes)}) in ${seconds.toFixed(1)} s ` +
      `(bundle ${bundleSeconds.toFixed(1)} s, executable ${executableSeconds.toFixed(1)} s, ` +
      `tarball ${tarballSeconds.toFixed(1)} s)`,
  );
  return {
    tarball,
    executable,
    bundle: bundleFile,
    version,
    target,
    bundleBytes,
    executableBytes,
    tarballBytes,
    seconds,
    bundleSeconds,
    executableSeconds,
    tarballSeconds,
  };
}

module.exports = { packagePlugin, pluginTarget, tarballName, parseArgs, EXECUTABLE, PLUGIN_NAME, DEFAULT_ENTRY };

if (require.main === module) {
  Promise.resolve()
    .then(() => packagePlugin(parseArgs(process.argv.slice(2))))
    .then((result) => process.stdout.write(`${result.tarball}\n`))
    .catch((error) => {
      log(`error: ${error.message}`);
      process.exit(1);
    });
}
