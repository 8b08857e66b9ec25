/**
 * The GitHub Actions workflows (the release workflow, and the pipeline example's that users copy) pass actionlint, the
 * check `npm test` runs (scripts/actionlint.js); and that check does fail on a broken workflow.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { lintWorkflows, repositoryWorkflows } from "../../scripts/actionlint";

jest.setTimeout(180_000); // the first run builds actionlint from its Go module

describe("GitHub Actions workflows", () => {
  it("the repository's workflows pass actionlint", () => {
    const files = repositoryWorkflows();
    expect(files).toEqual([
      ".github/workflows/release.yml",
      "examples/pipeline/.github/workflows/deploy-and-score.yml",
    ]);
    expect(lintWorkflows(files)).toEqual({ ok: true, output: "" });
  });

  it("a broken workflow fails the check, with file, line and reason", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-"));
    try {
      const release = fs.readFileSync(
        path.resolve(__dirname, "..", "..", ".github", "workflows", "release.yml"),
        "utf8",
      );
      // A job that needs a job that does not exist, and an expression with an unknown context.
      const broken = release
        .replace("needs: test", "needs: tests")
        .replace("${{ github.token }}", "${{ gihtub.token }}");
      fs.writeFileSync(path.join(dir, "release.yml"), broken);
      const result = lintWorkflows(["release.yml"], { cwd: dir });
      expect(result.ok).toBe(false);
      expect(result.output).toMatch(/^release\.yml:\d+:\d+: job "\w+" needs job "tests" which does not exist/m);
      expect(result.output).toMatch(/^release\.yml:\d+:\d+: undefined variable "gihtub"/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
