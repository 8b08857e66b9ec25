/**
 * `npm run demo`: the whole product in one command, offline.
 *
 *   1. obtains the Pulumi engine (building it from its Go modules the first time);
 *   2. starts the DataRobot emulator (unless DATAROBOT_ENDPOINT/DATAROBOT_API_TOKEN point at a real DataRobot);
 *   3. deploys the quickstart stack through the Automation API on a local file backend under .demo/;
 *   4. shows the created definition (id, schedule in words, next run);
 *   5. triggers a run with the run helper and follows its progress to completion;
 *   6. changes the program's inputs and shows the preview as a pull-request reviewer reads it (and its Markdown);
 *   7. ends with the commands to inspect, re-run or destroy.
 *
 * `npm run demo -- --destroy` destroys the demo stack (and stops nothing else: the emulator state lives in .demo/).
 * `npm run demo -- --run` triggers another run of the deployed definition.
 * `npm run demo -- --score-file examples/data/sample.csv` scores a CSV with a definition whose intake and output are
 * local files: the file is uploaded to the job, and the predictions are downloaded to .demo/predictions.csv.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, SEED } from "../emulator";
import { DataRobotClient } from "../provider/client";
import { describeSchedule } from "../sdk/schedule-text";
import { runJobDefinition } from "../provider/run/run";
import { transferText } from "../sdk/cli/render";
import { reviewPreview } from "../sdk/review";
import { quickstart, type QuickstartSettings } from "../examples/quickstart/program";
import { ensureEngine } from "./engine";
import { linkSelf } from "./link-self";

const repoRoot = path.resolve(__dirname, "..");
const demoDir = path.resolve(process.env.DATAROBOT_BATCH_DEMO_DIR ?? path.join(repoRoot, ".demo"));
// The engine runs the provider in the demo's workspace, which must find this package in the repository's node_modules.
if (path.relative(repoRoot, demoDir).startsWith("..")) {
  process.stderr.write(`DATAROBOT_BATCH_DEMO_DIR must be inside the repository (${repoRoot}), not ${demoDir}\n`);
  process.exit(2);
}
const STACK = "demo";
const PROJECT = "datarobot-batch-quickstart";
const PASSPHRASE = "demo-passphrase";
/** The emulator port the printed follow-up commands use (the demo itself takes any free port). */
const EMULATOR_PORT_HINT = 8181;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (line = "") => process.stdout.write(`${line}\n`);
const step = (title: string) => say(`\n━━ ${title} ${"━".repeat(Math.max(0, 72 - title.length))} (${elapsed()})`);
const indent = (text: string) => text.replace(/\s+$/, "").replace(/^/gm, "   │ ");

interface Target {
  endpoint: string;
  token: string;
  settings: QuickstartSettings;
  description: string;
  close: () => Promise<void>;
}

/** A real DataRobot when both variables are set (then the ids come from the environment too), else the emulator. */
async function connect(): Promise<Target> {
  const endpoint = process.env.DATAROBOT_ENDPOINT;
  const token = process.env.DATAROBOT_API_TOKEN;
  if (endpoint && token) {
    const need = (name: string) => {
      const value = process.env[name];
      if (!value) throw new Error(`With a real DataRobot (DATAROBOT_ENDPOINT is set), the demo also needs ${name}.`);
      return value;
    };
    return {
      endpoint,
      token,
      description: `the DataRobot at ${endpoint}`,
      settings: {
        deploymentId: need("DEMO_DEPLOYMENT_ID"),
        datasetId: need("DEMO_DATASET_ID"),
        dataStoreId: need("DEMO_DATA_STORE_ID"),
        credentialId: need("DEMO_CREDENTIAL_ID"),
      },
      close: async () => undefined,
    };
  }
  const persistFile = path.join(demoDir, "emulator-state.json");
  fs.mkdirSync(demoDir, { recursive: true });
  // A job takes 8 s of emulated time; the demo watches it live.
  const emu = await startEmulator({ persistFile, jobDurationMs: 8_000 });
  return {
    endpoint: emu.url,
    token: emu.token,
    description: `the local DataRobot emulator at ${emu.url} (state kept in ${path.relative(repoRoot, persistFile)})`,
    settings: {
      deploymentId: SEED.deploymentId,
      datasetId: SEED.datasetId,
      dataStoreId: SEED.dataStoreId,
      credentialId: SEED.credentialId,
    },
    close: () => emu.close(),
  };
}

