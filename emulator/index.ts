/**
 * The local DataRobot Batch Prediction API emulator: `startEmulator()` starts a real HTTP server (node:http)
 * serving /api/v2 and the /__admin test controls. See emulator/README.md for behaviours and for the settings where
 * DataRobot's behaviour is unknown (docs/datarobot-api.md §12).
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { isLoopback } from "./http/admin-guard";
import { EmulatorAdmin } from "./admin-client";
import { BEHAVIOURS } from "./state/behaviours";
import { DEFAULT_CONFIG, EmulatorContext, type EmulatorConfig } from "./state/context";
import { DEFAULT_CSV_LIMITS, type CsvLimits } from "./http/csv";
import { schedulerTick } from "./routes/jobs";
import { DEFAULT_MAX_BODY_BYTES } from "./http/router";
import { EmulatorServer, ADMIN_PREFIX, API_PREFIX } from "./server";
import { loadState } from "./state/store";

export { EmulatorAdmin } from "./admin-client";
export type { FixturesInput, TunableConfig, ApiObject } from "./admin-client";
export { SEED } from "./state/seed";
export { DEFAULT_CONFIG } from "./state/context";
export type { EmulatorConfig } from "./state/context";
export type { FaultSpec } from "./http/faults";
export type { CsvLimits } from "./http/csv";
export { DEFAULT_CSV_LIMITS } from "./http/csv";
export type { RequestLogEntry } from "./state/request-log";
export type { Behavior, Fixtures } from "./state/store";

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
  /** What a PATCH carrying job-spec keys does to the omitted ones: "merge" (default), "replace-spec", "fill-defaults". */
  patchSemantics?: EmulatorConfig["patchSemantics"];
  /** `null` in a write: "clear" (default), "reject" (422 naming the field), "ignore" (as if absent). */
  nullInWrite?: EmulatorConfig["nullInWrite"];
  /** Fields the server fills and echoes unasked: "none" (default) or "documented". */
  serverFilledFields?: EmulatorConfig["serverFilledFields"];
  /** Unknown keys in a write: "keep" (stored and echoed, default), "ignore" (dropped), "reject" (422). */
  unknownFields?: EmulatorConfig["unknownFields"];
  /** An intake/output type the emulator does not know: "accept" (stored and echoed, default) or "reject" (422). */
  unknownAdapterTypes?: EmulatorConfig["unknownAdapterTypes"];
  /** Limits no DataRobot source states (URL prefixes, ranges, ...): "accept" (default) or "reject" (422). */
  unsourcedLimits?: EmulatorConfig["unsourcedLimits"];
  /** A localFile-intake job waits for its upload ("required", default) or starts at once ("not-required"). */
  localFileUpload?: EmulatorConfig["localFileUpload"];
  /** Integer chunkSize: "positive" (any integer >= 1, default) or "recalled" (20..41943040). */
  chunkSizeRange?: EmulatorConfig["chunkSizeRange"];
  /** Seed the default fixtures (SEED ids), default true. */
  seed?: boolean;
  /** Any other tunable of EmulatorConfig (validation strictness, reference checks, ...). */
  config?: Partial<EmulatorConfig>;
  /** Real milliseconds between scheduler ticks, default 25. */
  schedulerTickMs?: number;
  /** Largest JSON request body read, in bytes (default 10 MiB); a larger one gets 413. */
  maxBodyBytes?: number;
  /**
   * Limits of an uploaded CSV, in characters (default: a field 8 MiB, a record 32 MiB). Past them the job FAILS as
   * malformed, naming the line (an unclosed quote makes a record that never ends), so memory stays bounded.
   */
  csvLimits?: Partial<CsvLimits>;
  /**
   * A request whose body stops arriving for this long is cut (default 120000 ms). There is no limit on a request's
   * total duration, so a large upload over a slow link is never cut while data flows.
   */
  requestIdleTimeoutMs?: number;
  /**
   * The origin clients use to reach the emulator (e.g. "http://emulator:8080" behind a container network), used for
   * `next`/`previous`/`Location`/`links` and accepted as an admin `Origin`. Default: the address it listens on.
   * Links never come from a request's Host header.
   */
  publicUrl?: string;
  /** Where warnings go (binding a non-loopback address, a definition the scheduler cannot run); default stderr. */
  warn?: (message: string) => void;
}

export interface RunningEmulator {
  /** API base, e.g. "http://127.0.0.1:41234/api/v2". */
  url: string;
  /** e.g. "http://127.0.0.1:41234/__admin". */
  adminUrl: string;
  /** Where the server listens, e.g. "http://0.0.0.0:8080"; differs from `url`'s origin only with `publicUrl`. */
  listenUrl: string;
  token: string;
  otherToken: string;
  admin: EmulatorAdmin;
  close(): Promise<void>;
}

/** The options among `keys` that are set, as a partial config. */
function pickDefined<K extends keyof EmulatorOptions & keyof EmulatorConfig>(
  options: EmulatorOptions,
  keys: K[],
): Partial<EmulatorConfig> {
  return Object.fromEntries(keys.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]));
}

export const DEFAULT_TOKEN = "emulator-owner-token";
/** How long a request body may stop arriving before the emulator cuts the connection. */
export const DEFAULT_REQUEST_IDLE_TIMEOUT_MS = 120_000;
export const DEFAULT_OTHER_TOKEN = "emulator-other-token";

