/**
 * One clear line for an error of `datarobot-batch`: the Automation API reports a missing `pulumi` CLI, a missing
 * stack or project as a multi-line command dump (`code: -2 stdout: stderr: Command failed with ENOENT ...`); here
 * each becomes a sentence saying what to do. The exit code is always EXIT.ERROR (5), as `--help` promises.
 */
import { cut } from "../../provider/values";

export interface ErrorContext {
  stack?: string;
  /** The Pulumi project directory that was used. */
  cwd?: string;
}

interface CommandResultLike {
  stdout?: string;
  stderr?: string;
  err?: { message?: string; code?: string };
}

function commandResultOf(error: unknown): CommandResultLike | undefined {
  const result = (error as { commandResult?: unknown } | undefined)?.commandResult;
  return result && typeof result === "object" ? (result as CommandResultLike) : undefined;
}

/** The first `error: ...` line pulumi printed, else its first non-empty line. */
function firstErrorLine(text: string): string | undefined {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const error = lines.find((line) => /^error:/i.test(line));
  return (error ?? lines[0])?.replace(/^error:\s*/i, "");
}

const ONE_LINE = 300;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= ONE_LINE ? flat : `${flat.slice(0, ONE_LINE - 3)}...`;
}

export function describeCliError(error: unknown, context: ErrorContext = {}): string {
  const message = error instanceof Error ? error.message : String(error);
  const result = commandResultOf(error);
  const everything = [message, result?.stderr, result?.stdout, result?.err?.message].filter(Boolean).join("\n");
  const where = context.cwd ? ` in ${cut(context.cwd)}` : "";
  if (/ENOENT/.test(everything) && /\bpulumi\b/.test(everything)) {
    return (
      "the pulumi CLI was not found on PATH (--stack drives it through the Automation API). Install Pulumi, or in " +
      "this package's repository run `npm run engine` and add the directory it prints to PATH."
    );
  }
  if ((error as { name?: string })?.name === "StackNotFoundError" || /no stack named .* found/i.test(everything)) {
    const stack = context.stack !== undefined ? ` ${cut(context.stack)}` : "";
    return (
      `stack${stack} was not found${where}. List the stacks with \`pulumi stack ls\` in the project directory, ` +
      "or pass --cwd <project directory>."
    );
  }
  // pulumi 3.x says the second when it has no project to qualify the stack name with.
  const noProject = /no Pulumi\.ya?ml project file found|Pulumi\.ya?ml.*(not found|does not exist)/i;
  const unqualified = /pass the fully qualified name \(organization\/project\/stack\)/i;
  if (noProject.test(everything) || unqualified.test(everything)) {
    return `no Pulumi project (Pulumi.yaml)${where}. Run the command in the project directory, or pass --cwd <project directory>.`;
  }
  if (/ENOENT/.test(everything) && context.cwd) {
    return `the project directory ${cut(context.cwd)} does not exist. Pass --cwd <project directory>.`;
  }
  if (result) {
    const line = firstErrorLine(result.stderr ?? "") ?? firstErrorLine(result.stdout ?? "") ?? message;
    return `pulumi failed: ${oneLine(line)}`;
  }
  return oneLine(message);
}
