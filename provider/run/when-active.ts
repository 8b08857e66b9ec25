/**
 * The `whenActive` check before a run starts a job: when the definition already has an active job, "warn" tells
 * `onWarning` and starts anyway, "skip" starts nothing and rejects with DefinitionBusyError. "start" checks nothing.
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
