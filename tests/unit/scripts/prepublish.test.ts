/**
 * scripts/prepublish.js (`prepublishOnly`): refuses to publish from a dirty git tree, and otherwise rebuilds dist/
 * from scratch. Driven as npm drives it, in a throwaway git repository whose `build` script records that it ran.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkCleanTree } from "../../../scripts/prepublish";

const script = path.resolve(__dirname, "..", "..", "..", "scripts", "prepublish.js");
let dir: string;

const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "prepublish-"));
  const build =
    "node -e \"require('fs').mkdirSync('dist',{recursive:true});require('fs').writeFileSync('dist/index.js','fresh')\"";
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "p", version: "1.0.0", scripts: { build } }));
  fs.writeFileSync(path.join(dir, ".gitignore"), "dist/\nnode_modules/\n");
  git("init", "-q");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "init");
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const prepublish = () => spawnSync(process.execPath, [script], { cwd: dir, encoding: "utf8" });

describe("prepublishOnly", () => {
  it("on a clean tree, removes the old dist/ (stale files included) and builds", () => {
    fs.mkdirSync(path.join(dir, "dist", "removed-module"), { recursive: true });
    fs.writeFileSync(path.join(dir, "dist", "removed-module", "index.js"), "stale");
    fs.mkdirSync(path.join(dir, "node_modules")); // ignored files do not make the tree dirty
    const result = prepublish();
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(fs.readdirSync(path.join(dir, "dist"))).toEqual(["index.js"]);
    expect(fs.readFileSync(path.join(dir, "dist", "index.js"), "utf8")).toBe("fresh");
  });

  it("refuses a modified tracked file, naming it, and builds nothing", () => {
    fs.writeFileSync(path.join(dir, ".gitignore"), "dist/\n");
    const result = prepublish();
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "prepublishOnly: refusing to publish: the git tree has 1 uncommitted or untracked file(s):\n" +
        "   M .gitignore\n" +
        "Commit or remove them (what is published must be what the release tag points at).\n",
    );
    expect(fs.existsSync(path.join(dir, "dist"))).toBe(false);
  });

  it("refuses untracked files, listing each (also inside new folders)", () => {
    fs.mkdirSync(path.join(dir, "src"));
    fs.writeFileSync(path.join(dir, "src", "new.ts"), "");
    fs.writeFileSync(path.join(dir, "notes.txt"), "");
    expect(() => checkCleanTree(dir)).toThrow(
      "the git tree has 2 uncommitted or untracked file(s):\n  ?? notes.txt\n  ?? src/new.ts\n",
    );
  });

  it("refuses a folder that is not a git work tree", () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "not-git-"));
    try {
      expect(() => checkCleanTree(outside)).toThrow(`refusing to publish: ${outside} is not a git work tree`);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("is the package's prepublishOnly script", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(script, "..", "..", "package.json"), "utf8"));
    expect(pkg.scripts.prepublishOnly).toBe("node scripts/prepublish.js");
  });
});
