/**
 * emulator/README.md maps the emulator's folders ("rooms") and files to their roles. The map is how a newcomer finds a
 * route, so it must not go stale: every folder and every source file of emulator/ is in it, and it names nothing that
 * is gone. (Which room may import which is the lint's job: tests/unit/lint/layering.test.ts.)
 */
import * as fs from "node:fs";
import * as path from "node:path";

const emulatorDir = path.resolve(__dirname, "..", "..", "..", "emulator");
const readme = fs.readFileSync(path.join(emulatorDir, "README.md"), "utf8");
const rooms = readme.slice(readme.indexOf("## Rooms"), readme.indexOf("\n## ", readme.indexOf("## Rooms") + 1));

/** Every .ts file under emulator/, as a path relative to it ("rules/validation.ts"). */
function sourceFiles(dir = emulatorDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [path.relative(emulatorDir, full).split(path.sep).join("/")] : [];
  });
}

/** The backticked names in the first column of the section's tables. */
const firstColumn = [...rooms.matchAll(/^\| ([^|]+) \|/gm)].flatMap(([, cell]) =>
  [...cell.matchAll(/`([^`]+)`/g)].map(([, name]) => name),
);

describe("emulator/README.md's map of rooms", () => {
  it("lists every folder of emulator/ as a room", () => {
    const folders = fs
      .readdirSync(emulatorDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${entry.name}/`);
    expect(folders.length).toBeGreaterThanOrEqual(4);
    expect(folders.filter((folder) => !firstColumn.includes(folder))).toEqual([]);
  });

  it("lists every source file, by its path in emulator/", () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(25);
    expect(files.filter((file) => !firstColumn.includes(file))).toEqual([]);
  });

  it("names no file or folder that does not exist", () => {
    const missing = firstColumn.filter((name) => !fs.existsSync(path.join(emulatorDir, name)));
    expect(missing).toEqual([]);
  });
});
