/**
 * The Python groundwork, end to end: the SDK generator (scripts/codegen/, `npm run sdk:python`) turns a package
 * schema into the `pulumi_datarobot_batch` package; a stale generated folder is detected; the package builds into a
 * wheel that installs into the cached venv (`scripts/python-sdk/setup.sh pulumi`) and imports with Pulumi's Python
 * conventions; and the engine runs a Python program through the Python language host with that venv.
 *
 * The real schema (plugin/schema.json) comes from the native plugin; these tests use a small fixture schema of the
 * same shape (tests/fixtures/schema/datarobot-batch.json): one resource with nested object types, an enum, a secret
 * property, config variables and a provider.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  buildWheel,
  generatePythonSdk,
  installWheel,
  readmeHeader,
  setupVenv,
  staleFiles,
} from "../../scripts/python-sdk-gen";
import { CliSession, copyFolder, repoRoot } from "./helpers";

jest.setTimeout(600_000);
const execFileAsync = promisify(execFile);

const fixtureSchema = path.join(repoRoot, "tests", "fixtures", "schema", "datarobot-batch.json");
const checkScript = path.join(repoRoot, "tests", "fixtures", "python", "check_sdk.py");
const programFixture = path.join(repoRoot, "tests", "fixtures", "python", "program");
const genScript = path.join(repoRoot, "scripts", "python-sdk-gen.js");

const temp = fs.mkdtempSync(path.join(os.tmpdir(), "python-sdk-e2e-"));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

describe("npm run sdk:python (the Python SDK generator)", () => {
  const out = path.join(temp, "generated-python");

  beforeAll(async () => {
    await generatePythonSdk({ schemaPath: fixtureSchema, outDir: out });
  });

  it("writes a pip-installable package named pulumi_datarobot_batch, whose README says it is generated", () => {
    for (const file of [
      "pyproject.toml",
      "README.md",
      "pulumi_datarobot_batch/__init__.py",
      "pulumi_datarobot_batch/batch_prediction_job_definition.py",
      "pulumi_datarobot_batch/provider.py",
      "pulumi_datarobot_batch/_enums.py",
      "pulumi_datarobot_batch/_inputs.py",
      "pulumi_datarobot_batch/outputs.py",
      "pulumi_datarobot_batch/config/vars.py",
      "pulumi_datarobot_batch/pulumi-plugin.json",
      "pulumi_datarobot_batch/py.typed",
    ]) {
      expect(fs.existsSync(path.join(out, file))).toBe(true);
    }
    const readme = fs.readFileSync(path.join(out, "README.md"), "utf8");
    expect(readme.split("\n")[0]).toBe(
      "> **GENERATED** from tests/fixtures/schema/datarobot-batch.json by npm run sdk:python; do not edit.",
    );
    expect(readmeHeader(path.join(repoRoot, "plugin", "schema.json"))).toBe(
      "> **GENERATED** from plugin/schema.json by npm run sdk:python; do not edit.",
    );
    // The plugin the engine loads for this package's resources.
    expect(JSON.parse(fs.readFileSync(path.join(out, "pulumi_datarobot_batch/pulumi-plugin.json"), "utf8"))).toEqual({
      resource: true,
      name: "datarobot-batch",
      version: "0.0.0-fixture",
    });
    const pyproject = fs.readFileSync(path.join(out, "pyproject.toml"), "utf8");
    expect(pyproject).toContain('name = "pulumi_datarobot_batch"');
    expect(pyproject).toContain('"pulumi>=3.139.0,<4.0.0"');
  });

  it("reports a generated folder that is stale relative to its schema, file by file", async () => {
    expect(await staleFiles({ schemaPath: fixtureSchema, outDir: out })).toEqual([]);

    // The schema changes (a new description) but the folder is not regenerated.
    const changed = JSON.parse(fs.readFileSync(fixtureSchema, "utf8"));
    changed.resources["datarobot-batch:index:BatchPredictionJobDefinition"].inputProperties.name.description =
      "A new description.";
    const changedSchema = path.join(repoRoot, "tests", "fixtures", "schema", `.changed-${process.pid}.json`);
    fs.writeFileSync(changedSchema, JSON.stringify(changed));
    try {
      const stale = await staleFiles({ schemaPath: changedSchema, outDir: out });
      expect(stale).toContain("pulumi_datarobot_batch/batch_prediction_job_definition.py");
      expect(stale).toContain("README.md"); // it names another schema file
    } finally {
      fs.rmSync(changedSchema, { force: true });
    }

    // A hand edit and a deleted file in the generated folder.
    const edited = fs.mkdtempSync(path.join(temp, "edited-"));
    fs.cpSync(out, edited, { recursive: true });
    fs.appendFileSync(path.join(edited, "pulumi_datarobot_batch/provider.py"), "\n# hand edit\n");
    fs.rmSync(path.join(edited, "pulumi_datarobot_batch/_enums.py"));
    expect(await staleFiles({ schemaPath: fixtureSchema, outDir: edited })).toEqual([
      "pulumi_datarobot_batch/_enums.py",
      "pulumi_datarobot_batch/provider.py",
    ]);

    // The command users and CI run fails, naming the files and the fix.
    const check = await execFileAsync(
      process.execPath,
      [genScript, "--schema", fixtureSchema, "--out", edited, "--check"],
      {
        cwd: repoRoot,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect((check as { code: number }).code).toBe(1);
    expect((check as { stderr: string }).stderr).toContain(
      `${edited} is stale relative to ${fixtureSchema}: pulumi_datarobot_batch/_enums.py, ` +
        "pulumi_datarobot_batch/provider.py. Run npm run sdk:python.",
    );
  });

  it("keeps the checked-in generated/python current with plugin/schema.json (once the plugin's schema exists)", async () => {
    const schema = path.join(repoRoot, "plugin", "schema.json");
    const generated = path.join(repoRoot, "generated", "python");
    if (!fs.existsSync(schema)) {
      // Before the native plugin lands there is no schema, and no package may be generated from anything else.
      expect(fs.existsSync(generated)).toBe(false);
      return;
    }
    expect(fs.existsSync(generated)).toBe(true);
    expect(await staleFiles({ schemaPath: schema, outDir: generated })).toEqual([]);
  });
});

describe("the generated package in the Python venv, and a Python program through the engine", () => {
  let python: string;
  let wheel: string;

  beforeAll(async () => {
    const out = path.join(temp, "venv-sdk");
    await generatePythonSdk({ schemaPath: fixtureSchema, outDir: out });
    python = setupVenv();
    wheel = buildWheel({ python, sdkDir: out, wheelDir: path.join(temp, "dist") });
    installWheel({ python, wheel });
  });

  it("builds a wheel that installs and imports with Pulumi's Python conventions", async () => {
    expect(path.basename(wheel)).toBe("pulumi_datarobot_batch-0.0.0+fixture-py3-none-any.whl");
    const { stdout } = await execFileAsync(python, [checkScript], {
      cwd: temp, // not the repository: the package must come from the venv
      env: { ...process.env, DATAROBOT_API_TOKEN: "token-from-env", DATAROBOT_ENDPOINT: "" },
    });
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      distribution: "pulumi-datarobot-batch",
      version: "0.0.0+fixture",
      // snake_case keyword-only arguments, required ones first
      args_parameters: [
        "deployment_id",
        "intake_settings",
        "enabled",
        "name",
        "passthrough_columns",
        "schedule",
        "webhook_secret",
      ],
      args_keyword_only: true,
      nested_args_parameters: ["type", "credential_id", "jdbc", "url"],
      opts_annotation_in_source: true,
      is_custom_resource: true,
      output_types: {
        deployment_id: "pulumi.output.Output[str]",
        intake_settings: "pulumi.output.Output[pulumi_datarobot_batch.outputs.IntakeSettings]",
        enabled: "pulumi.output.Output[bool]",
        webhook_secret: "pulumi.output.Output[typing.Optional[str]]",
        last_run_status: "pulumi.output.Output[typing.Optional[str]]",
      },
      enum: { LOCAL_FILE: "localFile", S3: "s3", JDBC: "jdbc" },
      config: ["api_token", "endpoint"],
      config_endpoint_default: "https://app.datarobot.com/api/v2",
      config_api_token_from_env: "token-from-env",
      secret_outputs_in_source: true,
      provider_is_provider: true,
      plugin: { resource: true, name: "datarobot-batch" },
    });
    expect(report.requires).toContain("pulumi<4.0.0,>=3.139.0");
  });

  it("runs a Python program through the Python language host with the venv (PULUMI_PYTHON_CMD)", async () => {
    const host = process.env.PULUMI_DATAROBOT_BATCH_PYTHON_HOST;
    expect(host && fs.existsSync(host)).toBeTruthy();
    expect(fs.existsSync(path.join(path.dirname(host!), "pulumi-language-python-exec"))).toBe(true);

    const session = new CliSession();
    try {
      copyFolder(programFixture, path.join(session.root, "program"));
      const env = { PULUMI_PYTHON_CMD: python };
      await session.login();
      await session.ok("program", "pulumi", ["stack", "init", "dev", "--non-interactive"], { env });
      await session.ok("program", "pulumi", ["config", "set", "name", "world"], { env });
      await session.ok("program", "pulumi", ["config", "set", "--secret", "token", "s3cr3t-value"], { env });
      await session.ok("program", "pulumi", ["config", "set", "datarobot-batch:endpoint", "http://emulator:8080"], {
        env,
      });
      await session.ok("program", "pulumi", ["up", "--yes", "--non-interactive", "--skip-preview"], { env });
      const outputs = JSON.parse(
        await session.ok("program", "pulumi", ["stack", "output", "--json", "--show-secrets"], { env }),
      );
      expect(outputs).toEqual({
        greeting: "hello world",
        token: "s3cr3t-value",
        python,
        endpoint: "http://emulator:8080",
      });
      // The secret output is encrypted in the state.
      const state = fs.readFileSync(
        path.join(session.root, "backend", ".pulumi", "stacks", "python-host-check", "dev.json"),
        "utf8",
      );
      expect(state).not.toContain("s3cr3t-value");
      expect(state).toContain("hello world");
    } finally {
      session.cleanup();
    }
  });
});
