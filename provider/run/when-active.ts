/**
 * The `whenActive` check before a run starts a job: when the definition already has an active job, "warn" tells
 * `onWarning` and starts anyway, "skip" starts nothing and rejects with DefinitionBusyError. "start" checks nothing.
 *
 * The check and the start are two requests, so two callers could both see "idle" and both start a job (4 callers at
 * once started 3). Within one process `startChecked` serialises them per definition: the next caller checks only
 * once the previous one's job exists (the list shows it INITIALIZING). Across processes (two pipeline runners) it
 * stays best-effort: the API has no conditional start ("start only if no job is active") and no lock, so two runners
 * that check within the same moment may still both start one.
 */
import type { DataRobotClient } from "../client/client";
import { activeJobs } from "./active-jobs";
import { DefinitionBusyError } from "./errors";
import type { RunJobDefinitionOptions } from "./options";
import type { SessionDefinition } from "./session";

export async function checkActiveJobs(
  client: DataRobotClient,
  definition: SessionDefinition,
  options: Pick<RunJobDefinitionOptions, "whenActive" | "onWarning">,
): Promise<void> {
  if (options.whenActive !== "warn" && options.whenActive !== "skip") return;
  const active = await activeJobs(client, definition.id);
  if (active.length === 0) return;
  // Ids and statuses as the server wrote them: scrubbed like any server text.
  const ids = client.scrub(active.map((j) => `${j.id} ${j.status}`).join(", "));
  const { label } = definition;
  if (options.whenActive === "skip") {
    throw new DefinitionBusyError(`Definition ${label} already has an active job (${ids}); not started (--if-idle).`, {
      definitionId: definition.id,
      ...(definition.name !== undefined ? { definitionName: definition.name } : {}),
      elapsedMs: 0,
      polls: 0,
      activeJobIds: active.map((j) => j.id),
    });
  }
  options.onWarning?.(
    `definition ${label} already has an active job (${ids}); starting another one anyway ` +
      "(use --if-idle to skip a definition that is running).",
  );
}

/** The tail of each definition's queue of check-and-start steps in this process (endpoint + id: ids are per site). */
const startQueues = new Map<string, Promise<unknown>>();

/**
 * Runs `checkAndStart` (the whenActive check, then the start) after every earlier one for the same definition in
 * this process has finished, when `whenActive` checks at all; "start" runs at once (there is nothing to keep
 * consistent).
 */
export async function startChecked<T>(
  client: DataRobotClient,
  definitionId: string,
  whenActive: RunJobDefinitionOptions["whenActive"],
  checkAndStart: () => Promise<T>,
): Promise<T> {
  if (whenActive !== "warn" && whenActive !== "skip") return checkAndStart();
  const key = `${client.endpoint}\u0000${definitionId}`;
  const previous = startQueues.get(key) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(checkAndStart);
  const tail = mine.catch(() => undefined);
  startQueues.set(key, tail);
  try {
    return await mine;
  } finally {
    // The last one out removes the entry, so the map does not grow with every definition ever run.
    if (startQueues.get(key) === tail) startQueues.delete(key);
  }
}
