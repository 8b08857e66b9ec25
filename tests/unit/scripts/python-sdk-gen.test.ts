/**
 * scripts/python-sdk-gen.js before it builds anything: the schema's `language.python` block decides the module and
 * distribution name, so a schema without it (or a missing schema) stops generation with the property path and the fix.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkPythonLanguage } from "../../../scripts/python-sdk-gen";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const fixture = JSON.parse(
  fs.readFileSync(path.join(repoRoot, "tests", "fixtures", "schema", "datarobot-batch.json"), "utf8"),
);

describe("npm run sdk:python: the schema's language.python block", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-python-schema-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, schema: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(schema));
    return file;
  };

  it("accepts the fixture's block", () => {
    expect(() => checkPythonLanguage(write("ok.json", fixture))).not.toThrow();
  });

  it("names every missing setting and its expected value", () => {
    const file = write("bare.json", { ...fixture, language: {} });
    expect(() => checkPythonLanguage(file)).toThrow(
      `${file}: language.python.packageName must be "pulumi_datarobot_batch" (found undefined); ` +
        "language.python.pyproject.enabled must be true (the wheel is built from pyproject.toml); " +
        'language.python.requires.pulumi must name the Pulumi SDK range, e.g. ">=3.139.0,<4.0.0"',
    );
  });

  it("refuses a package name that would clash with another distribution", () => {
    const file = write("named.json", {
      ...fixture,
      language: { python: { ...fixture.language.python, packageName: "pulumi_datarobot" } },
    });
    expect(() => checkPythonLanguage(file)).toThrow(
      'language.python.packageName must be "pulumi_datarobot_batch" (found "pulumi_datarobot")',
    );
  });

  it("names what to install when the generator is not built and Go is missing", () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "sdkgen-cache-"));
    const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), "empty-path-"));
    try {
      const result = spawnSync(
        process.execPath,
        [path.join(repoRoot, "scripts", "python-sdk-gen.js"), "--schema", write("go.json", fixture), "--out", dir],
        { cwd: repoRoot, encoding: "utf8", env: { PATH: emptyPath, HOME: cache, XDG_CACHE_HOME: cache } },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        "The SDK generator (scripts/codegen/, which generates the Python SDK from the package schema) is not built " +
          "and Go is not available to build it.\nInstall:\n  - Go 1.25 or newer",
      );
      expect(fs.readdirSync(cache)).toEqual([]); // it checks for Go before creating anything
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
      fs.rmSync(emptyPath, { recursive: true, force: true });
    }
  });

  it("stops with the path of a missing schema and the option to pass another", () => {
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, "scripts", "python-sdk-gen.js"), "--schema", "does/not/exist.json"],
      { cwd: repoRoot, encoding: "utf8" },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("the package schema does/not/exist.json does not exist (pass --schema <file>)");
  });
});
