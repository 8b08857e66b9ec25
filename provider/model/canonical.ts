/**
 * The canonical form of a job definition: one plain JSON value per meaning, so that "desired" (the user's inputs)
 * and "actual" (the API's response) compare equal exactly when they mean the same thing.
 *
 * The decisions (written form vs compared form, defaults made explicit, null and empty lists, schedule, remapping and
 * spelling normalisation, unknown keys, preview unknowns) are stated once, in provider/model/README.md "Canonical form".
 */
import { JOB_DEFINITION_FIELDS, JobDefinitionFields } from "./inputs";
import { isNonArrayObject, pickEntries } from "../values";
import { normalizeSchedule, CanonicalSchedule } from "./schedule";
import type { RemappingEntry } from "./settings";
import { isUnknown } from "./sentinel";

export const DEFAULT_CSV_SETTINGS = { delimiter: ",", quotechar: '"', encoding: "utf-8" } as const;

/**
 * Top-level defaults the server applies when a field is omitted (docs/datarobot-api.md §4.1, §5), each stated by a
 * DataRobot source (DEFAULT_SOURCES in rules.ts quotes them; docs/validation-rules.md lists them). A default no source
 * states (`chunkSize: "auto"`) is not here: the server's value is its own and never shows as drift (from-response.ts).
 */
export const SERVER_DEFAULTS = {
  enabled: false,
  abortOnError: true,
  disableRowLevelErrorHandling: false,
  includeProbabilities: true,
  includeProbabilitiesClasses: [] as string[],
  includePredictionStatus: false,
  skipDriftTracking: false,
  maxExplanations: 0,
  csvSettings: DEFAULT_CSV_SETTINGS,
  intakeSettings: { type: "localFile" },
  outputSettings: { type: "localFile" },
} as const;

const DEFAULTED_FIELDS = Object.keys(SERVER_DEFAULTS) as (keyof typeof SERVER_DEFAULTS)[];

type DefaultedField = Exclude<keyof typeof SERVER_DEFAULTS, "csvSettings">;
type Fields = JobDefinitionFields;

/** The canonical job definition: the validated inputs with defaults made explicit and values in one shape. */
export type CanonicalJobDefinition = Omit<
  Fields,
  DefaultedField | "schedule" | "columnNamesRemapping" | "csvSettings" | "predictionWarningEnabled"
> & { [K in DefaultedField]-?: NonNullable<Fields[K]> } & {
  schedule?: CanonicalSchedule;
  columnNamesRemapping?: RemappingEntry[];
  csvSettings: Required<NonNullable<Fields["csvSettings"]>>;
  predictionWarningEnabled?: boolean;
};

/** Optional list fields whose empty value means the same as leaving them out. */
const EMPTY_MEANS_ABSENT = new Set([
  "passthroughColumns",
  "explanationClassNames",
  "partitionColumns",
  "updateColumns",
  "whereColumns",
]);

/**
 * Nested defaults per adapter type, each stated by a source: local-file `async` defaults to true (DataRobot's Python
 * SDK, `datarobot/models/batch_job.py`, treats a missing `async` as true). The JDBC-style `commitInterval` and
 * `createTableIfNotExists` have no stated default: what the server fills in is its own (from-response.ts).
 */
const INTAKE_DEFAULTS: Record<string, Record<string, unknown>> = { localFile: { async: true } };
const OUTPUT_DEFAULTS: Record<string, Record<string, unknown>> = {};

const KNOWN_FIELDS = new Set<string>(JOB_DEFINITION_FIELDS);
/** Keys of a flattened response that describe the response, not the definition. */
const RESPONSE_ONLY_KEYS = new Set(["redactedFields"]);

/**
 * Whether a key of a flat definition belongs in its canonical form: a field the model knows, or any other key (a field
 * this package does not know yet, written by the program or held by the server), but no engine key (`__provider`) and
 * nothing a response carries about itself.
 */
function isDefinitionKey(key: string): boolean {
  return KNOWN_FIELDS.has(key) || (!RESPONSE_ONLY_KEYS.has(key) && !key.startsWith("__"));
}

/**
 * Normalises a nested object: drops nulls and empty "absent" lists, fills `defaults` for missing keys. Keys this
 * package does not know are kept: a program may write a field DataRobot added later (sent as written), and keys a
 * server adds on its own never become drift because only the fields a program writes are compared (wire.ts).
 * A sentinel in place of the object is returned as is.
 */
function cleanObject(value: unknown, defaults: Record<string, unknown> = {}): unknown {
  if (!isNonArrayObject(value)) return value;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const child = value[key];
    if (child === null || child === undefined) continue;
    if (EMPTY_MEANS_ABSENT.has(key) && Array.isArray(child) && child.length === 0) continue;
    out[key] = child;
  }
  const defaultKeys = Object.keys(defaults);
  for (let i = 0; i < defaultKeys.length; i++) {
    const key = defaultKeys[i]!;
    if (!(key in out)) out[key] = defaults[key];
  }
  return out;
}

