/**
 * Reviewable previews through the real engine: a stack is deployed to the emulator, the program then changes so
 * that one preview holds every operation (create, adopt, update, replace, delete) and every warning, and the review
 * rendered from that real preview is compared with checked-in golden files (ids, ports and run-dependent times
 * masked). Also drives the `datarobot-batch preview` command on a stack directory-less (inline) stack via the openStack seam.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SEED } from "../../emulator";
import { DataRobotClient } from "../../provider/client";
import { canonicalFromInputs, toApiBody } from "../../provider/model";
import { reviewPreview } from "../../sdk/review";
import { main, type CliIo } from "../../sdk/cli/main";
import { runJobDefinition } from "../../provider/run/run";
import {
  createInlineStack,
  type DeclaredDefinition,
  definitionsProgram,
  emulatorConfig,
  expectNoSecrets,
  type TestStack,
  useEmulator,
} from "./helpers";

jest.setTimeout(300_000);

const CHALLENGER_DEPLOYMENT = "64b000000000000000000d99";
/** Fixture ids are the same in every run: shown as they are. */
const FIXED_IDS = new Set<string>([...Object.values(SEED), CHALLENGER_DEPLOYMENT]);
const GOLDEN_DIR = path.join(__dirname, "golden");
const API_KEY = "pi-api-key-3f9c1d";
const NEW_API_KEY = "pi-api-key-77aa02";
const DATAROBOT_KEY = "dr-key-5e61b0";

/**
 * Masks what differs between runs: definition ids, the emulator's port, and times that depend on when the test
 * runs (the last run of the deleted definition, the adopted definition's dates, and the calendar dates of next runs;
 * their times of day stay).
 */
export function normaliseReview(text: string, port: string): string {
  return text
    .replace(/\b[0-9a-f]{24}\b/g, (id) => (FIXED_IDS.has(id) ? id : "<id>"))
    .split(`:${port}/`)
    .join(":<port>/")
    .replace(/last run \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, "last run <time>")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<timestamp>") // e.g. the adopted definition's creation
    .replace(/\d{4}-\d\d-\d\d (\d\d:\d\d) UTC/g, "<date> $1 UTC");
}

function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (!fs.existsSync(file) || process.env.UPDATE_GOLDEN === "1") {
    if (process.env.CI && process.env.UPDATE_GOLDEN !== "1") throw new Error(`golden file ${file} is missing`);
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  expect(actual).toBe(fs.readFileSync(file, "utf8"));
}

const emu = useEmulator({ jobDurationMs: 300 });
let client: DataRobotClient;
let secondDeploymentId: string;
beforeAll(async () => {
  client = new DataRobotClient({ endpoint: emu.url, token: emu.token, requestsPerSecond: 0 });
  const fixtures = await emu.admin.addFixtures({
    deployments: [{ id: CHALLENGER_DEPLOYMENT, label: "challenger" }],
  });
  secondDeploymentId = fixtures.deployments[0].id;
});

const daily = (hour: number, minute = 0) => ({
  minute: [minute],
  hour: [hour],
  dayOfMonth: ["*"],
  month: ["*"],
  dayOfWeek: ["*"],
});

function definition(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    deploymentId: SEED.deploymentId,
    intakeSettings: { type: "s3", url: `s3://scoring/in/${name}.csv`, credentialId: SEED.credentialId },
    outputSettings: {
      type: "jdbc",
      dataStoreId: SEED.dataStoreId,
      credentialId: SEED.credentialId,
      table: "scores",
      statementType: "insert",
    },
    ...extra,
  };
}

