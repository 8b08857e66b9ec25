#!/usr/bin/env node
/**
 * Makes this package resolvable by its own name from the repository (node_modules/pulumi-datarobot-batch → ..),
 * the way a user's program resolves it from its node_modules. Pulumi's dynamic-provider process loads the
 * serialized provider with require-from-string, where Node's package self-reference does not apply, so the tests,
 * the demo and the examples need this link. Idempotent.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

function linkSelf() {
  const repoRoot = path.resolve(__dirname, "..");
  const name = require(path.join(repoRoot, "package.json")).name;
  const link = path.join(repoRoot, "node_modules", name);
  try {
    if (fs.realpathSync(link) === fs.realpathSync(repoRoot)) return link;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    // missing: create it below
  }
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(link), repoRoot), link, "dir");
  return link;
}

module.exports = { linkSelf };

if (require.main === module) {
  process.stdout.write(`${linkSelf()}\n`);
}
