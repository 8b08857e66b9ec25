/**
 * The client's debug log: where its lines go (the `logger` option, or stderr when DATAROBOT_BATCH_DEBUG is set) and
 * what they say (one line per request, response, failure and retry: method, path, status, attempt, time, waits).
 *
 * It exists apart from the transport because it is a second exit for secrets: every line passes through
 * `redactText` (the token, cut out of whatever a line holds), and a request body is logged only as `redactedJson`
 * (its secret fields replaced by "[secret]"). Without a reader, nothing is built.
 */
import { redactedJson, redactText } from "./redact";

export type LogSink = (line: string) => void;

export interface DebugLog {
  /** Whether anything reads the lines: without, the costly parts of a line (a body copy) are not built. */
  readonly enabled: boolean;
  /** Writes one line, with the secrets cut out. */
  readonly write: LogSink;
}

/** The sink of DATAROBOT_BATCH_DEBUG=1 (or "true"): stderr with a prefix; undefined when the flag is off. */
export function debugSinkFromEnv(env: NodeJS.ProcessEnv = process.env): LogSink | undefined {
  const flag = env.DATAROBOT_BATCH_DEBUG;
  if (flag === "1" || flag?.toLowerCase() === "true") {
    return (line) => process.stderr.write(`[datarobot-batch] ${line}\n`);
  }
  return undefined;
}

/** The log of one client: the given sink (else the environment's), every line scrubbed of `secrets`. */
export function createDebugLog(sink: LogSink | undefined, secrets: readonly string[]): DebugLog {
  const target = sink ?? debugSinkFromEnv();
  if (!target) return { enabled: false, write: () => undefined };
  // Belt and braces: whatever a line contains, the token is cut out of it.
  return { enabled: true, write: (line) => target(redactText(line, secrets)) };
}

/** `→ POST /path/?q=1 attempt=2 rateLimitWait=40ms body={...}`: a request about to be sent. */
export function requestLine(
  request: { method: string; body?: unknown },
  url: string,
  attemptNumber: number,
  rateLimitWaitMs: number,
  secrets: readonly string[],
): string {
  return (
    `→ ${request.method} ${url} attempt=${attemptNumber}` +
    (rateLimitWaitMs > 0 ? ` rateLimitWait=${rateLimitWaitMs}ms` : "") +
    (request.body !== undefined ? ` body=${redactedJson(request.body, secrets)}` : "")
  );
}

/** `→ PUT /path/ (stream)`: a streamed upload or download about to start. */
export function streamLine(label: string): string {
  return `→ ${label} (stream)`;
}

/**
 * `← GET /path/ 200 attempt=1 12ms` or `← GET /path/ failed ECONNRESET attempt=1 3ms`: how an attempt ended
 * (`outcome` is the status, or `failed <code>`). Streams have no attempt number.
 */
export function outcomeLine(
  label: string,
  outcome: number | string,
  elapsedMs: number,
  attemptNumber?: number,
): string {
  return `← ${label} ${outcome}${attemptNumber !== undefined ? ` attempt=${attemptNumber}` : ""} ${elapsedMs}ms`;
}
