/**
 * A local, pure imitation of how the DataRobot API echoes a created definition (docs/datarobot-api.md §4.6, §5), used
 * by the property tests. It does what docs/datarobot-api.md says a server may do: fill defaults, nest the job fields
 * under batchPredictionJob, return remapping as an array (or null), pick numConcurrent, redact ids for another user,
 * drop or redact secrets, add null and unknown keys, and return keys in any order.
 */
import fc from "fast-check";
import { normalizeSchedule } from "../../../provider/model";

export interface EchoOptions {
  /** The caller is another user of the organization: ids are "[redacted]". */
  otherUser: boolean;
  /** Whether the server rewrites schedule names to numbers (unknown, see docs/datarobot-api.md §4.2). */
  normaliseSchedule: boolean;
  /** What the server picks for numConcurrent when the body has none (the deployment's core count). */
  serverNumConcurrent: number;
  /** Whether the server also echoes nested defaults (csv, ssl, JDBC commit interval...). */
  fillNestedDefaults: boolean;
  /** Whether optional keys that were not sent come back as explicit nulls. */
  explicitNulls: boolean;
  /** Whether secrets come back as "[redacted]" (otherwise they are omitted). */
  redactSecrets: boolean;
  /** Whether a newer server adds keys this client does not know. */
  extraKeys: boolean;
  /** Seed of the key-order shuffle. */
  shuffleSeed: number;
}

export const echoOptionsArb: fc.Arbitrary<EchoOptions> = fc.record({
  otherUser: fc.boolean(),
  normaliseSchedule: fc.boolean(),
  serverNumConcurrent: fc.integer({ min: 1, max: 16 }),
  fillNestedDefaults: fc.boolean(),
  explicitNulls: fc.boolean(),
  redactSecrets: fc.boolean(),
  extraKeys: fc.boolean(),
  shuffleSeed: fc.integer(),
});

const REDACTABLE_IDS = ["credentialId", "cloudStorageCredentialId", "dataStoreId", "datasetId", "projectId"];
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j], entries[i]];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, random)]));
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export function serverEcho(body: Record<string, unknown>, options: EchoOptions): Record<string, unknown> {
  const { name, enabled, schedule, ...jobFields } = clone(body);
  const job: Record<string, unknown> = {
    abortOnError: true,
    disableRowLevelErrorHandling: false,
    includeProbabilities: true,
    includeProbabilitiesClasses: [],
    includePredictionStatus: false,
    skipDriftTracking: false,
    maxExplanations: 0,
    chunkSize: "auto",
    numConcurrent: options.serverNumConcurrent,
    outputSettings: { type: "localFile" },
    columnNamesRemapping: null,
    predictionWarningEnabled: null,
    ...jobFields,
  };
  job.csvSettings = { delimiter: ",", quotechar: '"', encoding: "utf-8", ...(job.csvSettings as object) };

  const remapping = job.columnNamesRemapping;
  if (remapping && !Array.isArray(remapping)) {
    const entries = Object.entries(remapping as Record<string, string | null>);
    job.columnNamesRemapping = entries.length
      ? entries.map(([inputName, outputName]) => ({ inputName, outputName }))
      : null;
  }

  const intake = job.intakeSettings as Record<string, unknown>;
  const output = job.outputSettings as Record<string, unknown>;
  if (options.fillNestedDefaults) {
    if (intake.type === "localFile") intake.async ??= true;
    if (output.type === "jdbc") {
      output.createTableIfNotExists ??= false;
      output.commitInterval ??= 600;
    }
    if (job.predictionInstance) (job.predictionInstance as Record<string, unknown>).sslEnabled ??= true;
    if (job.timeseriesSettings) {
      const ts = job.timeseriesSettings as Record<string, unknown>;
      ts.type ??= "forecast";
      ts.relaxKnownInAdvanceFeaturesCheck ??= false;
    }
  }

  const redactedFields: string[] = [];
  if (options.otherUser) {
    for (const [section, adapter] of [
      ["intakeSettings", intake],
      ["outputSettings", output],
    ] as const) {
      for (const key of REDACTABLE_IDS) {
        if (adapter[key] !== undefined) {
          adapter[key] = "[redacted]";
          redactedFields.push(`${section}.${key}`);
        }
      }
    }
  }
  // Secrets are write-only: never echoed as sent.
  const instance = job.predictionInstance as Record<string, unknown> | undefined;
  for (const [holder, key] of [
    [instance, "apiKey"],
    [instance, "datarobotKey"],
    [output.serverSideEncryption as Record<string, unknown> | undefined, "customerKey"],
  ] as const) {
    if (holder && holder[key] !== undefined) {
      if (options.redactSecrets) holder[key] = "[redacted]";
      else delete holder[key];
    }
  }

  if (options.explicitNulls) {
    for (const key of [
      "thresholdHigh",
      "thresholdLow",
      "timeseriesSettings",
      "predictionInstance",
      "explanationAlgorithm",
    ]) {
      job[key] ??= null;
    }
  }
  if (redactedFields.length) job.redactedFields = redactedFields;
  if (options.extraKeys) {
    job.futureJobOption = { enabled: true };
    intake.futureIntakeOption = "x";
  }

  const response: Record<string, unknown> = {
    id: "66aa00000000000000000001",
    name: name ?? "supportive_paramatta_frogmouth",
    enabled: enabled ?? false,
    schedule: schedule === undefined ? null : options.normaliseSchedule ? normalizeSchedule(schedule) : schedule,
    batchPredictionJob: job,
    created: "2025-01-01T00:00:00.000000Z",
    updated: "2025-01-01T00:00:00.000000Z",
    createdBy: { username: "u@example.com", userId: "66aa0000000000000000a001", fullName: null },
    updatedBy: { username: "u@example.com", userId: "66aa0000000000000000a001", fullName: null },
    lastStartedJobStatus: null,
    lastStartedJobTime: null,
    lastSuccessfulRunTime: "1900-01-01T00:00:00.000000Z",
    lastFailedRunTime: "1900-01-01T00:00:00.000000Z",
  };
  if (options.extraKeys) response.someNewTopLevelKey = [1, 2, 3];
  return shuffleKeys(response, seededRandom(options.shuffleSeed)) as Record<string, unknown>;
}
