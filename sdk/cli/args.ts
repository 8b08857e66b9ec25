/** Command line parsing for `datarobot-batch` (node:util parseArgs; no dependency). */
import { parseArgs } from "node:util";

/** The program name the usage text is written with; `usage()` puts another in its place. */
export const PROGRAM_NAME = "datarobot-batch";

export const USAGE = `Usage:
  datarobot-batch run <id|name>... [--no-wait] [--timeout <duration>] [--json] [--leave-running] [--concurrency <n>]
  datarobot-batch run <id|name> --intake-file <data.csv> [--output-file <predictions.csv>] [options]
                      [--if-idle]
  datarobot-batch run --stack <stack> [--cwd <dir>] [options]
  datarobot-batch preview --stack <stack> [--cwd <dir>] [--markdown <file>] [--json] [--no-refresh]
  datarobot-batch probe --deployment-id <id> [--endpoint <url>] [--json] [--watch <duration>]
  datarobot-batch --help

run: runs batch prediction job definitions (POST /batchPredictions/fromJobDefinition/) and waits for them, polling
with backoff (1 s, 2 s, 4 s, 8 s, then every 15 s) and showing progress.

preview: runs \`pulumi preview\` of the stack and prints a review of its job-definition changes: the operation, each
changed field (before -> after, secrets masked), schedules in words with their next runs, and warnings (schedule
enabled/disabled, deployment changed, output table or statement type changed, deletion of a recently run definition).
  --markdown <file>    also write the review as Markdown for a pull-request comment (starts with a hidden marker)
  --json               print the review as JSON instead of text
  --no-refresh         do not refresh before previewing (no DataRobot calls; "before" values come from the state)

probe: finds out how your DataRobot behaves where its documentation is silent (PATCH semantics, null in a write,
server-filled fields, unknown keys, duplicate names, chunkSize 10, localFile upload wait). It creates a few disabled
definitions named pulumi-datarobot-batch-probe-<random>-<step> for the deployment, deletes them all at the end (also
on failure or Ctrl-C), prints what the server did and the emulator options that reproduce it.
  --deployment-id <id> the deployment the throwaway definitions use (required)
  --endpoint <url>     the API base (default: DATAROBOT_ENDPOINT); the token is read from DATAROBOT_API_TOKEN only
  --watch <d>          how long to watch a localFile run for an upload wait (default 5s)
  --json               print the findings as JSON

Options of run:
  --no-wait            start the job(s) and exit without waiting
  --timeout <d>        give up after <d> from the job's start (e.g. 90, 90s, 15m, 2h; default 1h), uploading
                       and downloading files included; the job is aborted
  --leave-running      on timeout or Ctrl-C, leave the job running instead of aborting it
  --json               print the result as JSON on stdout (progress goes to stderr)
  --concurrency <n>    definitions run at the same time (default 2)
  --intake-file <f>    the CSV to score, for a definition whose intake is "localFile": uploaded (streamed) to the
                       job, which starts once it has the data; one definition only
  --output-file <f>    for a "localFile" output: write the predictions there once the job completed (atomically:
                       a failed run leaves no file); without it the run prints where they can be downloaded
  --max-download-size <s>  the most the --output-file download may write (e.g. 500MB, 20GB; default 10GB)
  --if-idle            skip (exit 0, with a message) a definition that already has an active job; without it, such
                       a definition gets a warning and a second job
  --stack <stack>      run the definitions the stack exports (output "batchPredictionJobDefinitions")
  --cwd <dir>          the Pulumi project directory of --stack (default: the current directory)
  -h, --help           show this help

Connection: DATAROBOT_ENDPOINT and DATAROBOT_API_TOKEN; with --stack, the stack's config
datarobot:endpoint / datarobot:apiToken first.

Exit codes (preview: 0 reviewed, 2 usage error, 5 other error):
  0  every run completed (or was started, with --no-wait)
  1  a job FAILED
  2  usage error
  3  a job was ABORTED
  4  timed out waiting (the job was aborted, or left running with --leave-running)
  5  other error (configuration, definition not found, API error; with --stack: pulumi not on PATH, stack or
     project not found; preview: the --markdown directory does not exist)
  130 interrupted (Ctrl-C, SIGTERM); the job was aborted unless --leave-running (a second signal exits at once)`;

