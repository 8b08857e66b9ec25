/**
 * Checked-in text snapshots of what people see in a pull request (e.g. `pulumi preview --diff`), normalised so they
 * only change when the shown content changes: ids, timestamps, durations and local paths are masked.
 *
 * A missing snapshot file is written (outside CI) and the test passes; set UPDATE_E2E_SNAPSHOTS=1 to rewrite one.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const SNAPSHOT_DIR = path.join(__dirname, "..", "snapshots");

export function normaliseEngineText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*m/g, "") // colours
      .replace(/\b[0-9a-f]{24}\b/g, "<id>")
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<timestamp>")
      .replace(/\(\d+(\.\d+)?m?s\)/g, "(<duration>)")
      .replace(/Duration: .*/g, "Duration: <duration>")
      .replace(/\/[^\s"']*\.e2e\/[^\s"']*/g, "<path>")
      .replace(/[ \t]+$/gm, "")
      .trim() + "\n"
  );
}

export function expectTextSnapshot(name: string, text: string): void {
  const file = path.join(SNAPSHOT_DIR, name);
  const actual = normaliseEngineText(text);
  if (!fs.existsSync(file) || process.env.UPDATE_E2E_SNAPSHOTS === "1") {
    if (process.env.CI && !process.env.UPDATE_E2E_SNAPSHOTS) {
      throw new Error(`snapshot ${file} is missing: run the test locally to write it, and commit it`);
    }
    fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  expect(actual).toBe(fs.readFileSync(file, "utf8"));
}