export { isLoopback } from "./http/admin-guard";

/** The warning printed when the emulator listens where other machines can reach it. */
export function exposureWarning(host: string, port: number, defaultTokens: boolean): string {
  const tokens = defaultTokens
    ? `It accepts the PUBLISHED DEFAULT TOKENS (${DEFAULT_TOKEN}, ${DEFAULT_OTHER_TOKEN}): anyone who can reach ` +
      "this address can use the API. Pass --token and --other-token (or options.token/otherToken) to change them."
    : "It uses the tokens you gave.";
  return (
    `WARNING: the DataRobot emulator listens on ${host}:${port}, which is not a loopback address. ${tokens} ` +
    "The admin API (/__admin) has no authentication: anyone who can reach this address can reset or reconfigure " +
    "the emulator. Bind 127.0.0.1 (the default) unless other machines must reach it."
  );
}

function checkPublicUrl(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new Error(`publicUrl ${JSON.stringify(publicUrl)} is not a URL; give an origin such as http://emulator:8080`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`publicUrl must start with http:// or https:// (got ${url.protocol})`);
  return url.origin;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const token = options.token ?? DEFAULT_TOKEN;
  const otherToken = options.otherToken ?? DEFAULT_OTHER_TOKEN;
  if (token === "" || otherToken === "") throw new Error("token and otherToken must not be empty");
  if (token === otherToken) throw new Error("token and otherToken must differ");
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new Error("maxBodyBytes must be a positive integer");
  const csvLimits = { ...DEFAULT_CSV_LIMITS, ...options.csvLimits };
  for (const [key, value] of Object.entries(csvLimits))
    if (!Number.isInteger(value) || value < 1) throw new Error(`csvLimits.${key} must be a positive integer`);
  const idleMs = options.requestIdleTimeoutMs ?? DEFAULT_REQUEST_IDLE_TIMEOUT_MS;
  // Node's timers take at most 2^31-1 ms; a longer one would fire at once (with a TimeoutOverflowWarning).
  if (!Number.isInteger(idleMs) || idleMs < 1 || idleMs > 2 ** 31 - 1)
    throw new Error("requestIdleTimeoutMs must be an integer from 1 to 2147483647");
  const publicOrigin = options.publicUrl === undefined ? undefined : checkPublicUrl(options.publicUrl);
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const config: EmulatorConfig = {
    ...DEFAULT_CONFIG,
    ...options.config,
    ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
    ...(options.jobDurationMs !== undefined && { jobDurationMs: options.jobDurationMs }),
    ...(options.duplicateNameStatus !== undefined && { duplicateNameStatus: options.duplicateNameStatus }),
    ...(options.deleteWhileRunning !== undefined && { deleteWhileRunning: options.deleteWhileRunning }),
    // Every behaviour of the one table (state/behaviours.ts), so an option the probe prints is never silently ignored.
    ...pickDefined(
      options,
      BEHAVIOURS.map((behaviour) => behaviour.key),
    ),
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
  ctx.csvLimits = csvLimits;
  const emulator = new EmulatorServer(ctx, maxBodyBytes);
  // Node's requestTimeout (300 s for the whole request) would cut a large upload over a slow link with 408: it is
  // off, and a request is cut only when its body stops arriving for idleMs. A request that has fully arrived is
  // never cut (a latency fault holds its answer on purpose); idle keep-alive sockets close after keepAliveTimeout,
  // and headersTimeout (60 s) still bounds the headers.
  const current = new WeakMap<Socket, IncomingMessage>();
  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    current.set(req.socket, req);
    emulator.handle(req, res);
  });
  server.setTimeout(idleMs, (socket: Socket) => {
    const req = current.get(socket);
    if (!req?.complete) socket.destroy();
  });
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
  const listenUrl = `http://${hostPart}:${port}`;
  ctx.origin = publicOrigin ?? listenUrl;
  if (!isLoopback(host))
    warn(exposureWarning(host, port, options.token === undefined || options.otherToken === undefined));
  ctx.persist();

  // The only timer: fires due schedules and records finished jobs. Unref'd so it never keeps a process alive.
  // Nothing thrown here may escape: an exception in a timer callback would end the process.
  const reported = new Set<string>();
  const onError = (definitionId: string, error: unknown): void => {
    if (reported.has(definitionId)) return;
    reported.add(definitionId);
    warn(`Emulator scheduler: skipped a run of job definition ${definitionId}: ${(error as Error).message}`);
  };
  const tick = setInterval(() => {
    try {
      if (schedulerTick(ctx, onError)) ctx.persist();
    } catch (error) {
      // e.g. the persistence file cannot be written: say it once, keep serving.
      if (!reported.has("")) warn(`Emulator scheduler: a tick failed: ${(error as Error).message}`);
      reported.add("");
    }
  }, options.schedulerTickMs ?? 25);
  tick.unref();

  let closed: Promise<void> | undefined;
  const adminUrl = `${ctx.origin}${ADMIN_PREFIX}`;
  return {
    url: `${ctx.origin}${API_PREFIX}`,
    adminUrl,
    listenUrl,
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
