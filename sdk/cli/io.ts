/**
 * What the CLI takes from its process: streams, environment and signal, and the seams tests replace. Its own module
 * so that the commands (run, preview, probe) and `main` can all use it without importing each other.
 */
import type { RunClock } from "../../provider/run/clock";
import type { OutputStream } from "./render";
import type { StackOpener } from "./stack";

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  /**
   * The name the commands were typed under, for usage and messages: `datarobot-batch` (the default), or the plugin's
   * single executable, which answers the same commands for users without Node.js.
   */
  programName?: string;
  /** Fires on Ctrl-C in the real process. */
  signal?: AbortSignal;
  /** Tests: the poller's clock (e.g. scaled to the emulator's timeScale). */
  clock?: RunClock;
  /**
   * Tests: opens the stack of `run --stack` and `preview --stack` (e.g. an inline stack, or one without the Pulumi
   * CLI). Default: the Automation API's LocalWorkspace.selectStack in the project directory.
   */
  openStack?: StackOpener;
  /** Tests: the instant next run times are computed from. Default: now. */
  now?: () => Date;
}
