#!/usr/bin/env node
/**
 * Checks a packed or installed package folder for what `npm publish` could ship broken while every test inside the
 * repository passes:
 *  - every entry point package.json names (main, types, exports, typesVersions, bin) exists;
 *  - every relative require() of a shipped .js file, and every relative import of a shipped .d.ts file, resolves to
 *    a shipped file (a file left out of `files` breaks the module that loads it, often far from the entry point);
 *  - every package a shipped .js file requires, or a shipped .d.ts file imports, is a dependency or peer dependency
 *    (a package listed under devDependencies is absent from a user's install);
 *  - bin files start with a node shebang;
 *  - LICENSE and README.md are shipped.
 * Each problem names the missing file and the file that needs it.
 *
 * Usage: `node scripts/package-check.js <package folder>` (e.g. node_modules/pulumi-datarobot-batch of a user project,
 * or a tarball unpacked with `tar -xzf`). Library: `checkPackageDir(dir)` → list of problems.
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { builtinModules } = require("node:module");

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function walk(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : walk(full, base);
    return [path.relative(base, full).split(path.sep).join("/")];
  });
}

/** The commands package.json's `bin` installs, by name (a string `bin` is named after the package). */
function binsOf(pkg) {
  return typeof pkg.bin === "string" ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});
}

/** Every file path a package.json field points at (exports conditions flattened), with the field that names it. */
function entryPoints(pkg) {
  const entries = [];
  const add = (field, target) => {
    if (typeof target === "string") entries.push({ field, target });
    else if (Array.isArray(target)) target.forEach((t, i) => add(`${field}[${i}]`, t));
    else if (target && typeof target === "object") {
      for (const [key, value] of Object.entries(target)) {
        add(/^[A-Za-z_$][\w$]*$/.test(key) ? `${field}.${key}` : `${field}[${JSON.stringify(key)}]`, value);
      }
    }
  };
  add("main", pkg.main);
  add("types", pkg.types);
  add("typings", pkg.typings);
  add("exports", pkg.exports);
  add("typesVersions", pkg.typesVersions);
  add("bin", binsOf(pkg));
  return entries.filter((e) => !e.target.includes("*"));
}

/** Module specifiers of require() calls in compiled JavaScript and of import/export ... from in declarations. */
function specifiers(text, kind) {
  const found = new Set();
  const patterns =
    kind === "js"
      ? [/\brequire\(\s*["']([^"']+)["']\s*\)/g]
      : [/\bfrom\s+["']([^"']+)["']/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g, /^\s*import\s+["']([^"']+)["']/gm];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

/** The package name of a bare specifier: "@pulumi/pulumi/automation" → "@pulumi/pulumi", "zod/v4" → "zod". */
function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Candidate files for a relative specifier, in Node's (or TypeScript's, for declarations) lookup order. */
function candidates(fromFile, specifier, kind) {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  if (kind === "js") return [base, `${base}.js`, `${base}.json`, `${base}/index.js`];
  const stem = base.replace(/\.js$/, "");
  return [`${stem}.d.ts`, `${stem}/index.d.ts`, base];
}

/** The file a failed lookup most likely wanted: the folder's index when the folder still ships other files. */
function expected(options, files, kind) {
  const index = options.find((candidate) => /\/index\.(js|d\.ts)$/.test(candidate));
  const folder = index.slice(0, index.lastIndexOf("/") + 1);
  if ([...files].some((file) => file.startsWith(folder))) return index;
  if (kind !== "js") return options[0];
  return /\.(c?js|json)$/.test(options[0]) ? options[0] : options[1]; // "./lib.js" as written, "./lib" + ".js"
}

/**
 * @param {string} dir a package folder (with package.json)
 * @returns {string[]} problems, one sentence each; empty when the package is complete
 */
function checkPackageDir(dir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const files = new Set(walk(dir));
  const problems = [];
  const missing = (file, neededBy) =>
    problems.push(`missing ${file}, needed by ${neededBy}: add it to "files" in package.json (or fix the build)`);

  for (const { field, target } of entryPoints(pkg)) {
    const file = path.posix.normalize(target);
    if (!files.has(file)) missing(file, `package.json ${field}`);
  }
  for (const required of ["README.md", "LICENSE"]) {
    if (!files.has(required))
      missing(required, "every published package (npm shows the README; the license requires its text)");
  }

  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  for (const file of [...files].sort()) {
    const kind = file.endsWith(".d.ts") ? "dts" : file.endsWith(".js") ? "js" : undefined;
    if (!kind) continue;
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    for (const specifier of specifiers(text, kind)) {
      if (specifier.startsWith(".")) {
        const options = candidates(file, specifier, kind);
        if (!options.some((candidate) => files.has(candidate)))
          missing(expected(options, files, kind), `${file} ("${specifier}")`);
      } else if (
        !BUILTINS.has(specifier) &&
        packageName(specifier) !== pkg.name &&
        !declared.has(packageName(specifier))
      ) {
        problems.push(
          `${file} loads "${specifier}", but ${packageName(specifier)} is not in dependencies or peerDependencies ` +
            "(a user's install would not have it)",
        );
      }
    }
  }

  for (const [name, target] of Object.entries(binsOf(pkg))) {
    const file = path.posix.normalize(target);
    if (files.has(file) && !fs.readFileSync(path.join(dir, file), "utf8").startsWith("#!/usr/bin/env node")) {
      problems.push(`bin "${name}" (${file}) does not start with "#!/usr/bin/env node": npm's shim could not run it`);
    }
  }
  return problems;
}

module.exports = { checkPackageDir };

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write("usage: node scripts/package-check.js <package folder>\n");
    process.exit(2);
  }
  const problems = checkPackageDir(path.resolve(dir));
  if (problems.length > 0) {
    process.stderr.write(
      `package-check: ${problems.length} problem(s) in ${dir}:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`package-check: ${dir} is complete\n`);
}