/**
 * The usage text under `programName`: each command line starts with it, and the lines that continue one keep their
 * column.
 */
export function usage(programName: string = PROGRAM_NAME): string {
  if (programName === PROGRAM_NAME) return USAGE;
  const shift = programName.length - PROGRAM_NAME.length;
  let continuing = false;
  return USAGE.split("\n")
    .map((line) => {
      if (line.startsWith(`  ${PROGRAM_NAME} `) || line === `  ${PROGRAM_NAME}`) {
        continuing = true;
        return `  ${programName}${line.slice(2 + PROGRAM_NAME.length)}`;
      }
      // A continuation line (only spaces before its first option) of a command line above.
      if (continuing && /^ {3,}\[/.test(line)) return shift >= 0 ? " ".repeat(shift) + line : line.slice(-shift);
      continuing = false;
      return line;
    })
    .join("\n");
}

export interface RunCommand {
  command: "run";
  references: string[];
  wait: boolean;
  timeoutMs: number;
  leaveRunning: boolean;
  json: boolean;
  concurrency: number;
  ifIdle: boolean;
  /** --max-download-size, in bytes. */
  maxDownloadBytes?: number;
  stack?: string;
  cwd?: string;
  intakeFile?: string;
  outputFile?: string;
}

export interface PreviewCommand {
  command: "preview";
  stack: string;
  cwd?: string;
  markdownFile?: string;
  json: boolean;
  refresh: boolean;
}

export interface ProbeCommand {
  command: "probe";
  deploymentId: string;
  endpoint?: string;
  json: boolean;
  watchMs: number;
}

export type ParsedCommand = RunCommand | PreviewCommand | ProbeCommand | { command: "help" };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "90" (seconds), "90s", "15m", "2h", "500ms" → milliseconds. */
export function parseDuration(text: string): number {
  return durationFor("--timeout", text);
}

function durationFor(option: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match || Number(match[1]) <= 0) {
    throw new UsageError(`${option}: expected a positive duration such as 90, 90s, 15m or 2h (got "${text}")`);
  }
  return Number(match[1]) * UNITS[match[2] ?? "s"];
}

export function parseCommandLine(argv: string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      allowNegative: true,
      options: {
        wait: { type: "boolean", default: true },
        timeout: { type: "string" },
        "leave-running": { type: "boolean", default: false },
        "if-idle": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        concurrency: { type: "string" },
        stack: { type: "string" },
        cwd: { type: "string" },
        markdown: { type: "string" },
        refresh: { type: "boolean", default: true },
        "deployment-id": { type: "string" },
        endpoint: { type: "string" },
        watch: { type: "string" },
        "intake-file": { type: "string" },
        "output-file": { type: "string" },
        "max-download-size": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { command: "help" };
  const [command, ...references] = positionals;
  if (command === "probe") return probeCommand(values, references);
  for (const option of ["deployment-id", "endpoint", "watch"] as const) {
    if (values[option] !== undefined) throw new UsageError(`--${option} is only used with probe`);
  }
  if (command === "preview") return parsePreviewCommand(values, references);
  if (command !== "run")
    throw new UsageError(`Unknown command "${command}" (the commands are "run", "preview" and "probe")`);
  if (values.markdown !== undefined) throw new UsageError("--markdown is only used with preview");
  if (values.refresh === false) throw new UsageError("--no-refresh is only used with preview");
  if (values.stack === undefined && references.length === 0) {
    throw new UsageError("run: give a job definition id or name, or --stack <stack>");
  }
  if (values.stack !== undefined && references.length > 0) {
    throw new UsageError("run: give either definition ids/names or --stack, not both");
  }
  if (values.cwd !== undefined && values.stack === undefined) throw new UsageError("--cwd is only used with --stack");
  const intakeFile = values["intake-file"];
  const outputFile = values["output-file"];
  if (intakeFile !== undefined || outputFile !== undefined) {
    const flag = intakeFile !== undefined ? "--intake-file" : "--output-file";
    if (values.stack !== undefined || references.length !== 1)
      throw new UsageError(`${flag} runs one definition: give exactly one id or name (not --stack)`);
    if (outputFile !== undefined && values.wait === false)
      throw new UsageError("--output-file needs the run to finish: leave out --no-wait");
  }
  const maxDownload = values["max-download-size"];
  if (maxDownload !== undefined && outputFile === undefined)
    throw new UsageError("--max-download-size limits the --output-file download: give --output-file too");
  let concurrency = 2;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new UsageError(`--concurrency: expected a positive integer (got "${values.concurrency}")`);
    }
  }
  return {
    command: "run",
    references,
    wait: values.wait !== false,
    timeoutMs: values.timeout === undefined ? 3_600_000 : parseDuration(values.timeout),
    leaveRunning: values["leave-running"] === true,
    json: values.json === true,
    concurrency,
    ifIdle: values["if-idle"] === true,
    ...(values.stack !== undefined ? { stack: values.stack } : {}),
    ...(values.cwd !== undefined ? { cwd: values.cwd } : {}),
    ...(intakeFile !== undefined ? { intakeFile } : {}),
    ...(outputFile !== undefined ? { outputFile } : {}),
    ...(maxDownload !== undefined ? { maxDownloadBytes: parseSize("--max-download-size", maxDownload) } : {}),
  };
}

