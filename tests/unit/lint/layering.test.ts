/**
 * The layering rules in eslint.config.mjs: emulator/ imports nothing of provider/ or sdk/ (nor zod, nor the package by
 * name), inside emulator/ a room imports only the rooms below it, provider/ imports nothing of sdk/, and no file imports
 * itself through a cycle. Each rule is shown firing on a
 * deliberate violation, the allowed direction is shown passing, and the real tree is shown clean. So are the
 * type-aware promise rules (no-floating-promises, no-misused-promises, await-thenable), and the CLI's rules (exit
 * codes from sdk/cli/exit-codes.ts, stacks opened only by sdk/cli/stack.ts) and the test layers' (no layer imports
 * another's files; what they share is in tests/fixtures/; a layer's tests take its helpers from its helpers index).
 *
 * ESLint loads its flat config with a dynamic `import()`, which Jest's module sandbox does not support, so the checks
 * run in one child Node process that uses the `ESLint` class with the repository's own config. The violations are
 * linted as text under the path of an existing file (so type-aware parsing finds the file in the project); nothing is
 * written to the tree.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

interface Case {
  name: string;
  filePath: string;
  text: string;
}

interface Message {
  ruleId: string | null;
  message: string;
  line: number;
}

interface Outcome {
  cases: Record<string, Message[]>;
  tree: { filePath: string; messages: Message[] }[];
}

const LAYERING_RULES = ["import-x/no-restricted-paths", "import-x/no-cycle", "no-restricted-imports"];
/** Rules written as syntax selectors: one home for the value helpers; the CLI's exit codes and stack opener. */
const CLI_RULES = ["no-restricted-syntax"];
const PROMISE_RULES = [
  "@typescript-eslint/no-floating-promises",
  "@typescript-eslint/no-misused-promises",
  "@typescript-eslint/await-thenable",
];

