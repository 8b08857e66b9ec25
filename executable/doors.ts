/**
 * The doors of the single executable `pulumi-resource-datarobot-batch` (its entry is main.ts): one file that is the provider plugin when the Pulumi engine starts it, and this package's
 * commands when a person does, so a Python or YAML team needs no Node.js to run definitions after a deploy, review a
 * pull request, probe DataRobot or test offline against the emulator. Each door keeps its own code; this module only
 * chooses one (see docs/plugin-distribution.md).
 */
import { runAsProcess as runEmulator } from "../emulator/cli";
import { engineAddress, packageVersion, runAsProcess as servePlugin } from "../plugin/main";
import { runAsProcess as runCli } from "../sdk/cli/main";

export const EXECUTABLE = "pulumi-resource-datarobot-batch";

/** The `datarobot-batch` commands the executable also answers, under the same names and with the same flags. */
const CLI_COMMANDS = ["run", "preview", "probe"];

/**
 * How the engine's address looks: `host:port` (the engine passes `127.0.0.1:<port>`), an IPv6 host in brackets. A
 * stray word (a mistyped command) does not look like this, so it gets a usage error instead of a plugin waiting for
 * an engine that never calls.
 */
const ADDRESS = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

export type Door =
  | { door: "plugin" }
  | { door: "cli"; args: string[] }
  | { door: "emulator"; args: string[] }
  | { door: "help" }
  | { door: "version" }
  | { door: "usage-error"; message: string };

/**
 * Which door a command line opens. A person's command comes first (`run ...`, `emulator ...`); the engine starts a
 * plugin with its own flags (`--logtostderr`, `-v=9`, `--tracing <endpoint>`) before its address, so anything else
 * is the engine's call when its first argument that is not a flag is an address.
 */
export function chooseDoor(args: readonly string[]): Door {
  const [first, ...rest] = args;
  if (first === undefined) return { door: "usage-error", message: "a command is required" };
  if (CLI_COMMANDS.includes(first)) return { door: "cli", args: [...args] };
  if (first === "emulator") return { door: "emulator", args: rest };
  if (first === "help" || first === "--help" || first === "-h") return { door: "help" };
  if (first === "version" || first === "--version") return { door: "version" };
  const address = engineAddress(args);
  if (address !== undefined && ADDRESS.test(address)) return { door: "plugin" };
  return {
    door: "usage-error",
    message:
      address === undefined ? `unknown option ${JSON.stringify(first)}` : `unknown command ${JSON.stringify(address)}`,
  };
}

export const USAGE = `Usage:
  ${EXECUTABLE} run|preview|probe ...  the datarobot-batch commands, with their flags
  ${EXECUTABLE} emulator ...           the local DataRobot emulator ("emulator --help")
  ${EXECUTABLE} --version | --help

Started by the Pulumi engine (with its address, 127.0.0.1:<port>), it is the datarobot-batch provider plugin. The
commands need neither Node.js nor npm ("${EXECUTABLE} run --help"; docs/plugin.md, "Without Node.js").`;

/** Opens the door the command line asks for, in this process. */
export function start(args: string[]): void {
  const door = chooseDoor(args);
  switch (door.door) {
    case "plugin":
      return servePlugin();
    case "cli":
      return runCli(door.args, EXECUTABLE);
    case "emulator":
      return runEmulator(door.args);
    case "help":
      process.stdout.write(`${USAGE}\n`);
      return;
    case "version":
      process.stdout.write(`${packageVersion()}\n`);
      return;
    case "usage-error":
      // Exit code 2, as datarobot-batch and the emulator give for a usage error.
      process.stderr.write(`${EXECUTABLE}: ${door.message}\n${USAGE}\n`);
      process.exitCode = 2;
  }
}