const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** "500MB", "20GB", "1048576" (bytes) → bytes; the units are binary (1 GB = 1024³ bytes), as the default's 10 GiB. */
export function parseSize(option: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$/i.exec(text.trim());
  if (!match || Number(match[1]) <= 0) {
    throw new UsageError(`${option}: expected a positive size such as 500MB or 20GB (got "${text}")`);
  }
  const unit = (match[2] ?? "B").toUpperCase().replace("IB", "B");
  return Math.floor(Number(match[1]) * SIZE_UNITS[unit]);
}

interface PreviewValues {
  stack?: string;
  cwd?: string;
  markdown?: string;
  json?: boolean;
  refresh?: boolean;
  wait?: boolean;
  timeout?: string;
  concurrency?: string;
  "leave-running"?: boolean;
  "intake-file"?: string;
  "output-file"?: string;
  "if-idle"?: boolean;
}

function parsePreviewCommand(values: PreviewValues, extra: string[]): PreviewCommand {
  if (extra.length > 0) throw new UsageError(`preview: unexpected argument "${extra[0]}" (use --stack <stack>)`);
  if (values.stack === undefined) throw new UsageError("preview: --stack <stack> is required");
  for (const option of ["timeout", "concurrency"] as const) {
    if (values[option] !== undefined) throw new UsageError(`--${option} is only used with run`);
  }
  if (values.wait === false) throw new UsageError("--no-wait is only used with run");
  if (values["leave-running"]) throw new UsageError("--leave-running is only used with run");
  for (const option of ["intake-file", "output-file"] as const) {
    if (values[option] !== undefined) throw new UsageError(`--${option} is only used with run`);
  }
  if (values["if-idle"]) throw new UsageError("--if-idle is only used with run");
  return {
    command: "preview",
    stack: values.stack,
    json: values.json === true,
    refresh: values.refresh !== false,
    ...(values.cwd !== undefined ? { cwd: values.cwd } : {}),
    ...(values.markdown !== undefined ? { markdownFile: values.markdown } : {}),
  };
}

interface ProbeValues {
  "deployment-id"?: string;
  endpoint?: string;
  watch?: string;
  json?: boolean;
  stack?: string;
  markdown?: string;
  timeout?: string;
  concurrency?: string;
}

function probeCommand(values: ProbeValues, extra: string[]): ProbeCommand {
  if (extra.length > 0) throw new UsageError(`probe: unexpected argument "${extra[0]}" (use --deployment-id <id>)`);
  const deploymentId = values["deployment-id"];
  if (!deploymentId) throw new UsageError("probe: --deployment-id <id> is required");
  for (const option of ["stack", "markdown", "timeout", "concurrency"] as const) {
    if (values[option] !== undefined) throw new UsageError(`--${option} is not used with probe`);
  }
  return {
    command: "probe",
    deploymentId,
    json: values.json === true,
    watchMs: values.watch === undefined ? 5000 : durationFor("--watch", values.watch),
    ...(values.endpoint !== undefined ? { endpoint: values.endpoint } : {}),
  };
}