const CASES: Case[] = [
  {
    name: "provider imports sdk",
    filePath: "provider/job-run/file-hash.ts",
    text: 'import { describeSchedule } from "../../sdk/schedule-text";\nexport const d = describeSchedule;\n',
  },
  {
    name: "provider imports the package entry point",
    filePath: "provider/job-run/file-hash.ts",
    text: 'import { describeSchedule } from "pulumi-datarobot-batch";\nexport const d = describeSchedule;\n',
  },
  {
    name: "emulator imports provider, sdk and zod",
    filePath: "emulator/rules/names.ts",
    text: [
      'import { DataRobotClient } from "../../provider/client/client";',
      'import { describeSchedule } from "../../sdk/schedule-text";',
      'import { z } from "zod";',
      "export const all = [DataRobotClient, describeSchedule, z];",
      "",
    ].join("\n"),
  },
  {
    // provider/client/client.ts imports ./api-paths; api-paths.ts importing ./client back closes a two-file cycle.
    name: "two-file cycle",
    filePath: "provider/client/api-paths.ts",
    text: 'import { DataRobotClient } from "./client";\nexport const c = DataRobotClient;\n',
  },
  {
    name: "promise mistakes",
    filePath: "provider/run/format.ts",
    text: [
      "async function save(): Promise<void> {}",
      "export async function go(): Promise<void> {",
      "  save();", // floating: its rejection would be lost
      "  [1].forEach(async () => save());", // misused: forEach drops the promises it is given
      "  if (save()) return;", // misused: a promise is always truthy
      "  await 42;", // not a thenable
      "}",
      "",
    ].join("\n"),
  },
  {
    // The CLI reaches the single executable through executable/, never through plugin/.
    name: "plugin imports the CLI",
    filePath: "plugin/values.ts",
    text: 'import { main } from "../sdk/cli/main";\nexport const m = main;\n',
  },
  {
    name: "sdk imports the executable's entry",
    filePath: "sdk/schedule-text.ts",
    text: 'import { chooseDoor } from "../executable/doors";\nexport const d = chooseDoor;\n',
  },
  {
    name: "executable imports the plugin, the CLI and the emulator (the allowed direction)",
    filePath: "executable/doors.ts",
    text: [
      'import { runAsProcess as a } from "../plugin/main";',
      'import { runAsProcess as b } from "../sdk/cli/main";',
      'import { runAsProcess as c } from "../emulator/cli";',
      "export const all = [a, b, c];",
      "",
    ].join("\n"),
  },
  // The emulator's rooms, bottom first: http → rules → state → routes → the top-level files. Each case imports a room
  // above the file's own (some of these imports would also close a cycle; the test looks at the rooms rule only).
  {
    name: "emulator http imports rules",
    filePath: "emulator/http/json-limits.ts",
    text: 'import { isObjectId } from "../rules/ids";\nexport const i = isObjectId;\n',
  },
  {
    name: "emulator rules import state",
    filePath: "emulator/rules/names.ts",
    text: 'import { Clock } from "../state/clock";\nexport const c = Clock;\n',
  },
  {
    name: "emulator state imports routes",
    filePath: "emulator/state/clock.ts",
    text: 'import { renderJob } from "../routes/render";\nexport const r = renderJob;\n',
  },
  {
    name: "emulator routes import the server",
    filePath: "emulator/routes/resources.ts",
    text: 'import { API_PREFIX } from "../server";\nexport const p = API_PREFIX;\n',
  },
  {
    name: "emulator routes import every room below (the allowed direction)",
    filePath: "emulator/routes/resources.ts",
    text: [
      'import { Clock } from "../state/clock";',
      'import { isObjectId } from "../rules/ids";',
      'import { csvLine } from "../http/csv";',
      "export const all = [Clock, isObjectId, csvLine];",
      "",
    ].join("\n"),
  },
  {
    name: "the model imports the client",
    filePath: "provider/model/responses.ts",
    text: 'import { BATCH_JOB_STATUSES } from "../client/job-status";\nexport const s = BATCH_JOB_STATUSES;\n',
  },
  {
    name: "deep imports into the model",
    filePath: "sdk/review/markdown.ts",
    text: [
      'import { escapeControlCharacters } from "../../provider/model/guards";',
      'import { escapeControlCharacters as e } from "../../provider/model";', // the index: allowed
      "export const all = [escapeControlCharacters, e];",
      "",
    ].join("\n"),
  },
  {
    name: "a script deep-imports the model",
    filePath: "scripts/reference.ts",
    text: 'import { FIELD_DOCS } from "../provider/model/field-docs";\nexport const d = FIELD_DOCS;\n',
  },
  {
    name: "a copy of a value helper",
    filePath: "provider/run/format.ts",
    text: [
      "export function isPromiseLike(value: unknown): boolean {",
      '  return typeof (value as { then?: unknown }).then === "function";',
      "}",
      'export const isPlainObject = (value: unknown) => typeof value === "object";',
      "",
    ].join("\n"),
  },
  {
    name: "the value helpers import something",
    filePath: "provider/values.ts",
    text: 'import { formatPath } from "./model";\nexport const f = formatPath;\n',
  },
  {
    name: "sdk imports provider (the allowed direction)",
    filePath: "sdk/schedule-text.ts",
    text: 'import { DataRobotApiError } from "../provider/client/errors";\nexport const e = DataRobotApiError;\n',
  },
  {
    name: "an e2e test imports a unit test's fixture",
    filePath: "tests/e2e/bad-input.test.ts",
    text: 'import { hostileCases } from "../unit/hostile/corpus";\nexport const h = hostileCases;\n',
  },
  {
    name: "an e2e test imports a shared fixture (the allowed direction)",
    filePath: "tests/e2e/bad-input.test.ts",
    text: 'import { hostileCases } from "../fixtures/hostile/corpus";\nexport const h = hostileCases;\n',
  },
  {
    name: "an e2e test imports one of its layer's helper files",
    filePath: "tests/e2e/bad-input.test.ts",
    text: 'import { useEmulator } from "./helpers/emulator";\nexport const u = useEmulator;\n',
  },
  {
    name: "an integration test imports one of its layer's helper files",
    filePath: "tests/integration/emulator/admin.test.ts",
    text: 'import { useEmulator } from "../helpers/emulator";\nexport const u = useEmulator;\n',
  },
  {
    name: "an e2e test imports its layer's helpers index (the allowed way)",
    filePath: "tests/e2e/bad-input.test.ts",
    text: 'import { useEmulator } from "./helpers";\nexport const u = useEmulator;\n',
  },
  {
    name: "an e2e helper imports another helper file (allowed inside the helpers)",
    filePath: "tests/e2e/helpers/emulator-stack.ts",
    text: 'import { useEmulator } from "./emulator";\nexport const u = useEmulator;\n',
  },
  {
    name: "a CLI command with a bare exit code and its own stack opener",
    filePath: "sdk/cli/probe.ts",
    text: [
      "export async function probeCommand(): Promise<number> {",
      '  const automation = require("@pulumi/pulumi/automation");',
      '  await automation.LocalWorkspace.selectStack({ stackName: "dev", workDir: "." });',
      "  if (process.env.X) process.exit(130);",
      "  return process.env.Y ? 0 : 5;",
      "}",
      "",
    ].join("\n"),
  },
];

