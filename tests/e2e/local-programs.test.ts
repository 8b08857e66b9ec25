/**
 * Pulumi projects as users run them: `pulumi` commands typed in a folder with Pulumi.yaml (a local program, run by the
 * Node.js language host), against the emulator. Each folder is a temporary copy, installed once with the packed
 * package and shared by the steps of its describe block, which run in order like a user's session.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SEED } from "../../emulator";
import { CliSession, copyFolder, expectLinesInOrder, languageHostPath, repoRoot, useEmulator } from "./helpers";

jest.setTimeout(300_000);

const emu = useEmulator({ jobDurationMs: 1_500 });
let session: CliSession;
let tarball: string;

beforeAll(async () => {
  session = new CliSession();
  tarball = await session.pack();
  await session.login();
});
afterAll(() => {
  session?.cleanup();
});

/** `pulumi stack init` and the config a user sets: the DataRobot connection (token as a secret) and `settings`. */
async function initStack(folder: string, settings: Record<string, string>, stack = "dev"): Promise<void> {
  await session.pulumi(folder, "stack", "init", stack);
  await session.pulumi(folder, "config", "set", "datarobot:endpoint", emu.url);
  await session.pulumi(folder, "config", "set", "--secret", "datarobot:apiToken", emu.token);
  for (const [key, value] of Object.entries(settings)) {
    await session.pulumi(folder, "config", "set", ...(key.includes("[") ? ["--path"] : []), key, value);
  }
}

async function definitionNamed(name: string) {
  return (await emu.admin.definitions()).find((d) => d.name === name);
}

const quickstartConfig = {
  deploymentId: SEED.deploymentId,
  datasetId: SEED.datasetId,
  dataStoreId: SEED.dataStoreId,
  credentialId: SEED.credentialId,
};

describe("the engine", () => {
  it("has the Node.js language host next to pulumi, where the CLI looks for it", () => {
    const host = languageHostPath();
    expect(path.basename(host)).toBe("pulumi-language-nodejs");
    if (!fs.existsSync(host)) throw new Error(`no Node.js language host at ${host}: run \`npm run engine\``);
    expect(fs.statSync(host).mode & 0o111).not.toBe(0);
  });
});

describe("pulumi up at the repository root (Pulumi.yaml: main examples/quickstart/)", () => {
  beforeAll(async () => {
    await emu.admin.reset();
    // What the root needs: Pulumi.yaml, the program it names, and the repository's own installation (node_modules,
    // where scripts/link-self.js links this package as a developer's checkout has it).
    const root = path.join(session.root, "repo");
    fs.mkdirSync(path.join(root, "examples"), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    copyFolder(path.join(repoRoot, "examples", "quickstart"), path.join(root, "examples", "quickstart"));
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"));
  });

  it("deploys the quickstart definition", async () => {
    // Its own stack name: the root and examples/quickstart are the same project on the same backend.
    await initStack("repo", quickstartConfig, "root");
    const up = await session.pulumi("repo", "up", "--yes");
    expect(up).toContain("+ 2 created");
    expect(up).toMatch(/definitionName\s+: "quickstart-scoring"/);
    const definition = await definitionNamed("quickstart-scoring");
    expect(definition).toMatchObject({
      enabled: false,
      schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] },
      batchPredictionJob: {
        deploymentId: SEED.deploymentId,
        intakeSettings: { type: "dataset", datasetId: SEED.datasetId },
        outputSettings: { type: "jdbc", table: "scored_customers", statementType: "insert" },
        includeProbabilities: true,
        includePredictionStatus: true,
      },
    });
  });
});

