/**
 * The emulator's behaviour switches: the points where DataRobot's behaviour is unknown or unsourced, each a setting of
 * EmulatorConfig with its CLI flag. This one table feeds the CLI (cli-args.ts: the flags and their usage text),
 * `startEmulator`'s options, the probe's advice (`datarobot-batch probe` prints the emulator command that reproduces a
 * server) and the flag list of docs/emulator.md (checked by tests/unit/docs), so none of them can drift apart.
 * The values each takes are CONFIG_CHOICES' (context.ts), first value = the default.
 */
import { CONFIG_CHOICES, DEFAULT_CONFIG, type ConfigChoice } from "./context";

export interface Behaviour {
  /** The EmulatorConfig setting (and `startEmulator` option). */
  key: ConfigChoice;
  /** The CLI flag. */
  flag: `--${string}`;
  /** What it decides, for the usage text and the docs. */
  summary: string;
}

export const BEHAVIOURS = [
  {
    key: "patchSemantics",
    flag: "--patch-semantics",
    summary: "what a PATCH of some job-spec keys does to the others",
  },
  { key: "nullInWrite", flag: "--null-in-write", summary: "what `null` in a create/PATCH body does" },
  {
    key: "serverFilledFields",
    flag: "--server-filled-fields",
    summary: "fields the server echoes that the client never sent",
  },
  { key: "duplicateNameStatus", flag: "--duplicate-name-status", summary: "the status of a duplicate name on create" },
  { key: "unknownFields", flag: "--unknown-fields", summary: "keys the emulator does not know" },
  {
    key: "unknownAdapterTypes",
    flag: "--unknown-adapter-types",
    summary: "an intake/output `type` the emulator does not know",
  },
  {
    key: "unsourcedLimits",
    flag: "--unsourced-limits",
    summary: "limits no DataRobot source states (URL prefixes, ranges, name length, ...)",
  },
  { key: "chunkSizeRange", flag: "--chunk-size-range", summary: "the accepted integer chunkSize range" },
  { key: "localFileUpload", flag: "--local-file-upload", summary: "whether a localFile job waits for its upload" },
] as const satisfies readonly Behaviour[];

export type BehaviourKey = (typeof BEHAVIOURS)[number]["key"];

/** The values a behaviour takes, the default first. */
export function behaviourChoices(key: ConfigChoice): readonly (string | number)[] {
  const choices: readonly (string | number)[] = CONFIG_CHOICES[key];
  const current = DEFAULT_CONFIG[key];
  return [current, ...choices.filter((choice) => choice !== current)];
}

/** `--unknown-fields keep|ignore|reject`: a flag with its values, the default first. */
export function behaviourUsage(behaviour: Behaviour): string {
  return `${behaviour.flag} ${behaviourChoices(behaviour.key).join("|")}`;
}

/** The CLI flag of a behaviour setting. */
export function behaviourFlag(key: BehaviourKey): string {
  return BEHAVIOURS.find((behaviour) => behaviour.key === key)!.flag;
}
