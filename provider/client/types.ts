/**
 * Minimal structural types for what the DataRobot Batch Prediction API returns.
 *
 * These types are not the zod model's (provider/model): the client only needs to know enough about a response to
 * route it (ids, names, statuses), and full validation of the payload is the model's job. The client does use two
 * of the model's files: its secret paths (redact.ts masks them in logs and errors) and its control-character escape.
 */
import type { BatchJobStatus } from "./job-status";

/** A batch prediction job definition as returned by create, get, PATCH and list. */
export interface ApiJobDefinition {
  id: string;
  name: string;
  enabled: boolean;
  schedule?: unknown;
  batchPredictionJob: Record<string, unknown>;
  [key: string]: unknown;
}

/** A batch prediction job (one run), as returned by fromJobDefinition and GET /batchPredictions/{id}/. */
export interface ApiBatchJob {
  id: string;
  // Any string: a status this package does not know yet must reach the caller, not fail typing.
  status: BatchJobStatus | (string & {});
  percentageCompleted?: number;
  scoredRows?: number;
  failedRows?: number;
  skippedRows?: number;
  queuePosition?: number | null;
  statusDetails?: string;
  logs?: string[];
  links?: { self?: string; csvUpload?: string; download?: string | null };
  [key: string]: unknown;
}

export interface DataRobotClientOptions {
  /** Host or full `.../api/v2` base; normalised to `https://<host>/api/v2` (http only for loopback hosts). */
  endpoint: string;
  /** API token, sent as `Authorization: Bearer <token>`. Never logged and never part of an error. */
  token: string;
  /** Accept a plain-http endpoint that is not loopback (`datarobot:allowInsecureHttp`); default false. */
  allowInsecureHttp?: boolean;
  /**
   * Resolves host names instead of the system resolver (Node's `dns.lookup` signature), e.g. for a DataRobot host
   * name only a private resolver knows. Default: the system resolver.
   */
  lookup?: import("node:net").LookupFunction;
  /**
   * Where the proxy variables (`https_proxy`, `http_proxy`, `all_proxy`, `no_proxy`, either case) are read from, once,
   * when the client is made; default `process.env`. A loopback endpoint never goes through a proxy.
   */
  env?: Record<string, string | undefined>;
  /** Per-request timeout; default 30000. */
  timeoutMs?: number;
  /** Total budget for the retries of one operation; default 120000. */
  retryDeadlineMs?: number;
  /** Maximum number of retries of one request (so at most maxRetries + 1 attempts); default 8. */
  maxRetries?: number;
  /**
   * Client-side rate limit: the starting and highest rate of an adaptive token bucket that halves on a 429 and recovers
   * slowly (rate-limit.ts); default 1000 requests per second (DEFAULT_REQUESTS_PER_SECOND); 0 disables it.
   */
  requestsPerSecond?: number;
  /** Appended to the User-Agent, e.g. "my-pipeline/1.2". */
  userAgentSuffix?: string;
  /** Debug log sink; default: stderr when DATAROBOT_BATCH_DEBUG=1, otherwise nothing. */
  logger?: (line: string) => void;
  /**
   * Largest JSON response body read, in bytes; default DEFAULT_MAX_RESPONSE_BYTES (32 MiB). A larger answer fails
   * with ResponseTooLargeError, unretried.
   */
  maxResponseBytes?: number;
  /** Injectable for tests (no real waiting); must reject when `signal` fires. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable clock in milliseconds (for deadline and rate limit tests together with `sleep`); default Date.now. */
  now?: () => number;
  /** Injectable randomness in [0, 1) for the backoff jitter; default Math.random. */
  random?: () => number;
}

/**
 * A JSON answer of the API is a definition, a job, or a page of at most 100 of them: well under a megabyte. 32 MiB
 * leaves room for huge definitions (a long columnNamesRemapping) while keeping a hostile or broken server from
 * taking the process's memory.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * What one operation (a request with its retries) of a caller must respect, beyond the client's own retry budget
 * (`retryDeadlineMs`): a shorter budget, and a signal that cancels it, its waits included.
 */
export interface OperationLimits {
  /** The operation's budget in milliseconds from now; the client's `retryDeadlineMs` when longer or absent. */
  timeoutMs?: number;
  /** Cancels the operation at once (rejecting with the signal's reason), also while it waits. */
  signal?: AbortSignal;
}

/** Filters of GET /batchPredictionJobDefinitions/. */
export interface JobDefinitionListFilter {
  /** Server-side substring match on the name. */
  searchName?: string;
  deploymentId?: string;
}

/** Filters of the job list. */
export interface JobListFilter {
  jobDefinitionId?: string;
}