function canonicalAdapter(value: unknown, defaultsByType: Record<string, Record<string, unknown>>): unknown {
  if (!isNonArrayObject(value)) return value;
  const type = value.type;
  const out = cleanObject(value, typeof type === "string" ? defaultsByType[type] : undefined);
  if (isNonArrayObject(out)) {
    if (isNonArrayObject(out.serverSideEncryption)) {
      out.serverSideEncryption = cleanObject(out.serverSideEncryption);
    }
  }
  return out;
}

function canonicalTimeseries(value: unknown, fillDefaults: boolean): unknown {
  if (!isNonArrayObject(value)) return value;
  if (!fillDefaults) return cleanObject(value);
  const withType = { ...value, type: value.type ?? "forecast" };
  return cleanObject(withType, { relaxKnownInAdvanceFeaturesCheck: false });
}

function canonicalCsv(value: unknown, fillDefaults: boolean): unknown {
  if (value === undefined || value === null) return fillDefaults ? { ...DEFAULT_CSV_SETTINGS } : undefined;
  const out = cleanObject(value, fillDefaults ? DEFAULT_CSV_SETTINGS : {});
  if (isNonArrayObject(out) && out.delimiter === "\t") out.delimiter = "tab";
  return out;
}

/** Map or array → array of {inputName, outputName} sorted by inputName; empty → undefined (absent). */
export function canonicalRemapping(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  let entries: unknown[];
  if (Array.isArray(value)) {
    entries = value.map((entry) =>
      isNonArrayObject(entry) ? { inputName: entry.inputName, outputName: entry.outputName ?? null } : entry,
    );
  } else if (isNonArrayObject(value)) {
    entries = Object.entries(value).map(([inputName, outputName]) => ({ inputName, outputName: outputName ?? null }));
  } else {
    return value; // the sentinel, or garbage that validation reports
  }
  if (entries.length === 0) return undefined;
  const nameOf = (entry: unknown) => (isNonArrayObject(entry) ? String(entry.inputName) : String(entry));
  return entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => (nameOf(a.entry) < nameOf(b.entry) ? -1 : nameOf(a.entry) > nameOf(b.entry) ? 1 : a.i - b.i))
    .map(({ entry }) => entry);
}

function shallowCopy(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  return isNonArrayObject(value) ? { ...value } : value;
}

/** Recursively sorts object keys; arrays keep their order. A copy: the result shares no object with `value`. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = sortKeys(value[i]);
    return out as T;
  }
  if (isNonArrayObject(value)) {
    const keys = Object.keys(value);
    // Most objects are in order already (the engine's, and every canonical form): sorting them is wasted work.
    if (!inOrder(keys)) keys.sort();
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const child = value[keys[i]!];
      if (child !== undefined) out[keys[i]!] = sortKeys(child);
    }
    return out as T;
  }
  return value;
}

function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! >= keys[i]!) return false;
  return true;
}

/**
 * `sortKeys` for a value the caller owns, built of fresh objects no one else holds: the same result, but an object
 * whose keys are already in order (and none undefined) is kept rather than copied. For a canonical form changed in a
 * few places after it was built, which would otherwise be copied whole a second time.
 */
export function sortKeysOwned<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = sortKeysOwned(value[i]);
    return value;
  }
  if (!isNonArrayObject(value)) return value;
  const object: Record<string, unknown> = value;
  const keys = Object.keys(object);
  if (!inOrder(keys)) return sortKeys(value);
  for (let i = 0; i < keys.length; i++) if (object[keys[i]!] === undefined) return sortKeys(value);
  for (let i = 0; i < keys.length; i++) object[keys[i]!] = sortKeysOwned(object[keys[i]!]);
  return value;
}

export interface CanonicalizeOptions {
  /**
   * Make every server default explicit (the default): the form that is *compared*. Without defaults, the result is
   * the *written* form: the fields the program set, in canonical spelling, which is what is *sent* and stored as
   * inputs (DataRobot's own clients send only what the user wrote).
   */
  fillDefaults?: boolean;
}

/**
 * The canonical form of a flat job definition (inputs, or a response already flattened). Tolerant: it never throws
 * on odd values, it only normalises what it recognises. Idempotent: canonicalize(canonicalize(x)) == canonicalize(x).
 */
