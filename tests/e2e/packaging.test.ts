/**
 * The package as users get it: `npm pack` (what `npm publish` uploads), installed from the tarball into a fresh project
 * outside the repository next to the user's own `@pulumi/pulumi`, then
 *  - checked for missing files and undeclared dependencies (scripts/package-check.js), and by publint and
 *    "are the types wrong" on the tarball;
 *  - type-checked with the installed declarations under Pulumi's TypeScript template (`moduleResolution: node`), `node16`
 *    and `bundler`: a program importing every public name of every entry point, and a deployment script;
 *  - used: the deployment script deploys, runs and destroys a definition through the real engine against the emulator
 *    of the installed package.
 * Every other test loads the package from the repository; this one alone sees what `files`, `exports` and
 * `dependencies` really ship. Needs `npm run build` first (as `npm test` and `npm run test:e2e` do).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkPackageDir } from "../../scripts/package-check";
import { ENTRY_POINTS, importEveryExport, publicExports, type PublicExports, repoRoot } from "./helpers";

jest.setTimeout(180_000);

const rootPkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
const bin = (name: string) => path.join(repoRoot, "node_modules", ".bin", name);
const FIXTURE = path.join(__dirname, "fixtures", "packaging", "deploy.ts");

/** Pulumi's TypeScript project template, with the module settings of each resolution mode. */
const RESOLUTION_MODES: Record<string, { module: string; moduleResolution: string }> = {
  node: { module: "commonjs", moduleResolution: "node" },
  node16: { module: "node16", moduleResolution: "node16" },
  bundler: { module: "esnext", moduleResolution: "bundler" },
};

let tmp: string;
let tarball: string;
let packedFiles: string[];
let project: string;
let installed: string;
let api: Map<string, PublicExports>;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim(), stdout: result.stdout };
}

