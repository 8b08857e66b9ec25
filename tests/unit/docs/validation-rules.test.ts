/** docs/validation-rules.md is generated from the rule registry of the model, and the README links to it. */
import * as fs from "node:fs";
import * as path from "node:path";
import { VALIDATION_RULES_DOC } from "../../../scripts/reference";
import { renderValidationRules } from "../../../scripts/validation-rules";
import { validationRules } from "../../../provider/model/rules";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const doc = fs.readFileSync(VALIDATION_RULES_DOC, "utf8");

describe("docs/validation-rules.md", () => {
  it("is what the rule registry generates (run `npm run docs` after changing the model or provider/model/rules.ts)", () => {
    expect(doc).toBe(renderValidationRules());
  });

  it("has one row per rule, each with its severity", () => {
    const rows = doc.split("\n").filter((line) => /^\| .* \| (\*\*error\*\*|warning) \| /.test(line));
    expect(rows).toHaveLength(validationRules().length);
    const warnings = rows.filter((row) => row.includes(" | warning | "));
    expect(warnings).toHaveLength(validationRules().filter((rule) => rule.severity === "warning").length);
    expect(doc).toContain(
      "| `maxExplanations` | — | usually an integer from 0 to 100; anything else is sent as written | warning | this package: no DataRobot source states it: DataRobot's API reference tables (not readable in any stored copy); the Python SDK and the Terraform provider impose none |",
    );
  });

  it("has no error without a source that says the server rejects the value (or that it can never work)", () => {
    for (const rule of validationRules().filter((r) => r.severity === "error")) {
      // A page of the API reference that could not be read is no such source.
      const sources = rule.sources.filter(
        (s) => !(s.kind === "docs" && s.url.endsWith("public-api/batch_predictions.html")),
      );
      expect([rule.id, sources.length > 0]).toEqual([rule.id, true]);
    }
  });

  it("is linked from the resource reference's Inputs section and from the README", () => {
    const reference = fs.readFileSync(path.join(repoRoot, "docs", "resource-reference.md"), "utf8");
    const inputs = reference.slice(reference.indexOf("### Inputs"), reference.indexOf("<!-- reference:start"));
    expect(inputs).toContain("(validation-rules.md)");
    expect(fs.readFileSync(path.join(repoRoot, "README.md"), "utf8")).toContain("(docs/validation-rules.md)");
  });
});