describe("examples/quickstart as a user runs it", () => {
  const folder = "quickstart";
  beforeAll(async () => {
    await emu.admin.reset();
    await session.installExample(folder, tarball);
  });

  it("pulumi preview: one definition to create, nothing sent to DataRobot", async () => {
    await initStack(folder, quickstartConfig);
    await emu.admin.clearRequests();
    const preview = await session.pulumi(folder, "preview");
    expect(preview).toMatch(
      /\+ +pulumi-nodejs:dynamic\/datarobot-batch:BatchPredictionJobDefinition quickstart create/,
    );
    expect(preview).toContain("+ 2 to create");
    expect((await emu.admin.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("pulumi up: creates it on the server", async () => {
    const up = await session.pulumi(folder, "up", "--yes");
    expect(up).toContain("+ 2 created");
    const definition = await definitionNamed("quickstart-scoring");
    expect(definition?.schedule).toMatchObject({ hour: [2] });
    expect(up).toContain(`definitionId                 : "${definition?.id}"`);
  });

  it("pulumi preview --diff of a changed hour shows the nested path schedule.hour[0]", async () => {
    await session.pulumi(folder, "config", "set", "hour", "5");
    const diff = await session.pulumi(folder, "preview", "--diff");
    expectLinesInOrder(diff, [
      "~ pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobDefinition: (update)",
      "~ schedule: {",
      "~ hour: [",
      "~ [0]: 2 => 5",
    ]);
    expect(diff).toContain("~ 1 to update");
    expect((await definitionNamed("quickstart-scoring"))?.schedule).toMatchObject({ hour: [2] });
  });

  it("datarobot-batch preview --stack dev --markdown: the CLI's own stack opener reviews the change", async () => {
    const review = await session.ok(folder, "npx", [
      "datarobot-batch",
      "preview",
      "--stack",
      "dev",
      "--markdown",
      "review.md",
    ]);
    expect(review).toContain("1 job definition changes: 1 to update.");
    expect(review).toContain("schedule: every day at 02:00 UTC (disabled) -> every day at 05:00 UTC (disabled)");
    expect(review).toContain("schedule.hour: [2] -> [5]");
    const markdown = fs.readFileSync(path.join(session.root, folder, "review.md"), "utf8");
    expect(markdown.split("\n")[0]).toBe("<!-- datarobot-batch-preview stack=dev -->");
    expect(markdown).toContain("| <code>schedule.hour</code> | <code>[2]</code> | <code>[5]</code> |");
  });

  it("datarobot-batch run --stack dev: runs the exported definition to COMPLETED and exits 0", async () => {
    await emu.admin.clearRequests();
    const result = await session.run(folder, "npx", ["datarobot-batch", "run", "--stack", "dev"]);
    expect(result.output).toMatch(/quickstart-scoring +[0-9a-f]{24} +COMPLETED +\d+ rows/);
    expect(result.status).toBe(0);
    const definition = await definitionNamed("quickstart-scoring");
    const started = (await emu.admin.requests()).filter(
      (r) => r.method === "POST" && r.path.startsWith("/batchPredictions/fromJobDefinition"),
    );
    expect(started).toHaveLength(1);
    expect(started[0].body).toMatchObject({ jobDefinitionId: definition?.id });
  });

  it("pulumi refresh: picks up a change made in DataRobot's UI", async () => {
    const definition = await definitionNamed("quickstart-scoring");
    await emu.admin.editDefinition(definition?.id as string, { enabled: true });
    const refresh = await session.pulumi(folder, "refresh", "--yes");
    expect(refresh).toContain("~ 1 updated");
    expect(refresh).toContain("1 unchanged");
  });

  it("pulumi destroy: deletes it from the server", async () => {
    const destroy = await session.pulumi(folder, "destroy", "--yes");
    expect(destroy).toContain("- 2 deleted");
    expect(await emu.admin.definitions()).toEqual([]);
  });
});

/** preview, up, a change shown by `preview --diff`, refresh and destroy of an example folder. */
function lifecycle(options: {
  folder: string;
  config: Record<string, string>;
  definitions: string[];
  change: [key: string, value: string];
  diffLines: string[];
}) {
  const { folder, definitions } = options;
  const resources = definitions.length + 1;
  beforeAll(async () => {
    await emu.admin.reset();
    await session.installExample(folder, tarball);
  });

  it("pulumi preview, then pulumi up: the definitions exist on the server", async () => {
    await initStack(folder, options.config);
    expect(await session.pulumi(folder, "preview")).toContain(`+ ${resources} to create`);
    expect(await session.pulumi(folder, "up", "--yes")).toContain(`+ ${resources} created`);
    expect((await emu.admin.definitions()).map((d) => d.name).sort()).toEqual([...definitions].sort());
  });

  it("pulumi preview --diff shows the changed nested path", async () => {
    await session.pulumi(folder, "config", "set", ...options.change);
    const diff = await session.pulumi(folder, "preview", "--diff");
    expectLinesInOrder(diff, options.diffLines);
  });

  it("pulumi refresh, then pulumi destroy: nothing drifted, nothing left", async () => {
    const refresh = await session.pulumi(folder, "refresh", "--yes");
    expect(refresh).toContain(`${resources} unchanged`);
    const destroy = await session.pulumi(folder, "destroy", "--yes");
    expect(destroy).toContain(`- ${resources} deleted`);
    expect(await emu.admin.definitions()).toEqual([]);
  });
}

describe("examples/scheduled-s3-to-snowflake as a user runs it", () => {
  lifecycle({
    folder: "scheduled-s3-to-snowflake",
    config: {
      deploymentId: SEED.deploymentId,
      s3CredentialId: SEED.credentialId,
      inputUrl: "s3://scoring/in/customers.csv",
      snowflakeDataStoreId: SEED.dataStoreId,
      snowflakeCredentialId: SEED.credentialId,
      externalStage: "SCORING_STAGE",
    },
    definitions: ["nightly-s3-to-snowflake"],
    change: ["inputUrl", "s3://scoring/in/2024/customers.csv"],
    diffLines: [
      "~ intakeSettings: {",
      '~ url: "s3://scoring/in/customers.csv" => "s3://scoring/in/2024/customers.csv"',
      "~ 1 to update",
    ],
  });
});

describe("examples/fleet as a user runs it", () => {
  lifecycle({
    folder: "fleet",
    config: {
      s3CredentialId: SEED.credentialId,
      "deployments[0].label": "churn",
      "deployments[0].deploymentId": SEED.deploymentId,
      "deployments[1].label": "fraud",
      "deployments[1].deploymentId": SEED.deploymentId,
    },
    definitions: ["scoring-churn", "scoring-fraud"],
    change: ["outputPrefix", "s3://scoring/output/v2"],
    diffLines: ["~ outputSettings: {", '~ url: "s3://scoring/output/', '=> "s3://scoring/output/v2/', "~ 2 to update"],
  });
});

describe("examples/pipeline as its GitHub Actions workflow runs it", () => {
  const folder = "pipeline";
  // The workflow's env block, with a file backend for the state bucket and the emulator for DataRobot.
  const workflowEnv = () => ({
    STACK: "prod",
    PULUMI_BACKEND_URL: session.backendUrl,
    DATAROBOT_ENDPOINT: emu.url,
    DATAROBOT_API_TOKEN: emu.token,
    DEPLOYMENT_ID: SEED.deploymentId,
    CREDENTIAL_ID: SEED.credentialId,
  });
  beforeAll(async () => {
    await emu.admin.reset();
    await session.installExample(folder, tarball);
  });

  it("deploy job (push to main): `npm run pipeline` deploys, runs both definitions and exits 0", async () => {
    const result = await session.run(folder, "npm", ["run", "pipeline"], { env: workflowEnv() });
    expect(result.output).toContain('==> deployed: {"create":3}');
    expect(result.output).toMatch(/pipeline-prod-nightly +[0-9a-f]{24} +COMPLETED +\d+ rows/);
    expect(result.output).toMatch(/pipeline-prod-weekly +[0-9a-f]{24} +COMPLETED +\d+ rows/);
    expect(result.output).toContain("==> all runs completed");
    expect(result.status).toBe(0);
    expect((await emu.admin.definitions()).map((d) => d.name).sort()).toEqual([
      "pipeline-prod-nightly",
      "pipeline-prod-weekly",
    ]);
  });

  it("review job (pull request): `npx tsx index.ts --review FILE` writes the comment without applying", async () => {
    const reviewFile = path.join(session.root, "pipeline-review.md");
    const env = { ...workflowEnv(), OUTPUT_PREFIX: "s3://scoring/output/v2" };
    const result = await session.run(folder, "npx", ["tsx", "index.ts", "--review", reviewFile], { env });
    expect(result.output).toContain("2 job definitions change: 2 to update.");
    expect(result.status).toBe(0);
    const markdown = fs.readFileSync(reviewFile, "utf8");
    expect(markdown.split("\n")[0]).toBe("<!-- datarobot-batch-preview stack=prod -->");
    const nightly = (await emu.admin.definitions()).find((d) => d.name === "pipeline-prod-nightly");
    expect(nightly?.batchPredictionJob).toMatchObject({
      outputSettings: { url: "s3://scoring/output/prod/nightly.csv" },
    });
  });
});
