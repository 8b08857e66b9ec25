/**
 * The local DataRobot Batch Prediction API emulator: `startEmulator()` starts a real HTTP server (node:http)
 * serving /api/v2 and the /__admin test controls. See emulator/README.md for behaviours and [UNC] choices.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorAdmin } from "./admin-client";
import { DEFAULT_CONFIG, EmulatorContext, type EmulatorConfig } from "./context";
import { schedulerTick } from "./jobs";
import { EmulatorServer, ADMIN_PREFIX, API_PREFIX } from "./server";
import { loadState } from "./store";

export { EmulatorAdmin } from "./admin-client";
export type { FixturesInput, TunableConfig, ApiObject } from "./admin-client";
export { SEED } from "./seed";
export { DEFAULT_CONFIG } from "./context";
export type { EmulatorConfig } from "./context";
export type { FaultSpec } from "./faults";
export type { RequestLogEntry } from "./request-log";
export type { Behavior, Fixtures } from "./store";

export interface EmulatorOptions {
  /** 0 = random (default 0). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** The owner's API token, default "emulator-owner-token". */
  token?: string;
  /** A second user in the same organization, default "emulator-other-token". */
  otherToken?: string;
  /** Optional JSON file for persistence (loaded at start, written after every change). */
  persistFile?: string;
  /** Multiplies the speed of job progress and schedules, default 1. */
  timeScale?: number;
  /** Emulated duration of a job from start to COMPLETED, default 6000 (real time = jobDurationMs / timeScale). */
  jobDurationMs?: number;
  /** POST with a taken name: 409 (default) or 422. */
  duplicateNameStatus?: 409 | 422;
  /** DELETE of a definition with a running job: "conflict" (409, default) or "allow" (204). */
  deleteWhileRunning?: "conflict" | "allow";
  /** Seed the default fixtures (SEED ids), default true. */
  seed?: boolean;
  /** Any other tunable of EmulatorConfig (validation strictness, reference checks, ...). */
  config?: Partial<EmulatorConfig>;
  /** Real milliseconds between scheduler ticks, default 25. */
  schedulerTickMs?: number;
}

export interface RunningEmulator {
  /** API base, e.g. "http://127.0.0.1:41234/api/v2". */
  url: string;
  /** e.g. "http://127.0.0.1:41234/__admin". */
  adminUrl: string;
  token: string;
  otherToken: string;
  admin: EmulatorAdmin;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const token = options.token ?? "emulator-owner-token";
  const otherToken = options.otherToken ?? "emulator-other-token";
  if (token === otherToken) throw new Error("token and otherToken must differ");
  const config: EmulatorConfig = {
    ...DEFAULT_CONFIG,
    ...options.config,
    ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
    ...(options.jobDurationMs !== undefined && { jobDurationMs: options.jobDurationMs }),
    ...(options.duplicateNameStatus !== undefined && { duplicateNameStatus: options.duplicateNameStatus }),
    ...(options.deleteWhileRunning !== undefined && { deleteWhileRunning: options.deleteWhileRunning }),
  };
  if (!(config.timeScale > 0)) throw new Error("timeScale must be a positive number");
  const loaded = options.persistFile ? loadState(options.persistFile) : undefined;
  const ctx = new EmulatorContext(
    config,
    { owner: token, other: otherToken },
    options.persistFile,
    options.seed ?? true,
    loaded,
  );
  const emulator = new EmulatorServer(ctx);
  const server = createServer(emulator.handle);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = host.includes(":") ? `[${host}]` : host;
  ctx.origin = `http://${hostPart}:${port}`;
  ctx.persist();

  // The only timer: fires due schedules and records finished jobs. Unref'd so it never keeps a process alive.
  const tick = setInterval(() => {
    if (schedulerTick(ctx)) ctx.persist();
  }, options.schedulerTickMs ?? 25);
  tick.unref();

  let closed: Promise<void> | undefined;
  const adminUrl = `${ctx.origin}${ADMIN_PREFIX}`;
  return {
    url: `${ctx.origin}${API_PREFIX}`,
    adminUrl,
    token,
    otherToken,
    admin: new EmulatorAdmin(adminUrl),
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        clearInterval(tick);
        ctx.persist();
        server.close(() => {
          ctx.removeResults();
          resolve();
        });
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
