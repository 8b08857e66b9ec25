/**
 * `datarobot-batch preview --stack <stack>`: previews the stack through the Automation API and prints the review of
 * its job-definition changes (text, or JSON with --json); --markdown also writes the pull-request comment to a file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { reviewPreview, type PreviewableStack } from "../review";
import type { PreviewCommand } from "./args";
import type { OutputStream } from "./render";

export type PreviewStackOpener = (stackName: string, workDir: string) => Promise<PreviewableStack>;

export interface PreviewIo {
  stdout: OutputStream;
  stderr: OutputStream;
  openPreviewStack?: PreviewStackOpener;
  now?: () => Date;
}

async function openWithAutomationApi(stackName: string, workDir: string): Promise<PreviewableStack> {
  // Loaded only here: the Automation API drives the pulumi CLI, which other commands do not need.
  const automation: typeof import("@pulumi/pulumi/automation") = require("@pulumi/pulumi/automation");
  return automation.LocalWorkspace.selectStack({ stackName, workDir });
}

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

/** Returns the exit code: 0 once the review is printed (changes and warnings are for people, not a failure). */
export async function previewCommand(command: PreviewCommand, io: PreviewIo): Promise<number> {
  if (command.markdownFile !== undefined) checkMarkdownTarget(command.markdownFile);
  const open = io.openPreviewStack ?? openWithAutomationApi;
  const stack = await open(command.stack, path.resolve(command.cwd ?? process.cwd()));
  const result = await reviewPreview(stack, {
    refresh: command.refresh,
    ...(io.now ? { now: io.now() } : {}),
  });
  if (command.markdownFile !== undefined) writeMarkdown(command.markdownFile, result.markdown);
  io.stdout.write(command.json ? `${JSON.stringify(result.review, null, 2)}\n` : result.text);
  return 0;
}
