/**
 * The shared state every route handler works with: stored data, the emulated clock, the effective configuration,
 * the two users' tokens, and persistence.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Clock } from "./clock";
import { DEFAULT_CSV_LIMITS, type CsvLimits } from "../http/csv";
import { seedFixtures } from "./seed";
import { emptyState, saveState, type State, type UserKey } from "./store";
import { DEFAULT_RULES, type ValidationRules } from "../rules/validation";
import type { NullInWrite, PatchSemantics } from "../rules/write-semantics";

/** Settings that can change at runtime through `PUT /__admin/config`. */
export interface EmulatorConfig extends ValidationRules {
  timeScale: number;
  jobDurationMs: number;
  duplicateNameStatus: 409 | 422;
  deleteWhileRunning: "conflict" | "allow";
  /** Unknown deploymentId on create/PATCH: 422 with a field error (default) or 404. */
  unknownDeploymentStatus: 404 | 422;
  /** Check that credentialId / dataStoreId / datasetId refer to seeded fixtures (off by default: lenient). */
  checkReferences: boolean;
  /** Rows a job scores unless a behavior says otherwise. */
  defaultRows: number;
  /** numConcurrent filled in when the client omits it (docs/datarobot-api.md §4.1: "the deployment's core count"). */
  defaultNumConcurrent: number;
  /** Largest accepted `limit` on list routes. */
  maxLimit: number;
  /** What a PATCH carrying job-spec keys does to the spec keys it omits (see rules/write-semantics.ts). */
  patchSemantics: PatchSemantics;
  /** `null` in a create/PATCH body: resets the field ("clear"), 422 naming the field ("reject"), or absent ("ignore"). */
  nullInWrite: NullInWrite;
  /** "documented": responses also echo the fields DataRobot's docs show the server filling (see rules/server-filled.ts). */
  serverFilledFields: "none" | "documented";
  /**
   * A localFile-intake job waits in INITIALIZING until its CSV is uploaded ("required", as DataRobot does), or
   * starts at once and scores `defaultRows` made-up rows ("not-required", the emulator's behaviour before uploads).
   */
  localFileUpload: "required" | "not-required";
}

/** The settings that take one of a few values, and those values (checked by PUT /__admin/config and the CLI flags). */
export const CONFIG_CHOICES = {
  duplicateNameStatus: [409, 422],
  deleteWhileRunning: ["conflict", "allow"],
  unknownDeploymentStatus: [404, 422],
  unknownFields: ["keep", "ignore", "reject"],
  unknownAdapterTypes: ["accept", "reject"],
  unsourcedLimits: ["accept", "reject"],
  chunkSizeRange: ["positive", "recalled"],
  patchSemantics: ["merge", "replace-spec", "fill-defaults"],
  nullInWrite: ["clear", "reject", "ignore"],
  serverFilledFields: ["none", "documented"],
  localFileUpload: ["required", "not-required"],
} as const satisfies { [K in keyof EmulatorConfig]?: readonly EmulatorConfig[K][] };

export type ConfigChoice = keyof typeof CONFIG_CHOICES;

/** Whether `value` is one of the values `key` takes. */
export function isConfigChoice(key: ConfigChoice, value: unknown): boolean {
  return (CONFIG_CHOICES[key] as readonly unknown[]).includes(value);
}

export const DEFAULT_CONFIG: EmulatorConfig = {
  ...DEFAULT_RULES,
  timeScale: 1,
  jobDurationMs: 6000,
  duplicateNameStatus: 409,
  deleteWhileRunning: "conflict",
  unknownDeploymentStatus: 422,
  checkReferences: false,
  defaultRows: 1000,
  defaultNumConcurrent: 4,
  maxLimit: 1000,
  patchSemantics: "merge",
  nullInWrite: "clear",
  serverFilledFields: "none",
  localFileUpload: "required",
};

export class EmulatorContext {
  state: State;
  config: EmulatorConfig;
  readonly clock: Clock;
  /** The base URL the server listens on, used when a request has no Host header. */
  origin = "http://127.0.0.1";
  /** Limits of an uploaded CSV's fields and records (startEmulator's csvLimits option). */
  csvLimits: CsvLimits = DEFAULT_CSV_LIMITS;
  /** Scored CSVs of localFile jobs (created on first use, removed when the emulator stops or is reset). */
  private results: string | undefined;

  constructor(
    readonly startupConfig: EmulatorConfig,
    readonly tokens: Record<UserKey, string>,
    private readonly persistFile: string | undefined,
    private readonly seed: boolean,
    loaded?: { state: State; savedAt: number },
  ) {
    this.config = { ...startupConfig };
    // After a restart, continue the emulated clock from where it stopped if that was ahead of real time.
    this.clock = new Clock(startupConfig.timeScale, Math.max(Date.now(), loaded?.savedAt ?? 0));
    this.state = loaded ? loaded.state : this.freshState();
  }

  freshState(): State {
    const state = emptyState();
    if (this.seed) state.fixtures = seedFixtures();
    return state;
  }

  now(): number {
    return this.clock.now();
  }

  /** Applies a config change; the clock keeps its current emulated time when the time scale changes. */
  applyConfig(patch: Partial<EmulatorConfig>): void {
    this.config = { ...this.config, ...patch };
    if (this.config.timeScale !== this.clock.timeScale) this.clock.setTimeScale(this.config.timeScale);
  }

  resultsDir(): string {
    this.results ??= mkdtempSync(join(tmpdir(), "datarobot-emulator-results-"));
    return this.results;
  }

  removeResults(): void {
    if (this.results) rmSync(this.results, { recursive: true, force: true });
    this.results = undefined;
  }

  /** Drops everything back to a fresh start (config overrides too). */
  reset(): void {
    this.removeResults();
    this.state = this.freshState();
    this.applyConfig({ ...this.startupConfig });
    this.persist();
  }

  persist(): void {
    if (this.persistFile) saveState(this.persistFile, this.state, this.now());
  }
}