export function canonicalize(flat: unknown, options: CanonicalizeOptions = {}): CanonicalJobDefinition {
  const fillDefaults = options.fillDefaults ?? true;
  const source = isNonArrayObject(flat) ? flat : {};
  const out: Record<string, unknown> = {};
  // One pass over the keys the source has, not over every field the model knows: most are absent.
  const fields = Object.keys(source);
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (!isDefinitionKey(field)) continue;
    const value = source[field];
    if (value === null || value === undefined) continue;
    if (EMPTY_MEANS_ABSENT.has(field) && Array.isArray(value) && value.length === 0) continue;
    out[field] = value;
  }
  if (fillDefaults) {
    for (let i = 0; i < DEFAULTED_FIELDS.length; i++) {
      const field = DEFAULTED_FIELDS[i]!;
      // A copy, so that nothing done to the result reaches the table; the defaults are flat, so a shallow one.
      if (out[field] === undefined) out[field] = shallowCopy(SERVER_DEFAULTS[field]);
    }
  }
  if (!isUnknown(out.schedule) && out.schedule !== undefined) out.schedule = normalizeSchedule(out.schedule);
  const adapterDefaults = (byType: Record<string, Record<string, unknown>>) => (fillDefaults ? byType : {});
  if (out.intakeSettings !== undefined) {
    out.intakeSettings = canonicalAdapter(out.intakeSettings, adapterDefaults(INTAKE_DEFAULTS));
  }
  if (out.outputSettings !== undefined) {
    out.outputSettings = canonicalAdapter(out.outputSettings, adapterDefaults(OUTPUT_DEFAULTS));
  }
  out.csvSettings = canonicalCsv(out.csvSettings, fillDefaults);
  out.columnNamesRemapping = canonicalRemapping(out.columnNamesRemapping);
  if (out.timeseriesSettings !== undefined) {
    out.timeseriesSettings = canonicalTimeseries(out.timeseriesSettings, fillDefaults);
  }
  if (out.predictionInstance !== undefined) {
    out.predictionInstance = cleanObject(out.predictionInstance, fillDefaults ? { sslEnabled: true } : {});
  }
  return sortKeys(out) as unknown as CanonicalJobDefinition;
}

/**
 * Defaults release 0.1.0 assumed without a source and wrote into the stored inputs: `chunkSize: "auto"`, and
 * for database outputs `commitInterval: 600` and `createTableIfNotExists: false`. In such state they mean "unset".
 */
const FORMER_GUESSED_DEFAULTS = { chunkSize: "auto" } as const;
const FORMER_GUESSED_OUTPUT_DEFAULTS = { commitInterval: 600, createTableIfNotExists: false } as const;

/**
 * The stored inputs `previous` without the values older versions filled in as guessed defaults, where `next` (the
 * program's inputs now) leaves the field unset: so state written before shows no change, and an update does not take
 * them for fields the program removed.
 */
export function withoutFormerGuessedDefaults(
  previous: Record<string, unknown>,
  next: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...previous };
  for (const [key, value] of Object.entries(FORMER_GUESSED_DEFAULTS)) {
    if (out[key] === value && next[key] === undefined) delete out[key];
  }
  if (isNonArrayObject(out.outputSettings)) {
    const nextOutput = isNonArrayObject(next.outputSettings) ? next.outputSettings : {};
    const output = { ...out.outputSettings };
    for (const [key, value] of Object.entries(FORMER_GUESSED_OUTPUT_DEFAULTS)) {
      if (output[key] === value && nextOutput[key] === undefined) delete output[key];
    }
    out.outputSettings = output;
  }
  return out;
}

/** Keys the Pulumi engine adds to a dynamic resource's inputs (`__provider`): never part of the definition. */
export function withoutEngineKeys(inputs: unknown): unknown {
  if (!isNonArrayObject(inputs)) return inputs;
  return pickEntries(inputs, (key) => !key.startsWith("__"));
}

/** Desired inputs → canonical. Does not validate (call validateInputs first); sentinels are kept in place. */
export function canonicalFromInputs(inputs: unknown): CanonicalJobDefinition {
  // canonicalize passes no engine key (`__provider`) through: no copy without them is needed first.
  return canonicalize(inputs);
}

/** The fields a program wrote, in canonical spelling, with no default added: what is sent and stored as inputs. */
export type WrittenJobDefinition = Partial<CanonicalJobDefinition> & Record<string, unknown>;

/** Desired inputs → written form (see CanonicalizeOptions.fillDefaults). Sentinels are kept in place. */
export function writtenFromInputs(inputs: unknown): WrittenJobDefinition {
  const written = canonicalize(inputs, { fillDefaults: false }) as unknown as WrittenJobDefinition;
  // `enabled` is always written, as DataRobot's Python SDK always sends it: whether a definition runs on its schedule
  // is never left to the server, and a change made in the UI shows as drift.
  // `written` is a fresh canonical form: only its top level may need ordering again.
  return sortKeysOwned({ ...written, enabled: written.enabled ?? SERVER_DEFAULTS.enabled });
}
