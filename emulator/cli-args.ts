/**
 * The emulator CLI's flags. Every flag that takes a value requires one (`--token` alone must not fall back to the
 * published default token), and numbers are range-checked here rather than failing later inside a request.
 */
import { BEHAVIOURS, behaviourUsage, type Behaviour } from "./state/behaviours";
import { CONFIG_CHOICES } from "./state/context";
import type { EmulatorOptions } from "./index";

export const USAGE = [
  "Usage: npm run emulator -- [--port N] [--host H] [--persist FILE] [--time-scale N] [--job-duration-ms N]",
  "                            [--token T] [--other-token T] [--public-url URL] [--max-body-bytes N] [--no-seed]",
  "  server behaviours where DataRobot's is unknown or unsourced (defaults first; see emulator/README.md):",
  ...BEHAVIOURS.map((behaviour) => `    ${behaviourUsage(behaviour).padEnd(54)} ${behaviour.summary}`),
].join("\n");

/** Flags that choose one of a few server behaviours (the one table, state/behaviours.ts), by flag. */
const BEHAVIOUR_FLAGS = new Map<string, Behaviour>(BEHAVIOURS.map((behaviour) => [behaviour.flag, behaviour]));

function behaviourValue(flag: string, raw: string | undefined): string | number {
  const value = valueOf(flag, raw);
  const accepted: readonly (string | number)[] = CONFIG_CHOICES[BEHAVIOUR_FLAGS.get(flag)!.key];
  const match = accepted.find((candidate) => String(candidate) === value);
  if (match === undefined) throw new Error(`${flag} needs one of: ${accepted.join(", ")}`);
  return match;
}

/** Flags that take a value; a flag followed by nothing or by another flag is an error, never a silent default. */
function valueOf(flag: string, value: string | undefined): string {
  if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
  return value;
}

function number(flag: string, raw: string | undefined, min: number, max: number, integer = false): number {
  const value = valueOf(flag, raw);
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed)))
    throw new Error(`${flag} needs ${integer ? "an integer" : "a number"} (got ${JSON.stringify(value)})`);
  if (parsed < min || parsed > max) throw new Error(`${flag} must be from ${min} to ${max} (got ${value})`);
  return parsed;
}

function token(flag: string, raw: string | undefined): string {
  const value = valueOf(flag, raw);
  if (value.trim() === "" || /\s/.test(value)) throw new Error(`${flag} needs a token without spaces`);
  return value;
}

export function parseArgs(argv: string[]): EmulatorOptions | "help" {
  const options: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const behaviour = BEHAVIOUR_FLAGS.get(flag);
    if (behaviour) {
      Object.assign(options, { [behaviour.key]: behaviourValue(flag, value) });
      i++;
      continue;
    }
    switch (flag) {
      case "--port":
        options.port = number(flag, value, 0, 65535, true);
        i++;
        break;
      case "--host":
        options.host = valueOf(flag, value);
        i++;
        break;
      case "--persist":
        options.persistFile = valueOf(flag, value);
        i++;
        break;
      case "--time-scale":
        // Far beyond any useful speed-up, emulated dates leave the range JavaScript can represent.
        options.timeScale = number(flag, value, Number.MIN_VALUE, 1_000_000);
        i++;
        break;
      case "--job-duration-ms":
        options.jobDurationMs = number(flag, value, 0, 86_400_000);
        i++;
        break;
      case "--token":
        options.token = token(flag, value);
        i++;
        break;
      case "--other-token":
        options.otherToken = token(flag, value);
        i++;
        break;
      case "--public-url":
        options.publicUrl = valueOf(flag, value);
        i++;
        break;
      case "--max-body-bytes":
        options.maxBodyBytes = number(flag, value, 1, 2 ** 31 - 1, true);
        i++;
        break;
      case "--no-seed":
        options.seed = false;
        break;
      case "--help":
      case "-h":
        return "help";
      default:
        throw new Error(`Unknown option ${flag}`);
    }
  }
  return options;
}