const SCRIPT = `
const { ESLint } = await import(${JSON.stringify(require.resolve("eslint", { paths: [repoRoot] }))});
const { cases, rules } = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd(), ruleFilter: ({ ruleId }) => rules.includes(ruleId) });
const pick = (r) => r.messages.map(({ ruleId, message, line }) => ({ ruleId, message, line }));
const out = { cases: {}, tree: [] };
for (const c of cases) {
  const [result] = await eslint.lintText(c.text, { filePath: c.filePath });
  out.cases[c.name] = pick(result);
}
for (const r of await eslint.lintFiles(["provider", "sdk", "emulator", "plugin", "executable", "scripts"])) {
  out.tree.push({ filePath: r.filePath, messages: pick(r) });
}
process.stdout.write(JSON.stringify(out));
`;

let outcome: Outcome;

beforeAll(() => {
  const run = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      SCRIPT,
      JSON.stringify({ cases: CASES, rules: [...LAYERING_RULES, ...PROMISE_RULES, ...CLI_RULES] }),
    ],
    { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`eslint child failed (${run.status}): ${run.stderr}`);
  outcome = JSON.parse(run.stdout) as Outcome;
}, 180_000);

const rulesOf = (name: string) => outcome.cases[name].map((m) => m.ruleId);

describe("layering lint", () => {
  it("fails when provider/ imports sdk/, naming the fix", () => {
    expect(outcome.cases["provider imports sdk"]).toEqual([
      expect.objectContaining({
        ruleId: "import-x/no-restricted-paths",
        line: 1,
        message: expect.stringContaining("provider/ sits below sdk/"),
      }),
    ]);
  });

  it("fails when provider/ reaches the SDK through the package name", () => {
    expect(rulesOf("provider imports the package entry point")).toEqual(["no-restricted-imports"]);
  });

  it("fails when emulator/ imports provider/, sdk/ or zod", () => {
    const messages = outcome.cases["emulator imports provider, sdk and zod"];
    expect(messages.map((m) => [m.line, m.ruleId])).toEqual([
      [1, "import-x/no-restricted-paths"],
      [2, "import-x/no-restricted-paths"],
      [3, "no-restricted-imports"],
    ]);
    expect(messages[0].message).toContain("the emulator is an independent implementation of the API");
  });

  it("fails on a two-file import cycle", () => {
    expect(rulesOf("two-file cycle")).toEqual(["import-x/no-cycle"]);
  });

  it("fails on a floating promise, a promise where none is awaited or one is always truthy, and await on a non-promise", () => {
    expect(outcome.cases["promise mistakes"].map((m) => [m.line, m.ruleId])).toEqual([
      [3, "@typescript-eslint/no-floating-promises"],
      [4, "@typescript-eslint/no-misused-promises"],
      [5, "@typescript-eslint/no-misused-promises"],
      [6, "@typescript-eslint/await-thenable"],
    ]);
  });

  it("keeps the CLI out of plugin/, and executable/ (the single executable's entry) imported by nothing", () => {
    expect(outcome.cases["plugin imports the CLI"]).toEqual([
      expect.objectContaining({ ruleId: "import-x/no-restricted-paths", message: expect.stringContaining("plugin/") }),
    ]);
    // (That import also closes a cycle, sdk/cli reaching this file: no-cycle reports it too.)
    const restricted = outcome.cases["sdk imports the executable's entry"].filter(
      (m) => m.ruleId === "import-x/no-restricted-paths",
    );
    expect(restricted).toEqual([
      expect.objectContaining({
        ruleId: "import-x/no-restricted-paths",
        message: expect.stringContaining("executable/ is the single executable's entry: nothing imports it"),
      }),
    ]);
    expect(outcome.cases["executable imports the plugin, the CLI and the emulator (the allowed direction)"]).toEqual(
      [],
    );
  });

  it.each([
    ["emulator http imports rules", "emulator/http/ is plumbing"],
    ["emulator rules import state", "emulator/rules/ holds pure rules"],
    ["emulator state imports routes", "emulator/state/ (store, context, users, job lifecycle)"],
    ["emulator routes import the server", "emulator/routes/ are wired by server.ts"],
  ])("holds the emulator's rooms in order: %s fails", (name, message) => {
    const restricted = outcome.cases[name].filter((m) => m.ruleId === "import-x/no-restricted-paths");
    expect(restricted).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining(message) })]);
  });

  it("lets an emulator room import the rooms below it", () => {
    expect(outcome.cases["emulator routes import every room below (the allowed direction)"]).toEqual([]);
  });

  it("keeps the model below the client: provider/model imports none of it", () => {
    expect(outcome.cases["the model imports the client"]).toEqual([
      expect.objectContaining({
        ruleId: "import-x/no-restricted-paths",
        message: expect.stringContaining("the model sits below the client and the providers"),
      }),
    ]);
  });

  it("lets code outside the model reach it only through its index", () => {
    expect(outcome.cases["deep imports into the model"]).toEqual([
      expect.objectContaining({
        ruleId: "import-x/no-restricted-paths",
        line: 1,
        message: expect.stringContaining("import the model through its index (provider/model)"),
      }),
    ]);
    expect(rulesOf("a script deep-imports the model")).toEqual(["import-x/no-restricted-paths"]);
  });

  it("keeps one home for the general value helpers, which imports nothing", () => {
    expect(outcome.cases["a copy of a value helper"].map((m) => [m.line, m.ruleId, m.message])).toEqual([
      [1, "no-restricted-syntax", "general value helpers live in provider/values.ts: import them from there"],
      [4, "no-restricted-syntax", "general value helpers live in provider/values.ts: import them from there"],
    ]);
    // (That import also closes a cycle, the model importing this file: no-cycle reports it too.)
    const restricted = outcome.cases["the value helpers import something"].filter(
      (m) => m.ruleId === "import-x/no-restricted-paths",
    );
    expect(restricted).toEqual([
      expect.objectContaining({
        ruleId: "import-x/no-restricted-paths",
        message: expect.stringContaining("provider/values.ts holds general value helpers"),
      }),
    ]);
  });

  it("keeps the CLI's exit codes in one table and its stack opener in one file", () => {
    const messages = outcome.cases["a CLI command with a bare exit code and its own stack opener"];
    expect(messages.map((m) => [m.line, m.message])).toEqual([
      [3, expect.stringContaining("open stacks with openStack (sdk/cli/stack.ts)")],
      [4, expect.stringContaining("the process exits with a code from EXIT")],
      [5, expect.stringContaining("a command returns an exit code from EXIT")],
      [5, expect.stringContaining("a command returns an exit code from EXIT")],
    ]);
  });

  it("keeps each test layer to its own files and tests/fixtures/", () => {
    expect(outcome.cases["an e2e test imports a unit test's fixture"]).toEqual([
      expect.objectContaining({
        ruleId: "no-restricted-imports",
        message: expect.stringContaining("move what layers share to tests/fixtures/"),
      }),
    ]);
    expect(outcome.cases["an e2e test imports a shared fixture (the allowed direction)"]).toEqual([]);
  });

  it("has a layer's tests take its helpers from the helpers index, not one of its files", () => {
    for (const [name, layer] of [
      ["an e2e test imports one of its layer's helper files", "e2e"],
      ["an integration test imports one of its layer's helper files", "integration"],
    ]) {
      expect(outcome.cases[name]).toEqual([
        expect.objectContaining({
          ruleId: "no-restricted-imports",
          message: expect.stringContaining(
            `import tests/${layer}'s helpers through their index (tests/${layer}/helpers)`,
          ),
        }),
      ]);
    }
    expect(outcome.cases["an e2e test imports its layer's helpers index (the allowed way)"]).toEqual([]);
    expect(outcome.cases["an e2e helper imports another helper file (allowed inside the helpers)"]).toEqual([]);
  });

  it("lets sdk/ import provider/", () => {
    expect(outcome.cases["sdk imports provider (the allowed direction)"]).toEqual([]);
  });

  it("finds the real tree clean", () => {
    expect(outcome.tree.length).toBeGreaterThan(100); // provider/, sdk/, emulator/, plugin/, executable/, scripts/ linted
    const dirty = outcome.tree.filter((r) => r.messages.length > 0);
    expect(dirty.map((r) => ({ file: path.relative(repoRoot, r.filePath), messages: r.messages }))).toEqual([]);
  });
});
