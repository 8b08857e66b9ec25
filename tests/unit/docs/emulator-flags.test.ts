/**
 * The emulator's behaviour flags come from one table (emulator/state/behaviours.ts): the CLI parses exactly those flags,
 * its usage text and the docs list each with its values (default first), so the probe's advice, the docs and the CLI
 * cannot drift apart.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { BEHAVIOURS, behaviourChoices, behaviourUsage } from "../../../emulator/state/behaviours";
import { parseArgs, USAGE } from "../../../emulator/cli-args";
import { DEFAULT_CONFIG } from "../../../emulator/state/context";

const root = path.resolve(__dirname, "..", "..", "..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8").replace(/\n#?\s*/g, " ");

describe("the emulator's behaviour flags", () => {
  it.each(BEHAVIOURS.map((b) => [b.flag, b] as const))(
    "%s: the CLI takes each value, the docs list them",
    (flag, b) => {
      for (const value of behaviourChoices(b.key)) expect(parseArgs([flag, String(value)])).toEqual({ [b.key]: value });
      expect(() => parseArgs([flag, "nonsense"])).toThrow(`${flag} needs one of:`);
      expect(behaviourChoices(b.key)[0]).toBe(DEFAULT_CONFIG[b.key]);
      expect(USAGE).toContain(behaviourUsage(b));
      expect(read("docs/emulator.md")).toContain(behaviourUsage(b));
      expect(read("emulator/README.md")).toContain(behaviourUsage(b));
    },
  );
});
