#!/usr/bin/env node
/**
 * `npm run emulator -- --port N [--persist file] [--time-scale N]`: runs the emulator in the foreground, prints
 * its URLs and tokens, and stops cleanly on SIGINT/SIGTERM.
 */
import { startEmulator, type EmulatorOptions } from "./index";

const USAGE = `Usage: npm run emulator -- [--port N] [--host H] [--persist FILE] [--time-scale N] [--job-duration-ms N]
                            [--token T] [--other-token T] [--no-seed]
  server behaviours where DataRobot's is unknown (defaults first; see emulator/README.md):
    --patch-semantics merge|replace-spec|fill-defaults   --null-in-write clear|reject|ignore
    --server-filled-fields none|documented               --duplicate-name-status 409|422
    --unknown-fields reject|ignore|keep                  --chunk-size-range positive|recalled`;

/** Flags that choose one of a few server behaviours: flag → [option, accepted values]. */
const BEHAVIOUR_FLAGS: Record<string, [keyof EmulatorOptions, readonly (string | number)[]]> = {
  "--patch-semantics": ["patchSemantics", ["merge", "replace-spec", "fill-defaults"]],
  "--null-in-write": ["nullInWrite", ["clear", "reject", "ignore"]],
  "--server-filled-fields": ["serverFilledFields", ["none", "documented"]],
  "--duplicate-name-status": ["duplicateNameStatus", [409, 422]],
  "--unknown-fields": ["unknownFields", ["reject", "ignore", "keep"]],
  "--chunk-size-range": ["chunkSizeRange", ["positive", "recalled"]],
};

function behaviourValue(flag: string, value: string | undefined): string | number {
  const accepted = BEHAVIOUR_FLAGS[flag][1];
  const match = accepted.find((candidate) => String(candidate) === value);
  if (match === undefined) throw new Error(`${flag} needs one of: ${accepted.join(", ")}`);
  return match;
}

function parseArgs(argv: string[]): EmulatorOptions {
  const options: EmulatorOptions = {};
  const number = (flag: string, value: string | undefined): number => {
    const parsed = Number(value);
    if (value === undefined || !Number.isFinite(parsed)) throw new Error(`${flag} needs a number`);
    return parsed;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case "--port":
        options.port = number(flag, value);
        i++;
        break;
      case "--host":
        options.host = value;
        i++;
        break;
      case "--persist":
        if (!value) throw new Error("--persist needs a file path");
        options.persistFile = value;
        i++;
        break;
      case "--time-scale":
        options.timeScale = number(flag, value);
        i++;
        break;
      case "--job-duration-ms":
        options.jobDurationMs = number(flag, value);
        i++;
        break;
      case "--token":
        options.token = value;
        i++;
        break;
      case "--other-token":
        options.otherToken = value;
        i++;
        break;
      case "--no-seed":
        options.seed = false;
        break;
      case "--patch-semantics":
      case "--null-in-write":
      case "--server-filled-fields":
      case "--duplicate-name-status":
      case "--unknown-fields":
      case "--chunk-size-range":
        Object.assign(options, { [BEHAVIOUR_FLAGS[flag][0]]: behaviourValue(flag, value) });
        i++;
        break;
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${flag}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const emulator = await startEmulator(options);
  console.log(`DataRobot emulator listening
  API base (DATAROBOT_ENDPOINT): ${emulator.url}
  Admin:                         ${emulator.adminUrl}
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

main().catch((error: unknown) => {
  console.error(`Emulator failed to start: ${(error as Error).message}`);
  process.exit(1);
});
