/**
 * The README and docs/ speak for the project, so they are tested like code:
 *  - every TypeScript block compiles against this package's real types;
 *  - the resource reference (docs/resource-reference.md) is exactly what the zod model generates;
 *  - the quick start's test command is what CI runs;
 *  - every relative link and #anchor resolves;
 *  - nothing cites a file outside the repository or the unpublished reference the code once cited.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { REFERENCE_DOC, withReference } from "../../../scripts/reference";
import { anchorsOf, codeBlocks, linksOf } from "../helpers";

jest.setTimeout(60_000);

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");
const readme = read("README.md");

/** The user and maintainer documentation: what the link check and the block compiler cover. */
const DOCS = [
  "README.md",
  "CONTRIBUTING.md",
  "CHANGELOG.md",
  "emulator/README.md",
  "provider/model/README.md",
  "bench/README.md",
  ...fs
    .readdirSync(path.join(repoRoot, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
  ...fs
    .readdirSync(path.join(repoRoot, "examples"))
    .map((dir) => `examples/${dir}/README.md`)
    .filter((f) => fs.existsSync(path.join(repoRoot, f))),
].filter((f) => fs.existsSync(path.join(repoRoot, f)));

describe("README.md and docs/", () => {
  it("have TypeScript programs that compile against the package's types", () => {
    const blocks = DOCS.flatMap((doc) => codeBlocks(read(doc), "ts").map((code) => ({ doc, code })));
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    const dir = path.join(repoRoot, ".e2e", "readme-blocks");
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    // Each block is its own ES module (top-level await allowed), importing the package by name.
    const files = blocks.map(({ doc, code }, i) => {
      const file = path.join(dir, `${doc.replace(/[/.]/g, "_")}-block-${i + 1}.ts`);
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

  it(`hold the resource reference the zod model generates in ${REFERENCE_DOC} (run \`npm run docs\` after changing the model)`, () => {
    const doc = read(REFERENCE_DOC);
    expect(withReference(doc)).toBe(doc);
  });

  it("document every payload field in the reference", () => {
    const { JOB_DEFINITION_FIELDS } = require("../../../provider/model") as typeof import("../../../provider/model");
    const doc = read(REFERENCE_DOC);
    for (const field of JOB_DEFINITION_FIELDS) expect(doc).toContain(`| \`${field}\` |`);
  });

  it("give two quick-start command lines, and CI runs the test one", () => {
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

  it("link only to files and #anchors that exist", () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      for (const { target, line } of linksOf(read(doc))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
        const [file, anchor] = target.split("#", 2);
        const resolved = file ? path.posix.normalize(path.posix.join(path.posix.dirname(doc), file)) : doc;
        const where = `${doc}:${line}: ${target}`;
        if (resolved.startsWith("..") || !fs.existsSync(path.join(repoRoot, resolved))) {
          broken.push(`${where} (no such file)`);
          continue;
        }
        if (anchor === undefined) continue;
        if (!resolved.endsWith(".md")) {
          broken.push(`${where} (an anchor into a file that is not Markdown)`);
          continue;
        }
        if (!anchorsOf(read(resolved)).has(anchor)) broken.push(`${where} (no heading with this anchor)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("cite docs/datarobot-api.md, never a file outside the repository", () => {
    const offenders: string[] = [];
    const scan = (rel: string) => {
      const full = path.join(repoRoot, rel);
      if (fs.statSync(full).isDirectory()) {
        for (const entry of fs.readdirSync(full)) if (entry !== "node_modules") scan(path.posix.join(rel, entry));
        return;
      }
      if (!/\.(ts|js|mjs|md|sh|yml|yaml|json)$/.test(rel)) return;
      read(rel)
        .split("\n")
        .forEach((text, i) => {
          if (/\/work\/|shared\/reference|spec §|\[UNC\]/.test(text)) offenders.push(`${rel}:${i + 1}: ${text.trim()}`);
        });
    };
    for (const dir of ["provider", "sdk", "emulator", "scripts", "bench", "tests", "examples", "docs"]) scan(dir);
    for (const file of ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "jest.config.js"]) scan(file);
    // This test names the patterns it looks for.
    expect(offenders.filter((o) => !o.startsWith("tests/unit/docs/"))).toEqual([]);
  });
});
