#!/usr/bin/env node
/**
 * Prints one version's section of CHANGELOG.md (Keep a Changelog format), without its heading: the body of the
 * GitHub release the release workflow creates.
 *
 * Usage: `node scripts/changelog-section.js <version> [CHANGELOG.md]` (a leading "v" is ignored, so a tag works).
 * Exits 1 with a message naming the version when the changelog has no section for it, or only an empty one: a release
 * without release notes is a mistake to stop at, not to publish.
 * Library: `const { changelogSection } = require("./scripts/changelog-section")`.
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");

/** A version heading: `## [1.2.3] - 2026-01-31` or `## 1.2.3 - ...` or `## [Unreleased]`. */
const HEADING = /^## \[?([^\]\s]+)\]?(?:\s|$)/;

/**
 * Returns the section of `version` (the lines between its `## ` heading and the next `## ` heading or link
 * reference definitions at the end), trimmed.
 * @param {string} text the changelog
 * @param {string} version e.g. "0.1.0" or "v0.1.0"
 */
function changelogSection(text, version) {
  const wanted = version.replace(/^v/, "");
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => HEADING.exec(line)?.[1] === wanted);
  if (start === -1) {
    const known = lines.map((line) => HEADING.exec(line)?.[1]).filter(Boolean);
    throw new Error(
      `CHANGELOG.md has no section for version ${wanted} (sections: ${known.join(", ") || "none"}). ` +
        `Add "## [${wanted}] - YYYY-MM-DD" with this release's changes (move them from "Unreleased").`,
    );
  }
  const body = [];
  for (const line of lines.slice(start + 1)) {
    // The next version, or the link references Keep a Changelog puts at the end ([0.1.0]: https://...).
    if (line.startsWith("## ") || /^\[[^\]]+\]:\s/.test(line)) break;
    body.push(line);
  }
  const section = body.join("\n").trim();
  if (!section) throw new Error(`CHANGELOG.md's section for version ${wanted} is empty: list this release's changes.`);
  return section;
}

module.exports = { changelogSection };

if (require.main === module) {
  const [version, file = path.join(__dirname, "..", "CHANGELOG.md")] = process.argv.slice(2);
  if (!version) {
    process.stderr.write("usage: node scripts/changelog-section.js <version> [CHANGELOG.md]\n");
    process.exit(2);
  }
  try {
    process.stdout.write(`${changelogSection(fs.readFileSync(file, "utf8"), version)}\n`);
  } catch (error) {
    process.stderr.write(`changelog-section: ${error.message}\n`);
    process.exit(1);
  }
}