async function demoStack(engineRoot: string, target: Target, settings: QuickstartSettings): Promise<Stack> {
  const workDir = path.join(demoDir, "workspace");
  fs.mkdirSync(path.join(demoDir, "backend"), { recursive: true });
  fs.mkdirSync(path.join(demoDir, "pulumi-home"), { recursive: true });
  fs.mkdirSync(workDir, { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: STACK, projectName: PROJECT, program: async () => quickstart(settings) },
    {
      workDir,
      pulumiCommand: await PulumiCommand.get({ root: engineRoot }),
      pulumiHome: path.join(demoDir, "pulumi-home"),
      projectSettings: {
        name: PROJECT,
        runtime: "nodejs",
        main: workDir,
        backend: { url: `file://${path.join(demoDir, "backend")}` },
      },
      envVars: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE, PULUMI_SKIP_UPDATE_CHECK: "true" },
    },
  );
  // The endpoint can change between demo runs (the emulator takes a free port): set it every time.
  await stack.setAllConfig({
    "datarobot:endpoint": { value: target.endpoint },
    "datarobot:apiToken": { value: target.token, secret: true },
  });
  return stack;
}

async function showDefinition(client: DataRobotClient, id: string): Promise<string> {
  const definition = await client.getJobDefinition(id);
  say(`   id:        ${definition.id}`);
  say(`   name:      ${definition.name}`);
  say(
    `   schedule:  ${definition.schedule ? describeSchedule(definition.schedule) : "none"} (${definition.enabled ? "enabled" : "stored, not enabled"})`,
  );
  say(`   next run:  ${String(definition.nextScheduledRunTime ?? "none")}`);
  const job = definition.batchPredictionJob as {
    intakeSettings?: { type?: string };
    outputSettings?: { type?: string; table?: string; statementType?: string };
  };
  say(
    `   data flow: ${job.intakeSettings?.type} → ${job.outputSettings?.type} (${job.outputSettings?.statementType} into ${job.outputSettings?.table})`,
  );
  return definition.name;
}

async function runOnce(client: DataRobotClient, id: string): Promise<boolean> {
  let lastLine = "";
  try {
    const result = await runJobDefinition(id, {
      client,
      timeoutMs: 120_000,
      onProgress: (p) => {
        const bar = "█".repeat(Math.round(p.percent / 5)).padEnd(20, "░");
        const queue = p.queuePosition !== null && p.queuePosition > 0 ? `, queue position ${p.queuePosition}` : "";
        const line = `   ${bar} ${String(Math.round(p.percent)).padStart(3)}%  ${p.status.padEnd(12)} ${p.scoredRows} rows scored${queue}`;
        if (line !== lastLine) say(line);
        lastLine = line;
      },
    });
    say(
      `   ✔ job ${result.jobId} ${result.status} in ${(result.elapsedMs / 1000).toFixed(1)} s after ${result.polls} polls`,
    );
    return true;
  } catch (error) {
    say(`   ✘ ${(error as Error).message}`);
    return false;
  }
}

/** The on-demand definition `--score-file` uses: local file in, local file out (created once, then reused). */
const SCORE_DEFINITION = "demo-score-file";

async function scoreFile(client: DataRobotClient, target: Target, file: string): Promise<boolean> {
  step(`Scoring ${path.relative(process.cwd(), path.resolve(file))} with a localFile definition`);
  const existing = await client.findJobDefinitionByName(SCORE_DEFINITION);
  const definition =
    existing ??
    (await client.createJobDefinition({
      name: SCORE_DEFINITION,
      deploymentId: target.settings.deploymentId,
      intakeSettings: { type: "localFile" },
      outputSettings: { type: "localFile" },
      passthroughColumnsSet: "all",
      includePredictionStatus: true,
    }));
  say(`   definition ${definition.name} (${definition.id}): localFile → localFile, ${existing ? "reused" : "created"}`);
  const outputFile = path.join(demoDir, "predictions.csv");
  let lastStatus = "";
  try {
    const result = await runJobDefinition(definition.id, {
      client,
      timeoutMs: 120_000,
      intakeFile: file,
      outputFile,
      onTransfer: (t) => {
        if (t.done) say(`   ${transferText({ ...t, file: path.basename(t.file) })}`);
      },
      onProgress: (p) => {
        if (p.status !== lastStatus)
          say(`   ${p.status.padEnd(12)} ${Math.round(p.percent)}%  ${p.scoredRows} rows scored`);
        lastStatus = p.status;
      },
    });
    say(`   ✔ job ${result.jobId} ${result.status}: ${result.job.scoredRows} rows scored`);
    const lines = fs.readFileSync(outputFile, "utf8").split(/\r?\n/).filter(Boolean);
    say(`   predictions (${lines.length - 1} rows) in ${path.relative(process.cwd(), outputFile)}:`);
    for (const line of lines.slice(0, 4)) say(`   │ ${line}`);
    return true;
  } catch (error) {
    say(`   ✘ ${(error as Error).message}`);
    return false;
  }
}

