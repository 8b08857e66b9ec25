#!/usr/bin/env node
/**
 * `prepublishOnly`: what `npm publish` runs before packing. It refuses to publish from a git tree with uncommitted or
 * untracked files (what is published must be what a tag points at), then rebuilds `dist/` from scratch so no file of
 * an older build (a module since deleted or renamed) can reach the package.
 *
 * npm runs it with the package folder as the working directory. Library: `checkCleanTree(cwd)`.
 */
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

/**
 * Throws, naming the files, unless `cwd` is inside a git work tree with nothing to commit (ignored files, such as
 * node_modules/ and dist/, do not count).
 */
function checkCleanTree(cwd) {
  let status;
  try {
    status = execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const detail = error.stderr ? String(error.stderr).trim() : error.message;
    throw new Error(
      `refusing to publish: ${cwd} is not a git work tree (${detail}). Publish from a clone of the repository.`,
    );
  }
  const dirty = status.split("\n").filter(Boolean);
  if (dirty.length > 0) {
    const shown = dirty.slice(0, 20).map((line) => `  ${line}`);
    if (dirty.length > shown.length) shown.push(`  … and ${dirty.length - shown.length} more`);
    throw new Error(
      `refusing to publish: the git tree has ${dirty.length} uncommitted or untracked file(s):\n${shown.join("\n")}\n` +
        "Commit or remove them (what is published must be what the release tag points at).",
    );
  }
}

function main(cwd = process.cwd()) {
  checkCleanTree(cwd);
  fs.rmSync(path.join(cwd, "dist"), { recursive: true, force: true });
  execFileSync("npm", ["run", "-s", "build"], { cwd, stdio: "inherit" });
}

module.exports = { checkCleanTree };

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`prepublishOnly: ${error.message}\n`);
    process.exit(1);
  }
}
