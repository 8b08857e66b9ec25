/**
 * The README speaks for the project, so it is tested like code:
 *  - every TypeScript block compiles against this package's real types;
 *  - the resource reference is exactly what the zod model generates;
 *  - the quick start's test command is what CI runs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { readmeWithReference } from "../../../scripts/reference";

jest.setTimeout(60_000);

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");

function codeBlocks(markdown: string, language: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp("^```" + language + "\\n([\\s\\S]*?)^```", "gm");
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) blocks.push(match[1]);
  return blocks;
}

describe("README.md", () => {
  it("has TypeScript programs that compile against the package's types", () => {
    const blocks = codeBlocks(readme, "ts");
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const dir = path.join(repoRoot, ".e2e", "readme-blocks");
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    // Each block is its own ES module (top-level await allowed), importing the package by name.
    const files = blocks.map((code, i) => {
      const file = path.join(dir, `block-${i + 1}.ts`);
      fs.writeFileSync(file, `${code}\nexport {};\n`);
      return file;
    });
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
      baseUrl: repoRoot,
      paths: {
        "pulumi-datarobot-batch": ["sdk/index.ts"],
        "pulumi-datarobot-batch/emulator": ["emulator/index.ts"],
        "pulumi-datarobot-batch/provider": ["provider/index.ts"],
      },
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.includes(path.resolve(d.file.fileName)))
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${path.basename(d.file!.fileName)}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });

  it("holds the resource reference the zod model generates (run `npm run docs` after changing the model)", () => {
    expect(readmeWithReference(readme)).toBe(readme);
  });

  it("documents every payload field in the reference", () => {
    const { JOB_DEFINITION_FIELDS } = require("../../../provider/model") as typeof import("../../../provider/model");
    for (const field of JOB_DEFINITION_FIELDS) expect(readme).toContain(`| \`${field}\` |`);
  });

  it("gives two quick-start command lines, and CI runs the test one", () => {
    const quickStart = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("## Use it in your program"));
    const commands = codeBlocks(quickStart, "bash")[0]
      .split("\n")
      .map((line) => line.replace(/#.*$/, "").trim())
      .filter(Boolean);
    expect(commands).toEqual(["npm ci && npm run demo", "npm ci && npm test"]);
    const ci = fs.readFileSync(path.join(repoRoot, ".ci", "run"), "utf8");
    expect(ci).toMatch(/^npm ci\b.*$/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
