/**
 * The pipeline example end to end: deploy through the Automation API, run the exported and changed definitions,
 * print the summary, exit 0; then a release whose runs fail makes the pipeline exit 1. Destroy at the end.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { SEED } from "../../emulator";
import { runPipeline, type PipelineOptions } from "../../examples/pipeline/pipeline";
import { scoringStack } from "../../examples/pipeline/program";
import { reviewPipeline } from "../../examples/pipeline/review";
import { engineCommand, repoRoot, useEmulator } from "./helpers";

jest.setTimeout(300_000);

const emu = useEmulator({ jobDurationMs: 1_500 });
const workDir = path.join(repoRoot, ".e2e", `pipeline-${randomBytes(4).toString("hex")}`);
const saved = { endpoint: process.env.DATAROBOT_ENDPOINT, token: process.env.DATAROBOT_API_TOKEN };

beforeAll(() => {
  fs.mkdirSync(path.join(workDir, "backend"), { recursive: true });
  fs.mkdirSync(path.join(workDir, "home"), { recursive: true });
  process.env.DATAROBOT_ENDPOINT = emu.url;
  process.env.DATAROBOT_API_TOKEN = emu.token;
});
afterAll(() => {
  process.env.DATAROBOT_ENDPOINT = saved.endpoint;
  process.env.DATAROBOT_API_TOKEN = saved.token;
  if (saved.endpoint === undefined) delete process.env.DATAROBOT_ENDPOINT;
  if (saved.token === undefined) delete process.env.DATAROBOT_API_TOKEN;
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function pipelineOptions(outputPrefix: string): Promise<PipelineOptions> {
  return {
    stackName: "ci",
    backendUrl: `file://${path.join(workDir, "backend")}`,
    settings: { deploymentId: SEED.deploymentId, credentialId: SEED.credentialId, outputPrefix },
    workspace: {
      workDir,
      pulumiCommand: await engineCommand(),
      pulumiHome: path.join(workDir, "home"),
      projectSettings: { name: "datarobot-batch-pipeline", runtime: "nodejs", main: workDir },
      envVars: { PULUMI_CONFIG_PASSPHRASE: "pipeline-test", PULUMI_SKIP_UPDATE_CHECK: "true" },
    },
  };
}

async function pipeline(outputPrefix: string): Promise<{ exitCode: number; log: string[] }> {
  const log: string[] = [];
  const result = await runPipeline({ ...(await pipelineOptions(outputPrefix)), log: (line) => log.push(line) });
  return { exitCode: result.exitCode, log };
}

describe("examples/pipeline", () => {
  it("deploys, runs every exported definition, prints the summary and exits 0", async () => {
    const { exitCode, log } = await pipeline("s3://scoring/output/v1");
    const text = log.join("\n");
    expect(text).toContain('==> deployed: {"create":3}');
    expect(text).toMatch(/pipeline-nightly +[0-9a-f]{24} +COMPLETED +\d+ rows/);
    expect(text).toMatch(/pipeline-weekly +[0-9a-f]{24} +COMPLETED +\d+ rows/);
    expect(text).toContain("==> all runs completed");
    expect(exitCode).toBe(0);
    const started = (await emu.admin.requests()).filter((r) =>
      r.path.startsWith("/batchPredictions/fromJobDefinition"),
    );
    expect(started).toHaveLength(2);
  });

  it("reviews the next release for its pull request without applying it", async () => {
    await emu.admin.clearRequests();
    const { markdown, text } = await reviewPipeline(await pipelineOptions("s3://scoring/output/v2"));
    expect(text).toContain("2 job definitions change: 2 to update.");
    expect(text).toContain(
      'outputSettings.url: "s3://scoring/output/v1/nightly.csv" -> "s3://scoring/output/v2/nightly.csv"',
    );
    expect(markdown.split("\n")[0]).toBe("<!-- datarobot-batch-preview stack=ci -->");
    expect((await emu.admin.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("exits 1 when a run of the release fails", async () => {
    const [nightly] = (await emu.admin.definitions()).filter((d) => d.name === "pipeline-nightly");
    await emu.admin.setBehavior(nightly.id as string, { outcome: "fail" });
    const { exitCode, log } = await pipeline("s3://scoring/output/v2");
    const text = log.join("\n");
    expect(text).toContain('==> deployed: {"same":1,"update":2}');
    expect(text).toMatch(/pipeline-nightly +[0-9a-f]{24} +FAILED/);
    expect(text).toMatch(/pipeline-weekly +[0-9a-f]{24} +COMPLETED/);
    expect(text).toContain("==> a run did not complete: failing the pipeline");
    expect(exitCode).toBe(1);
  });

  it("previews no change for the same release, then destroys", async () => {
    const stack = await LocalWorkspace.selectStack(
      {
        stackName: "ci",
        projectName: "datarobot-batch-pipeline",
        program: async () =>
          scoringStack({
            deploymentId: SEED.deploymentId,
            credentialId: SEED.credentialId,
            outputPrefix: "s3://scoring/output/v2",
          }),
      },
      {
        workDir,
        pulumiCommand: await engineCommand(),
        pulumiHome: path.join(workDir, "home"),
        envVars: {
          PULUMI_BACKEND_URL: `file://${path.join(workDir, "backend")}`,
          PULUMI_CONFIG_PASSPHRASE: "pipeline-test",
          PULUMI_SKIP_UPDATE_CHECK: "true",
        },
      },
    );
    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: 3 });
    const destroy = await stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
    expect(await emu.admin.definitions()).toEqual([]);
  });
});