describe("reviewPreview against a real preview", () => {
  let t: TestStack;
  let declared: DeclaredDefinition[];

  beforeAll(async () => {
    declared = [
      { resource: "nightly", args: definition("nightly", { enabled: false, schedule: daily(2) }) },
      {
        resource: "weekly",
        args: definition("weekly", {
          enabled: true,
          schedule: { minute: [30], hour: [6], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["mon", "fri"] },
          predictionInstance: { hostName: "pred.example.com", apiKey: API_KEY, datarobotKey: DATAROBOT_KEY },
        }),
      },
      { resource: "challenger", args: definition("challenger") },
      { resource: "warehouse", args: definition("warehouse") },
      { resource: "moved", args: definition("moved", { endpoint: emu.url }) },
      { resource: "retired", args: definition("retired") },
      { resource: "steady", args: definition("steady", { enabled: true, schedule: daily(4) }) },
    ];
    t = await createInlineStack({
      projectName: "review",
      program: definitionsProgram(() => declared),
      config: {
        ...emulatorConfig(emu),
        // "moved" moves to this second spelling of the emulator: an endpoint must be named by the configuration.
        "datarobot:connections": {
          value: JSON.stringify({ local: { endpoint: emu.url.replace("127.0.0.1", "localhost") } }),
        },
      },
    });
    await t.stack.up();
    // "retired" ran a moment ago (after the last up: only a refreshing preview can know).
    const ids = Object.fromEntries((await emu.admin.definitions()).map((d) => [String(d.name), String(d.id)]));
    await runJobDefinition(ids.retired, { client });
    // A definition created outside Pulumi (in the UI), to be adopted.
    await client.createJobDefinition(toApiBody(canonicalFromInputs(definition("legacy-scoring", { enabled: false }))));

    declared = [
      // enables the schedule and moves it to 03:00; rotates the prediction instance's key
      { resource: "nightly", args: definition("nightly", { enabled: true, schedule: daily(3) }) },
      {
        resource: "weekly",
        args: definition("weekly", {
          enabled: false,
          schedule: { minute: [30], hour: [6], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["mon", "fri"] },
          predictionInstance: { hostName: "pred.example.com", apiKey: NEW_API_KEY, datarobotKey: DATAROBOT_KEY },
        }),
      },
      { resource: "challenger", args: definition("challenger", { deploymentId: secondDeploymentId }) },
      {
        resource: "warehouse",
        args: definition("warehouse", {
          outputSettings: {
            type: "jdbc",
            dataStoreId: SEED.dataStoreId,
            credentialId: SEED.credentialId,
            table: "scores_v2",
            statementType: "insert_update",
            whereColumns: ["customer_id"],
          },
        }),
      },
      { resource: "moved", args: definition("moved", { endpoint: emu.url.replace("127.0.0.1", "localhost") }) },
      { resource: "steady", args: definition("steady", { enabled: true, schedule: daily(4) }) },
      {
        resource: "quarterly",
        args: definition("quarterly", {
          enabled: true,
          schedule: { minute: [0], hour: [1], dayOfMonth: [1], month: ["jan", "apr", "jul", "oct"], dayOfWeek: ["*"] },
        }),
      },
      { resource: "legacy", args: definition("legacy-scoring", { adoptExisting: true }) },
    ];
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("renders every operation and warning of the preview (golden Markdown and text)", async () => {
    const requestsBefore = (await emu.admin.requests()).length;
    const now = new Date();
    const { review, markdown, text, changeSummary } = await reviewPreview(t.stack, { now });

    expect(changeSummary).toMatchObject({ create: 2, update: 4, replace: 1, delete: 1, same: 2 });
    expect(review.counts).toEqual({ create: 1, adopt: 1, update: 4, replace: 1, delete: 1 });
    expect(review.resources.map((r) => `${r.resource}:${r.operation}`)).toEqual([
      "challenger:update",
      "legacy:adopt",
      "moved:replace",
      "nightly:update",
      "quarterly:create",
      "retired:delete",
      "warehouse:update",
      "weekly:update",
    ]);
    const kinds = Object.fromEntries(review.resources.map((r) => [r.resource, r.warnings.map((w) => w.kind)]));
    expect(kinds).toEqual({
      challenger: ["deployment-changed"],
      legacy: ["adopts-existing"],
      moved: ["endpoint-changed"],
      nightly: ["schedule-enabled"],
      quarterly: ["schedule-enabled"],
      retired: ["recently-run-deleted"],
      warehouse: ["output-table-changed", "statement-type-changed"],
      weekly: ["schedule-disabled"],
    });
    const nightly = review.resources.find((r) => r.resource === "nightly")!;
    expect(nightly.fields.map((f) => [f.path, f.before, f.after])).toEqual([
      ["enabled", "false", "true"],
      ["schedule.hour", "[2]", "[3]"],
    ]);
    expect(nightly.schedule?.nextRuns).toHaveLength(3);
    expect(nightly.schedule?.nextRuns.every((iso) => iso.includes("T03:00:00.000Z"))).toBe(true);

    const port = new URL(emu.url).port;
    expectGolden("review-preview.md", normaliseReview(markdown, port));
    expectGolden("review-preview.txt", normaliseReview(text, port));
    expectNoSecrets(markdown + text + JSON.stringify(review), [API_KEY, NEW_API_KEY, DATAROBOT_KEY, emu.token]);
    // A preview changes nothing: only reads reached DataRobot.
    const requests = (await emu.admin.requests()).slice(requestsBefore);
    expect(requests.filter((r: { method: string }) => r.method !== "GET")).toEqual([]);
  });

  it("the same preview renders the same Markdown (a bot can update its comment in place)", async () => {
    const now = new Date();
    const first = await reviewPreview(t.stack, { now });
    const second = await reviewPreview(t.stack, { now });
    expect(second.markdown).toBe(first.markdown);
    expect(first.markdown.split("\n")[0]).toBe("<!-- datarobot-batch-preview stack=test -->");
  });

  it("datarobot-batch preview --stack writes the Markdown file and prints the text", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const markdownFile = path.join(t.workDir, "review.md");
    const io: CliIo = {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      env: {},
      openStack: async (stackName, workDir) => {
        expect([stackName, workDir]).toEqual(["test", "/some/project"]);
        return t.stack;
      },
    };
    const code = await main(["preview", "--stack", "test", "--cwd", "/some/project", "--markdown", markdownFile], io);
    expect(err.join("")).toBe("");
    expect(code).toBe(0);
    const markdown = fs.readFileSync(markdownFile, "utf8");
    expect(markdown).toContain("<!-- datarobot-batch-preview stack=test -->");
    expect(markdown).toContain("<code>retired</code>: Deletes a definition that ran recently");
    expect(out.join("")).toMatch(
      /^DataRobot batch prediction job definitions: preview of stack test\n8 job definitions change/,
    );
  });
});
