/**
 * In-memory state of the emulator and its optional JSON persistence.
 * Stored records use emulated epoch milliseconds; rendering to the API shape happens in routes/render.ts.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export type UserKey = "owner" | "other";
export type JobStatus = "INITIALIZING" | "RUNNING" | "COMPLETED" | "ABORTED" | "FAILED";
export type Outcome = "complete" | "fail" | "abort";

export interface StoredDefinition {
  id: string;
  name: string;
  enabled: boolean;
  schedule: Record<string, unknown> | null;
  /** The job spec (`batchPredictionJob`) with server defaults filled in. */
  spec: Record<string, unknown>;
  created: number;
  updated: number;
  createdBy: UserKey;
  updatedBy: UserKey;
  lastJobId: string | null;
  lastSuccessfulRunTime: number | null;
  lastFailedRunTime: number | null;
  lastScheduledRunTime: number | null;
  /** Emulated time from which the scheduler looks for the next due run (reset when the schedule changes). */
  scheduleCursor: number;
}

export interface StoredJob {
  id: string;
  definitionId: string | null;
  definitionName: string | null;
  definitionCreatedBy: UserKey | null;
  source: "manual" | "scheduled";
  createdBy: UserKey;
  created: number;
  durationMs: number;
  outcome: Outcome;
  rows: number;
  /** Snapshot of the definition's spec when the job started. */
  spec: Record<string, unknown>;
  abortedAt: number | null;
  /** Set once the job reached a terminal state and the definition's last* fields were updated. */
  settled: JobStatus | null;
  /** A localFile-intake job that waits for its CSV (PUT links.csvUpload); absent when it starts by itself. */
  upload?: UploadState;
  /** The scored CSV served at links.download (a file in the emulator's results directory). */
  resultFile?: string;
  /** Why the data made the job fail (malformed CSV), shown in statusDetails. */
  failureReason?: string;
  /** Bytes uploaded and bytes of scored output, once known. */
  intakeBytes?: number;
  outputBytes?: number;
}

export interface UploadState {
  /** Emulated time the whole CSV arrived (single PUT done, or multipart finalized); the job starts then. */
  receivedAt: number | null;
  /** intakeSettings.multipart: parts (PUT csvUpload/part/{n}/) then POST csvUpload/finalizeMultipart/. */
  multipart: boolean;
  /** A PUT is streaming right now (a second one gets 409). */
  receiving: boolean;
  /** Multipart: scored files of the parts received so far, in order, and the header of part 0. */
  partFiles: string[];
  header: string[] | null;
}

export interface Behavior {
  outcome: Outcome;
  durationMs?: number;
  rows?: number;
  /**
   * With outcome "fail": the job fails like a careless server's, its statusDetails and logs quoting the caller's
   * token, the job's spec as JSON (secrets included) and its URL percent-encoded, with terminal escapes and a bidi
   * override. For testing that clients scrub what a server says before printing it.
   */
  echoSecrets?: boolean;
}

export interface Deployment {
  id: string;
  label: string;
}
export interface Dataset {
  id: string;
  name: string;
}
export interface Credential {
  id: string;
  name: string;
  credentialType: string;
}
export interface DataStore {
  id: string;
  canonicalName: string;
  type: string;
}

export interface Fixtures {
  deployments: Deployment[];
  datasets: Dataset[];
  credentials: Credential[];
  dataStores: DataStore[];
}

export interface State {
  definitions: Map<string, StoredDefinition>;
  jobs: Map<string, StoredJob>;
  behaviors: Map<string, Behavior>;
  fixtures: Fixtures;
}

export function emptyState(): State {
  return {
    definitions: new Map(),
    jobs: new Map(),
    behaviors: new Map(),
    fixtures: { deployments: [], datasets: [], credentials: [], dataStores: [] },
  };
}

interface PersistedFile {
  version: 1;
  savedAt: number;
  definitions: StoredDefinition[];
  jobs: StoredJob[];
  behaviors: Array<[string, Behavior]>;
  fixtures: Fixtures;
}

/** Writes the state atomically (temp file + rename) so a crash never leaves half a file. */
export function saveState(file: string, state: State, emulatedNow: number): void {
  const data: PersistedFile = {
    version: 1,
    savedAt: emulatedNow,
    definitions: [...state.definitions.values()],
    jobs: [...state.jobs.values()],
    behaviors: [...state.behaviors.entries()],
    fixtures: state.fixtures,
  };
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, JSON.stringify(data, null, 2));
  renameSync(temp, file);
}

/** Loads a persisted state, or undefined when the file does not exist. Throws on a corrupt file (say so loudly). */
export function loadState(file: string): { state: State; savedAt: number } | undefined {
  if (!existsSync(file)) return undefined;
  let data: PersistedFile;
  try {
    data = JSON.parse(readFileSync(file, "utf8")) as PersistedFile;
  } catch (error) {
    throw new Error(
      `Emulator persistence file ${file} is not valid JSON (${(error as Error).message}); delete it to start fresh.`,
    );
  }
  if (data.version !== 1)
    throw new Error(`Emulator persistence file ${file} has an unknown version ${String(data.version)}.`);
  return {
    savedAt: data.savedAt,
    state: {
      definitions: new Map(data.definitions.map((d) => [d.id, d])),
      jobs: new Map(data.jobs.map((j) => [j.id, j])),
      behaviors: new Map(data.behaviors),
      fixtures: data.fixtures,
    },
  };
}
