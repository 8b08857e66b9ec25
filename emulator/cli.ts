#!/usr/bin/env node
/**
 * `npm run emulator -- --port N [--persist file] [--time-scale N]`: runs the emulator in the foreground, prints
 * its URLs and tokens, and stops cleanly on SIGINT/SIGTERM. Bad flags exit with code 2; binding a non-loopback
 * address prints a warning on stderr (see startEmulator).
 */
import { parseArgs, USAGE } from "./cli-args";
import { startEmulator, type EmulatorOptions } from "./index";

/**
 * Runs the emulator in this process until SIGINT/SIGTERM. `npm run emulator` and the plugin's single executable
 * (`pulumi-resource-datarobot-batch emulator ...`) both start here.
 */
export async function main(argv: string[]): Promise<void> {
  let options: EmulatorOptions | "help";
  try {
    options = parseArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (options === "help") {
    console.log(USAGE);
    process.exit(0);
  }
  const emulator = await startEmulator(options);
  console.log(`DataRobot emulator listening
  API base (DATAROBOT_ENDPOINT): ${emulator.url}
  Admin:                         ${emulator.adminUrl}${options.publicUrl ? `\n  Listening on:                  ${emulator.listenUrl}` : ""}
  Owner token (DATAROBOT_API_TOKEN): ${emulator.token}
  Other user's token:            ${emulator.otherToken}${options.persistFile ? `\n  Persisting to:                 ${options.persistFile}` : ""}`);
  const stop = (signal: string) => {
    console.log(`Received ${signal}, stopping the emulator...`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

/** Runs main as the process: a failure to start is one line on stderr and exit code 1. */
export function runAsProcess(argv: string[]): void {
  main(argv).catch((error: unknown) => {
    console.error(`Emulator failed to start: ${(error as Error).message}`);
    process.exit(1);
  });
}

if (require.main === module) runAsProcess(process.argv.slice(2));
