/**
 * Many inline programs in ONE process through the Automation API, hostile ones among them (a cyclic object, 40 levels
 * of nesting and a `__proto__` key in intakeSettings and timeseriesSettings, objects without a prototype, Proxies, a
 * function, a Map). Each preview is bounded: every one must end, the hostile ones failing at the property's path, the
 * valid ones succeeding. Before the fix, a warning logged against a resource whose check then failed left the Pulumi
 * runtime's process-wide log chain waiting forever, and every later program of the process hung (sdk/log-target.ts).
 */
import { SEED } from "../../emulator";
import {
  type DeclaredDefinition,
  definitionsProgram,
  EngineLog,
  freshApiToken,
  killProcessesIn,
  useEmulatorStack,
} from "./helpers";

const PROGRAMS = 40;
/** One preview of one small definition takes a few seconds; a hung one never ends. */
const PREVIEW_BUDGET_MS = 60_000;
jest.setTimeout(PROGRAMS * PREVIEW_BUDGET_MS);

let declared: DeclaredDefinition[] = [];
const t = useEmulatorStack({
  projectName: "inline-programs",
  program: definitionsProgram(() => declared),
  emulator: { token: freshApiToken() },
  destroyAfterAll: true,
});

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

const intake = () => ({ type: "s3", url: "s3://scoring/in.csv", credentialId: SEED.credentialId });
/** A valid timeseriesSettings whose free-form `configuration` the hostile cases fill. */
const policy = (configuration: unknown) => ({
  type: "forecastWithPolicy",
  forecastPointPolicy: { type: "configured", configuration },
});

interface Program {
  label: string;
  args: () => Record<string, unknown>;
  /** The error must match it; undefined: the preview must succeed. */
  fails?: RegExp;
}

const PROGRAM_KINDS: Program[] = [
  { label: "valid", args: () => ({}) },
  {
    label: "cyclic timeseriesSettings",
    args: () => {
      const configuration: Record<string, unknown> = { horizon: 3 };
      configuration.self = configuration;
      return { timeseriesSettings: policy(configuration) };
    },
    fails: /timeseriesSettings\.forecastPointPolicy\.configuration\.self: refers back to .*cyclic/,
  },
  {
    label: "valid with a warning (a field this package does not know)",
    args: () => ({ quantumScoringMode: "fast" }),
  },
  {
    label: "timeseriesSettings 40 levels deep",
    args: () => ({ timeseriesSettings: policy(nested(40)) }),
    fails: /timeseriesSettings\.forecastPointPolicy\.configuration(\.a)+: is nested too deeply/,
  },
  {
    label: "intakeSettings 40 levels deep",
    args: () => ({ intakeSettings: { ...intake(), extra: nested(40) } }),
    fails: /intakeSettings\.extra(\.a)+: is nested too deeply/,
  },
  {
    label: "__proto__ key in intakeSettings",
    args: () => ({ intakeSettings: withOwnKey(intake(), "__proto__", { isAdmin: true }) }),
    fails: /intakeSettings\.__proto__: is not allowed as a key/,
  },
  {
    label: "__proto__ key in timeseriesSettings",
    args: () => ({ timeseriesSettings: policy(withOwnKey({ horizon: 3 }, "__proto__", { isAdmin: true })) }),
    fails: /timeseriesSettings\.forecastPointPolicy\.configuration\.__proto__: is not allowed as a key/,
  },
  {
    label: "intakeSettings without a prototype (copied into a plain object)",
    args: () => ({ intakeSettings: Object.assign(Object.create(null) as object, intake()) }),
  },
  {
    label: "intakeSettings as a Proxy whose traps throw",
    args: () => ({
      intakeSettings: new Proxy(intake(), {
        ownKeys() {
          throw new Error("trap refused");
        },
      }),
    }),
    fails: /intakeSettings: could not be read \("trap refused"\)/,
  },
  { label: "intakeSettings as a readable Proxy (copied)", args: () => ({ intakeSettings: new Proxy(intake(), {}) }) },
  {
    label: "a function as the name",
    args: () => ({ name: () => "computed" }),
    fails: /name: is a function: it cannot be sent to DataRobot/,
  },
  {
    label: "a Map as outputSettings.headers",
    args: () => ({
      outputSettings: { type: "http", url: "https://hooks.example.com/x", headers: new Map([["X-Team", "ml"]]) },
    }),
    fails: /outputSettings\.headers: is a Map/,
  },
];

const programs: Program[] = Array.from({ length: PROGRAMS }, (_, i) => PROGRAM_KINDS[i % PROGRAM_KINDS.length]);

it(`${PROGRAMS} inline programs in one process, hostile ones among them: every preview ends, as it should`, async () => {
  const outcomes: string[] = [];
  for (const [index, program] of programs.entries()) {
    declared = [
      {
        resource: `program${index}`,
        args: {
          name: `program-${index}`,
          deploymentId: SEED.deploymentId,
          intakeSettings: intake(),
          outputSettings: { type: "localFile" },
          ...program.args(),
        },
      },
    ];
    const log = new EngineLog();
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve("HUNG"), PREVIEW_BUDGET_MS);
    });
    const outcome = await Promise.race([
      t.stack.preview({ ...log.capture() }).then(
        () => "succeeded",
        (error: Error) => (program.fails?.test(error.message) ? "failed naming the property" : error.message),
      ),
      budget,
    ]);
    clearTimeout(timer);
    if (outcome === "HUNG") {
      killProcessesIn(t.workDir); // the stuck engine: the remaining programs cannot run in this process
      outcomes.push(`${index} ${program.label}: HUNG`);
      break;
    }
    outcomes.push(`${index} ${program.label}: ${outcome}`);
  }
  expect(outcomes).toEqual(
    programs.map((p, i) => `${i} ${p.label}: ${p.fails ? "failed naming the property" : "succeeded"}`),
  );

  // And an `up` after all of them: the same process still deploys.
  declared = [
    {
      resource: "last",
      args: {
        name: "last",
        deploymentId: SEED.deploymentId,
        intakeSettings: intake(),
        outputSettings: { type: "localFile" },
      },
    },
  ];
  const up = await t.stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  expect((await t.emu.admin.definitions()).map((d) => d.name)).toEqual(["last"]);
});