/** `npm pack` of `dir` into `dest`: the tarball's path and the files it holds. */
function pack(dir: string, dest: string): { tarball: string; files: string[] } {
  const out = execFileSync("npm", ["pack", "--pack-destination", dest, "--json"], { cwd: dir, encoding: "utf8" });
  const [report] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(dest, report.filename), files: report.files.map((f) => f.path).sort() };
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-datarobot-batch-packaging-"));
  ({ tarball, files: packedFiles } = pack(repoRoot, tmp));
  project = path.join(tmp, "user-project");
  fs.mkdirSync(project);
  const pulumiVersion = JSON.parse(
    fs.readFileSync(path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
  ).version;
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify(
      {
        name: "packaging-user",
        private: true,
        dependencies: { "@pulumi/pulumi": pulumiVersion, [rootPkg.name]: `file:${tarball}` },
        devDependencies: { "@types/node": rootPkg.devDependencies["@types/node"] },
      },
      null,
      2,
    ),
  );
  // From npm's cache when it holds everything (it does after `npm ci` in the repository), else from the registry.
  const install = run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], project);
  if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.output}`);
  installed = path.join(project, "node_modules", rootPkg.name);
  api = publicExports();
  fs.copyFileSync(FIXTURE, path.join(project, "deploy.ts"));
  fs.writeFileSync(path.join(project, "exports.ts"), importEveryExport(api));
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("is installed from the tarball into a project outside the repository, as a copy", () => {
    expect(path.relative(repoRoot, project).startsWith("..")).toBe(true);
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")).version).toBe(rootPkg.version);
  });

  it("ships the build, README, LICENSE and package.json, and nothing else", () => {
    const outside = packedFiles.filter((f) => !f.startsWith("dist/"));
    expect(outside).toEqual(["LICENSE", "README.md", "package.json"]);
    expect(packedFiles.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(packedFiles.some((f) => f.includes("test"))).toBe(false);
  });

  it("has every file its entry points and modules load, and declares every package they load", () => {
    expect(checkPackageDir(installed)).toEqual([]);
  });

  it("passes publint and arethetypeswrong (every entry point under node10, node16 CJS/ESM and bundler)", () => {
    const publint = run(bin("publint"), ["run", tarball, "--strict"], tmp);
    expect({ status: publint.status, output: publint.output }).toMatchObject({ status: 0 });
    expect(publint.output).not.toMatch(/Suggestions|Warnings|Errors/);
    const attw = run(bin("attw"), [tarball, "--format", "table-flipped"], tmp);
    expect({ status: attw.status, output: attw.output }).toMatchObject({ status: 0 });
    expect(attw.output).toMatch(/No problems found/);
  });

  it("exports at runtime every value its sources export, from every entry point", () => {
    const script = `const out = {}; for (const s of ${JSON.stringify(ENTRY_POINTS.map((e) => e.specifier))}) out[s] = Object.keys(require(s)).sort(); console.log(JSON.stringify(out));`;
    const result = run("node", ["-e", script], project);
    expect(result.status).toBe(0);
    const runtime = JSON.parse(result.stdout) as Record<string, string[]>;
    for (const [specifier, { values }] of api)
      expect({ specifier, names: runtime[specifier] }).toEqual({ specifier, names: values });
  });

  it.each(Object.keys(RESOLUTION_MODES))(
    "type-checks a program using every public name and the deployment script, moduleResolution %s",
    (mode) => {
      const compilerOptions = {
        strict: true,
        outDir: "bin",
        target: "es2020",
        ...RESOLUTION_MODES[mode],
        sourceMap: true,
        experimentalDecorators: true,
        pretty: false,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
        noEmit: mode !== "node", // the template's mode also builds the script the next test runs
      };
      const config = `tsconfig.${mode}.json`;
      fs.writeFileSync(
        path.join(project, config),
        JSON.stringify({ compilerOptions, files: ["deploy.ts", "exports.ts"] }),
      );
      // The repository's compiler; every declaration it reads comes from the project's node_modules.
      const tsc = run("node", [path.join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", config], project);
      expect({ mode, status: tsc.status, output: tsc.output }).toEqual({ mode, status: 0, output: "" });
    },
  );

  it("deploys, runs and destroys a definition through the real engine, loading only the installed package", () => {
    const compiled = path.join(project, "bin", "deploy.js");
    expect(fs.existsSync(compiled)).toBe(true); // built by the moduleResolution node type check above
    const result = run("node", [compiled], project);
    expect({ status: result.status, output: result.status === 0 ? "" : result.output }).toEqual({
      status: 0,
      output: "",
    });
    const report = JSON.parse(result.stdout.trim().split("\n").pop()!);
    for (const resolved of Object.values(report.resolved as Record<string, string>)) {
      expect(resolved.startsWith(`${installed}${path.sep}`)).toBe(true);
    }
    expect(report).toMatchObject({
      up: { create: 3 }, // the stack, the definition, the run
      smokeStatus: "COMPLETED",
      stored: { name: "packaging-nightly" },
      run: { status: "COMPLETED" },
      cli: { exitCode: 0, outcome: "COMPLETED", definitionId: report.stored.id },
      destroy: { delete: 3 },
      remaining: 0,
    });
  });
});

describe("a package with a built file left out of `files`", () => {
  let stage: string;
  let broken: { tarball: string; files: string[] };
  let unpacked: string;
  const DROPPED = "dist/provider/run/run.js";

  beforeAll(() => {
    // A copy of what `npm pack` reads, with one exclusion added to `files`.
    stage = path.join(tmp, "stage");
    fs.mkdirSync(stage);
    for (const name of ["README.md", "LICENSE"]) fs.copyFileSync(path.join(repoRoot, name), path.join(stage, name));
    fs.cpSync(path.join(repoRoot, "dist"), path.join(stage, "dist"), { recursive: true });
    const pkg = { ...rootPkg, files: [...rootPkg.files, `!${DROPPED}`], scripts: {} };
    fs.writeFileSync(path.join(stage, "package.json"), JSON.stringify(pkg, null, 2));
    fs.mkdirSync(path.join(tmp, "broken"));
    broken = pack(stage, path.join(tmp, "broken"));
    unpacked = path.join(tmp, "broken", "unpacked");
    fs.mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", broken.tarball, "-C", unpacked]);
  });

  it("packs without the file", () => {
    expect(broken.files).not.toContain(DROPPED);
    expect(broken.files).toContain("dist/sdk/run/many.js");
  });

  it("fails the check, naming the missing file and each module that loads it", () => {
    const result = run(
      "node",
      [path.join(repoRoot, "scripts", "package-check.js"), path.join(unpacked, "package")],
      tmp,
    );
    expect(result.status).toBe(1);
    const hint = `add it to "files" in package.json (or fix the build)`;
    expect(result.output.split("\n").filter((line) => line.includes(DROPPED))).toEqual([
      `  - missing ${DROPPED}, needed by dist/provider/job-run/provider.js ("../run/run"): ${hint}`,
      `  - missing ${DROPPED}, needed by dist/sdk/index.js ("../provider/run/run"): ${hint}`,
      `  - missing ${DROPPED}, needed by dist/sdk/run/many.js ("../../provider/run/run"): ${hint}`,
    ]);
  });
});
