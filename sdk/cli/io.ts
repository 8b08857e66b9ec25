/**
 * What the CLI takes from its process: streams, environment and signal, and the seams tests replace. Its own module
 * so that the commands (run, preview, probe) and `main` can all use it without importing each other.
 */
import type { StackLike } from "../run/after-deploy";
import type { RunClock } from "../../provider/run/clock";
import type { PreviewStackOpener } from "./preview";
import type { OutputStream } from "./render";

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  /** Fires on Ctrl-C in the real process. */
  signal?: AbortSignal;
  /** Tests: the poller's clock (e.g. scaled to the emulator's timeScale). */
  clock?: RunClock;
  /** Tests: opens a stack without the Pulumi CLI. Default: the Automation API's LocalWorkspace.selectStack. */
  openStack?: (stackName: string, workDir: string) => Promise<StackLike>;
  /** Tests: opens the stack `preview` previews. Default: the Automation API's LocalWorkspace.selectStack. */
  openPreviewStack?: PreviewStackOpener;
  /** Tests: the instant next run times are computed from. Default: now. */
  now?: () => Date;
}
