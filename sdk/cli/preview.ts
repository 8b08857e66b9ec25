/**
 * `datarobot-batch preview --stack <stack>`: previews the stack through the Automation API and prints the review of
 * its job-definition changes (text, or JSON with --json); --markdown also writes the pull-request comment to a file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { reviewPreview } from "../review";
import type { PreviewCommand } from "./args";
import { EXIT, type ExitCode } from "./exit-codes";
import type { CliIo } from "./io";
import { openStack } from "./stack";

/** Checked before the (slow) preview, so a typo fails at once; directories are never created (a typo would hide). */
function checkMarkdownTarget(file: string): void {
  const directory = path.dirname(path.resolve(file));
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    throw new Error(`--markdown ${file}: the directory ${directory} does not exist; create it first.`);
  }
}

function writeMarkdown(file: string, markdown: string): void {
  checkMarkdownTarget(file);
  fs.writeFileSync(file, markdown);
}

/** Returns EXIT.OK once the review is printed (changes and warnings are for people, not a failure). */
export async function previewCommand(command: PreviewCommand, io: CliIo): Promise<ExitCode> {
  if (command.markdownFile !== undefined) checkMarkdownTarget(command.markdownFile);
  const stack = await openStack(io, command.stack, command.cwd);
  const result = await reviewPreview(stack, {
    refresh: command.refresh,
    ...(io.now ? { now: io.now() } : {}),
  });
  if (command.markdownFile !== undefined) writeMarkdown(command.markdownFile, result.markdown);
  io.stdout.write(command.json ? `${JSON.stringify(result.review, null, 2)}\n` : result.text);
  return EXIT.OK;
}
