/**
 * runJobDefinition: start a run of a batch prediction job definition (POST /batchPredictions/fromJobDefinition/)
 * and, unless told not to wait, poll the job (GET /batchPredictions/{id}/) on a backoff schedule until it ends.
 * This module only orders the steps; each lives in its own module:
 *
 * 1. resolve the definition (resolve.ts), check for active jobs (when-active.ts) and local files (local-file.ts),
 *    start the job and upload its intake file (transfers.ts);
 * 2. wait: poll with progress until the job ends, the deadline passes or the caller cancels (wait.ts);
 * 3. outcome: COMPLETED resolves with the final job (and a localFile output's results); FAILED and ABORTED reject
 *    with JobFailedError / JobAbortedError carrying statusDetails and the job's logs (outcome.ts). DataRobot's own
 *    SDK keeps polling a FAILED job until its timeout.
 *
 * The timeout counts from the job's start and covers the upload of a localFile intake and the download of a
 * localFile output's results. A timeout or the
 * caller's AbortSignal aborts the job (DELETE /batchPredictions/{id}/) unless `leaveRunning`, and
 * the error says which was done (stop.ts).
 */
import { connect } from "../connections";
import { escapeControlCharacters } from "../model";
import { realClock } from "./clock";
import { definitionLabel } from "./format";
import { planLocalFiles } from "./local-file";
import { DEFAULT_MAX_CONSECUTIVE_POLL_ERRORS, type RunJobDefinitionOptions, type RunResult } from "./options";
import { outcome } from "./outcome";
import { resolveDefinition, type DefinitionReference } from "./resolve";
import { RunSession } from "./session";
import { cancelled, timedOut } from "./stop";
import { uploadIntake } from "./transfers";
import { waitUntilEnded } from "./wait";
import { checkActiveJobs, startChecked } from "./when-active";

export { DEFAULT_TIMEOUT_MS, DEFAULT_MAX_CONSECUTIVE_POLL_ERRORS } from "./options";
export type { RunJobDefinitionOptions, RunResult } from "./options";

/** Starts a run of the definition and (by default) waits for it to end; see the module comment. */
export async function runJobDefinition(
  definition: DefinitionReference,
  options: RunJobDefinitionOptions = {},
): Promise<RunResult> {
  const client = options.client ?? connect({ endpoint: options.endpoint, token: options.token });
  const { signal, leaveRunning } = options;

  signal?.throwIfAborted();
  const resolved = await resolveDefinition(client, definition);
  const target = {
    id: resolved.id,
    // The server's text, printed by the CLI and put in every message: control characters escaped.
    name: resolved.name === undefined ? undefined : escapeControlCharacters(resolved.name),
    label: definitionLabel(resolved.id, resolved.name),
    read: resolved.definition,
  };
  // Check and start as one step per definition in this process (when-active.ts), so that "skip" holds.
  const { plan, started } = await startChecked(client, resolved.id, options.whenActive, async () => {
    await checkActiveJobs(client, target, options);
    // Local files are checked before a job exists: a localFile job without its data would wait forever.
    const plan = await planLocalFiles(
      resolved.definition ?? (await client.getJobDefinition(resolved.id)),
      options,
      target.label,
    );
    return { plan, started: await client.startJobFromDefinition(resolved.id) };
  });
  const session = new RunSession(client, options.clock ?? realClock, target, started, options.onProgress);

  const timeoutMs = options.timeoutMs && Number.isFinite(options.timeoutMs) ? options.timeoutMs : Infinity;
  const deadline = session.startedAt + timeoutMs;
  // What is left of the deadline, for a transfer (on the run's clock, as a duration).
  const remaining = () => ({ remainingMs: Math.max(0, deadline - session.clock.now()), timeoutMs });
  if (plan.upload) {
    // The upload is part of the run's time, with `wait: false` too: the job starts once it has the data, so a stalled
    // upload must end by the deadline (and the job be aborted) rather than hold the caller forever.
    const uploaded = await uploadIntake(session, plan.upload, { ...options, deadline: remaining() });
    if (uploaded === "cancelled") return cancelled(session, leaveRunning);
    if (uploaded === "timeout") return timedOut(session, timeoutMs, leaveRunning);
  }
  session.report();
  if (options.wait === false) return session.result(false);

  const ended = await waitUntilEnded(session, {
    deadline,
    schedule: options.poll ?? {},
    maxErrors: options.maxConsecutivePollErrors ?? DEFAULT_MAX_CONSECUTIVE_POLL_ERRORS,
    ...(signal ? { signal } : {}),
  });
  if (ended === "timeout") return timedOut(session, timeoutMs, leaveRunning);
  if (ended === "cancelled") return cancelled(session, leaveRunning);
  // The results' download gets what is left of the same deadline.
  return outcome(session, plan, { ...options, deadline: remaining() });
}
