/**
 * scripts/changelog-section.js: the body of the GitHub release the release workflow creates.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { changelogSection } from "../../../scripts/changelog-section";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

const SAMPLE = `# Changelog

Intro text.

## [Unreleased]

### Added

- Something new.

## [1.2.0] - 2026-03-01

### Changed

- A change.
  continued on a second line.

### Fixed

- A fix.

## [1.1.0] - 2026-01-01

- Older.

[Unreleased]: https://example.com/compare/v1.2.0...HEAD
[1.2.0]: https://example.com/releases/tag/v1.2.0
[1.1.0]: https://example.com/releases/tag/v1.1.0
`;

describe("changelogSection", () => {
  it("returns a version's section without its heading, up to the next version", () => {
    expect(changelogSection(SAMPLE, "1.2.0")).toBe(
      "### Changed\n\n- A change.\n  continued on a second line.\n\n### Fixed\n\n- A fix.",
    );
  });

  it("accepts a tag name (leading v) and stops at the link references of the last section", () => {
    expect(changelogSection(SAMPLE, "v1.1.0")).toBe("- Older.");
  });

  it("reads the Unreleased section too", () => {
    expect(changelogSection(SAMPLE, "Unreleased")).toBe("### Added\n\n- Something new.");
  });

  it("names the version and the sections present when the version has none", () => {
    expect(() => changelogSection(SAMPLE, "1.3.0")).toThrow(
      'CHANGELOG.md has no section for version 1.3.0 (sections: Unreleased, 1.2.0, 1.1.0). Add "## [1.3.0] - YYYY-MM-DD"',
    );
    // A version that is only a prefix of another is not that version.
    expect(() => changelogSection(SAMPLE, "1.2")).toThrow("no section for version 1.2 ");
  });

  it("refuses an empty section", () => {
    expect(() => changelogSection("## [2.0.0] - 2026-05-05\n\n## [1.0.0]\n\n- x\n", "2.0.0")).toThrow(
      "CHANGELOG.md's section for version 2.0.0 is empty",
    );
  });
});

describe("the repository's CHANGELOG.md", () => {
  const text = fs.readFileSync(path.join(repoRoot, "CHANGELOG.md"), "utf8");

  it("has a section for the version in package.json, so tagging it can release", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    expect(text).toMatch(new RegExp(`^## \\[${version.replace(/\./g, "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}$`, "m"));
    expect(changelogSection(text, version)).toContain("### Added");
  });

  it("starts with an Unreleased section and links every version", () => {
    const headings = [...text.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
    expect(headings[0]).toBe("Unreleased");
    for (const heading of headings)
      expect(text).toMatch(new RegExp(`^\\[${heading.replace(/\./g, "\\.")}\\]: https://`, "m"));
  });
});

describe("node scripts/changelog-section.js", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(repoRoot, "scripts", "changelog-section.js"), ...args], {
      encoding: "utf8",
    });

  it("prints the section of the given tag", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "changelog-"));
    try {
      fs.writeFileSync(path.join(dir, "CHANGELOG.md"), SAMPLE);
      const result = run("v1.1.0", path.join(dir, "CHANGELOG.md"));
      expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: "- Older.\n" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 1 with the reason for a version without a section, 2 without arguments", () => {
    const missing = run("9.9.9");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("changelog-section: CHANGELOG.md has no section for version 9.9.9");
    expect(missing.stdout).toBe("");
    expect(run().status).toBe(2);
  });
});
