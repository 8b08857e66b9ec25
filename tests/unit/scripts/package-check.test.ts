/**
 * scripts/package-check.js on small synthetic packages: each kind of problem a published package can have is found
 * and named with the file that needs it. (tests/e2e/packaging.test.ts runs it on the real tarball, and on one packed
 * with a built file left out of `files`.)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkPackageDir } from "../../../scripts/package-check";

let dir: string;

function write(files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

const PKG = {
  name: "pkg",
  main: "dist/index.js",
  types: "dist/index.d.ts",
  exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./sub": "./dist/sub/index.js" },
  typesVersions: { "*": { sub: ["./dist/sub/index.d.ts"] } },
  bin: { tool: "dist/cli.js" },
  dependencies: { zod: "3.0.0" },
  peerDependencies: { "@pulumi/pulumi": "^3" },
  devDependencies: { axios: "1.0.0" },
};

/** A complete package: every check passes. */
const COMPLETE = {
  "package.json": JSON.stringify(PKG),
  "README.md": "# pkg",
  LICENSE: "license text",
  "dist/index.js":
    'const z = require("zod");\nconst a = require("@pulumi/pulumi/automation");\nrequire("node:fs");\nrequire("./lib");\n',
  "dist/index.d.ts": 'export * from "./lib";\nimport type { Output } from "@pulumi/pulumi";\n',
  "dist/lib.js": 'require("path");\nrequire("pkg/sub");\n',
  "dist/lib.d.ts": "export declare const x: number;\n",
  "dist/sub/index.js": 'module.exports = require("../lib.js");\n',
  "dist/sub/index.d.ts": 'export { x } from "../lib";\n',
  "dist/cli.js": '#!/usr/bin/env node\nrequire("./sub");\n',
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "package-check-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("checkPackageDir", () => {
  it("finds nothing wrong with a complete package (builtins, peer dependencies, self-references, folder imports)", () => {
    write(COMPLETE);
    expect(checkPackageDir(dir)).toEqual([]);
  });

  it("names a missing module with every file that loads it, and the folder index when the folder still ships", () => {
    write(COMPLETE);
    fs.rmSync(path.join(dir, "dist", "lib.js"));
    fs.rmSync(path.join(dir, "dist", "sub", "index.d.ts"));
    const hint = 'add it to "files" in package.json (or fix the build)';
    expect(checkPackageDir(dir)).toEqual([
      `missing dist/sub/index.d.ts, needed by package.json typesVersions["*"].sub[0]: ${hint}`,
      `missing dist/lib.js, needed by dist/index.js ("./lib"): ${hint}`,
      `missing dist/lib.js, needed by dist/sub/index.js ("../lib.js"): ${hint}`,
    ]);
  });

  it("names entry points that are missing, README and LICENSE included", () => {
    write(COMPLETE);
    for (const file of ["dist/cli.js", "dist/index.d.ts", "LICENSE"]) fs.rmSync(path.join(dir, file));
    expect(checkPackageDir(dir).map((p) => p.split(":")[0])).toEqual([
      "missing dist/index.d.ts, needed by package.json types",
      'missing dist/index.d.ts, needed by package.json exports["."].types',
      "missing dist/cli.js, needed by package.json bin.tool",
      "missing LICENSE, needed by every published package (npm shows the README; the license requires its text)",
    ]);
  });

  it("names a package loaded by shipped code that a user's install would not have (a devDependency)", () => {
    write({
      ...COMPLETE,
      "dist/lib.js": 'require("axios");\n',
      "dist/lib.d.ts": 'import type { AxiosError } from "axios";\n',
    });
    expect(checkPackageDir(dir)).toEqual([
      'dist/lib.d.ts loads "axios", but axios is not in dependencies or peerDependencies (a user\'s install would not have it)',
      'dist/lib.js loads "axios", but axios is not in dependencies or peerDependencies (a user\'s install would not have it)',
    ]);
  });

  it("names a bin without a node shebang", () => {
    write({ ...COMPLETE, "dist/cli.js": 'require("./sub");\n' });
    expect(checkPackageDir(dir)).toEqual([
      'bin "tool" (dist/cli.js) does not start with "#!/usr/bin/env node": npm\'s shim could not run it',
    ]);
  });
});
