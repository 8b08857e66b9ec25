/**
 * The one way the commands open a Pulumi stack (`run --stack`, `preview --stack`): the Automation API's
 * LocalWorkspace.selectStack in the project directory, or the `openStack` seam of CliIo in tests.
 */
import * as path from "node:path";
import type { StackLike } from "../run/after-deploy";
import type { PreviewableStack } from "../review";

/** What the commands use of a stack: `run` reads its outputs and config, `preview` previews it. */
export type CliStack = StackLike & PreviewableStack;

export type StackOpener = (stackName: string, workDir: string) => Promise<CliStack>;

async function selectStack(stackName: string, workDir: string): Promise<CliStack> {
  // Loaded only for --stack: the Automation API (and the pulumi CLI it drives) is not needed otherwise.
  const automation: typeof import("@pulumi/pulumi/automation") = require("@pulumi/pulumi/automation");
  return automation.LocalWorkspace.selectStack({ stackName, workDir });
}

/** The project directory is --cwd (relative to the current directory) or the current directory. */
export function projectDirectory(cwd: string | undefined): string {
  return path.resolve(cwd ?? process.cwd());
}

export async function openStack(
  io: { openStack?: StackOpener },
  stackName: string,
  cwd: string | undefined,
): Promise<CliStack> {
  return (io.openStack ?? selectStack)(stackName, projectDirectory(cwd));
}
