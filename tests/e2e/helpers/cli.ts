/**
 * Drives the real `pulumi` CLI (and other commands) as a user types them in a terminal: spawned processes in a
 * temporary copy of a project folder, with the engine built by scripts/engine.js first on PATH, a local file backend
 * (`pulumi login file://...`), an isolated PULUMI_HOME and a passphrase for secrets.
 *
 * The copies live outside the repository, so nothing resolves from the repository's node_modules by accident: a folder
 * works only with what `npm install` put into it.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { engineRoot, repoRoot } from "./stack";

export interface CommandResult {
  status: number | null;
  /** stdout and stderr, interleaved as they arrived. */
  output: string;
}

/** The language host the CLI uses, as scripts/engine.js found or built it (next to `pulumi` in its cache). */
export function languageHostPath(): string {
  return setByEngineSetup("PULUMI_DATAROBOT_BATCH_LANGUAGE_HOST", "the engine and the Node.js language host");
}

/** The YAML language host the CLI uses (runs `runtime: yaml` programs), as scripts/engine.js found or built it. */
export function yamlHostPath(): string {
  return setByEngineSetup("PULUMI_DATAROBOT_BATCH_YAML_HOST", "the engine and its language hosts");
}

/** An environment variable the e2e project's global setup sets from scripts/engine.js (`obtains`: what it names). */
function setByEngineSetup(variable: string, obtains: string): string {
  const value = process.env[variable];
  if (!value) {
    throw new Error(
      `${variable} is not set: run e2e tests through jest's e2e project (its global setup obtains ${obtains} ` +
        "with scripts/engine.js)",
    );
  }
  return value;
}

/** The directory holding the engine's `pulumi`. */
export function engineBinDir(): string {
  return path.join(engineRoot(), "bin");
}

/** Copies a folder, leaving out what `npm install` or a previous run would have created in it. */
export function copyFolder(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (source) => !["node_modules", "package-lock.json"].includes(path.basename(source)),
  });
}

export class CliSession {
  /** Temporary root: the project copies, the state backend and PULUMI_HOME live under it. */
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "datarobot-batch-cli-"));
  readonly backendUrl = `file://${path.join(this.root, "backend")}`;
  private readonly env: NodeJS.ProcessEnv;

  /** @param options.path directories to put first on PATH (e.g. one holding a plugin executable the engine finds). */
  constructor(options: { path?: string[] } = {}) {
    fs.mkdirSync(path.join(this.root, "backend"));
    fs.mkdirSync(path.join(this.root, "home"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // The engine's bin directory first (the CLI looks for the language hosts next to itself), then the hosts' own
      // directories in case they came from elsewhere on PATH, then the user's PATH (node, npm).
      PATH: [
        ...(options.path ?? []),
        engineBinDir(),
        path.dirname(languageHostPath()),
        path.dirname(yamlHostPath()),
        process.env.PATH,
      ].join(path.delimiter),
      PULUMI_HOME: path.join(this.root, "home"),
      PULUMI_CONFIG_PASSPHRASE: "cli-e2e-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      FORCE_COLOR: "0",
      NO_COLOR: "1",
    };
    // The DataRobot connection comes from stack config in these tests, never from the test runner's environment.
    delete env.DATAROBOT_ENDPOINT;
    delete env.DATAROBOT_API_TOKEN;
    delete env.PULUMI_BACKEND_URL;
    delete env.PULUMI_ACCESS_TOKEN;
    this.env = env;
  }

  /** Runs a command in `cwd` (relative to the session root) and resolves with its exit status and output. */
  run(
    cwd: string,
    command: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
  ): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      // Asynchronous on purpose: the emulator answering the provider runs in this very process.
      const child = spawn(command, args, {
        cwd: path.resolve(this.root, cwd),
        env: { ...this.env, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 240_000);
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on("close", (status) => {
        clearTimeout(timer);
        resolve({ status, output });
      });
    });
  }

  /** Like run, but a non-zero exit fails the test with the command's own output. */
  async ok(cwd: string, command: string, args: string[], options?: { env?: NodeJS.ProcessEnv }): Promise<string> {
    const result = await this.run(cwd, command, args, options);
    if (result.status !== 0) {
      throw new Error(`\`${command} ${args.join(" ")}\` in ${cwd} exited ${result.status}:\n${result.output}`);
    }
    return result.output;
  }

  pulumi(cwd: string, ...args: string[]): Promise<string> {
    return this.ok(cwd, "pulumi", [...args, "--non-interactive"]);
  }

  /** `pulumi login` to the session's file backend (once per session: the login is kept in PULUMI_HOME). */
  async login(): Promise<void> {
    await this.ok(".", "pulumi", ["login", this.backendUrl]);
  }

  /** Copies an example folder into the session and installs it with the packed package, as a user would. */
  async installExample(name: string, tarball: string): Promise<string> {
    copyFolder(path.join(repoRoot, "examples", name), path.join(this.root, name));
    // `npm install <tarball>` stands for `npm install pulumi-datarobot-batch`; the rest comes from package.json.
    await this.ok(name, "npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball]);
    return name;
  }

  /** Packs this repository (built `dist/`) once, as it would be published. */
  async pack(): Promise<string> {
    await this.ok(".", "npm", ["pack", "--pack-destination", this.root, repoRoot]);
    const tarball = fs.readdirSync(this.root).find((file) => file.endsWith(".tgz"));
    if (!tarball) throw new Error(`npm pack wrote no tarball into ${this.root}`);
    return path.join(this.root, tarball);
  }

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Asserts that `lines` occur in `output` in this order (each as a substring of a later line than the previous). */
export function expectLinesInOrder(output: string, lines: string[]): void {
  const outputLines = output.split("\n");
  let at = 0;
  for (const wanted of lines) {
    const found = outputLines.findIndex((line, i) => i >= at && line.includes(wanted));
    if (found < 0)
      throw new Error(`expected a line containing ${JSON.stringify(wanted)} after line ${at} in:\n${output}`);
    at = found + 1;
  }
}