function followUp(target: Target, definitionName: string): void {
  step("What next");
  const emulated = !process.env.DATAROBOT_ENDPOINT;
  say("   Re-run the definition and watch it:      npm run demo -- --run");
  say("   Score a CSV file (upload, download):     npm run demo -- --score-file examples/data/sample.csv");
  say("   Destroy the demo stack:                  npm run demo -- --destroy");
  if (emulated) {
    say(
      `   Explore the emulator yourself:           npm run emulator -- --port ${EMULATOR_PORT_HINT} --persist ${path.relative(repoRoot, path.join(demoDir, "emulator-state.json"))}`,
    );
    say(
      `   …then run it with the CLI:               DATAROBOT_ENDPOINT=http://127.0.0.1:${EMULATOR_PORT_HINT}/api/v2 DATAROBOT_API_TOKEN=${target.token} npx datarobot-batch run ${definitionName}`,
    );
  } else {
    say(`   Run it with the CLI:                     npx datarobot-batch run ${definitionName}`);
  }
  say("   Read the program:                        examples/quickstart/program.ts");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { destroy: { type: "boolean" }, run: { type: "boolean" }, "score-file": { type: "string" } },
  });
  say("DataRobot batch prediction job definitions as code: the demo");

  const scoreCsv = values["score-file"];
  if (scoreCsv !== undefined) {
    // Scoring a file needs no stack (and no engine): a definition, a run, an upload and a download.
    const target = await connect();
    say(`   using ${target.description}`);
    try {
      return (await scoreFile(
        new DataRobotClient({ endpoint: target.endpoint, token: target.token }),
        target,
        scoreCsv,
      ))
        ? 0
        : 1;
    } finally {
      await target.close();
    }
  }

  step("1. The Pulumi engine");
  const engineStarted = Date.now();
  linkSelf();
  const engine = await ensureEngine();
  if (engine.source === "built") {
    say(
      `   built pulumi v${engine.version} from its Go modules in ${engine.buildSeconds?.toFixed(0)} s (first time only; cached for next time)`,
    );
  } else {
    const info = path.join(engine.root, "build-info.json");
    const built = fs.existsSync(info)
      ? (JSON.parse(fs.readFileSync(info, "utf8")) as { buildSeconds?: number })
      : undefined;
    const history = built?.buildSeconds ? ` (its first build took ${built.buildSeconds.toFixed(0)} s)` : "";
    say(
      `   pulumi v${engine.version} ${engine.source === "path" ? "found on PATH" : "found in the cache"} in ${((Date.now() - engineStarted) / 1000).toFixed(1)} s${history}`,
    );
  }

  step("2. DataRobot");
  const target = await connect();
  say(`   using ${target.description}`);
  const client = new DataRobotClient({ endpoint: target.endpoint, token: target.token });
  try {
    const stack = await demoStack(engine.root, target, target.settings);

    if (values.destroy) {
      step("Destroying the demo stack");
      // runProgram: the engine would otherwise configure the provider from the config stored at the last `up`,
      // whose emulator port is gone (see docs/troubleshooting.md).
      const result = await stack.destroy({
        runProgram: true,
        onOutput: (out) => process.stdout.write(indent(out) + "\n"),
      });
      say(`   ✔ ${JSON.stringify(result.summary.resourceChanges)}`);
      await stack.workspace.removeStack(STACK);
      return 0;
    }

    if (values.run) {
      const outputs = await stack.outputs();
      const id = outputs.definitionId?.value as string | undefined;
      if (!id) throw new Error("The demo stack has no definition yet: run `npm run demo` first.");
      step("Running the definition");
      return (await runOnce(client, id)) ? 0 : 1;
    }

    step("3. pulumi up: the quickstart stack");
    const up = await stack.up({ onOutput: (out) => process.stdout.write(indent(out) + "\n") });
    say(`   ✔ ${JSON.stringify(up.summary.resourceChanges)}`);
    const definitionId = up.outputs.definitionId.value as string;

    step("4. The definition DataRobot now holds");
    const definitionName = await showDefinition(client, definitionId);

    step("5. Run it now, and follow the job");
    const ran = await runOnce(client, definitionId);

    step("6. A change, as a pull-request reviewer sees it (datarobot-batch preview)");
    say("   The program now runs at 03:00 and writes to scored_customers_v2. The preview, reviewed:");
    const changed = await LocalWorkspace.selectStack(
      {
        stackName: STACK,
        projectName: PROJECT,
        program: async () => quickstart({ ...target.settings, hour: 3, table: "scored_customers_v2" }),
      },
      {
        workDir: stack.workspace.workDir,
        pulumiCommand: await PulumiCommand.get({ root: engine.root }),
        pulumiHome: path.join(demoDir, "pulumi-home"),
        envVars: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE, PULUMI_SKIP_UPDATE_CHECK: "true" },
      },
    );
    const review = await reviewPreview(changed);
    say(indent(review.text));
    const commentFile = path.join(demoDir, "pull-request-comment.md");
    fs.writeFileSync(commentFile, review.markdown);
    say(`   The same review as a pull-request comment (Markdown): ${path.relative(process.cwd(), commentFile)}`);
    say("   (not applied: the stack still runs at 02:00)");

    followUp(target, definitionName);
    say(`\nDemo finished in ${elapsed()}.`);
    return ran ? 0 : 1;
  } finally {
    await target.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`\ndemo failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
