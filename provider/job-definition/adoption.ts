/**
 * Adoption (`adoptExisting: true`) is never silent, and destroying an adopted definition is safe by default.
 *
 *  - `check` of a resource about to be created looks the name up and notes the definition it would take over in the
 *    checked inputs (`adoptTarget`): the preview, `pulumi preview --diff` and the review show which one (id,
 *    creator, created/updated, last run) before anyone approves. (A dynamic provider cannot log to the engine; the
 *    SDK's resource class logs the note as a warning in the program, where `pulumi.log` reaches the engine.)
 *  - `create` records what it took over in the `adopted` output, kept for as long as the resource is managed.
 *  - `delete` of an adopted definition leaves it in DataRobot unless `deleteAdoptedOnDestroy: true`: the definition
 *    was not created by this stack and may still belong to someone else (another stack that declares the same
 *    name, a UI user); destroying one stack must not delete another's definitions.
 */
import type { ApiJobDefinition } from "../client";
import type { Props } from "./fields";
import { knownTime, latestRunTime } from "../model";

/** What a reviewer needs to recognise a definition: who made it, when, and whether it is in use. */
export interface AdoptionRecord {
  id: string;
  name: string;
  createdBy: string | null;
  created: string | null;
  updated: string | null;
  /** The latest run time DataRobot reports, null when it never ran. */
  lastRun: string | null;
  lastRunStatus: string | null;
  /** When this resource took it over (outputs only). */
  at?: string;
}

/** The username of a user DataRobot reports (an object with a `username`; a plain string is taken as the name), or null. */
export function username(value: unknown): string | null {
  if (value && typeof value === "object" && typeof (value as { username?: unknown }).username === "string") {
    return (value as { username: string }).username;
  }
  return typeof value === "string" ? value : null;
}

export function adoptionRecord(existing: ApiJobDefinition): AdoptionRecord {
  return {
    id: existing.id,
    name: existing.name,
    createdBy: username(existing.createdBy),
    created: knownTime(existing.created),
    updated: knownTime(existing.updated),
    lastRun: latestRunTime(existing) ?? null,
    lastRunStatus: typeof existing.lastStartedJobStatus === "string" ? existing.lastStartedJobStatus : null,
  };
}

/** "id 64f…, created by a@b.c on 2026-11-01T…, updated 2026-11-20T…, last run 2026-11-29T… (COMPLETED)". */
export function describeAdoption(record: AdoptionRecord): string {
  const parts = [`id ${record.id}`];
  parts.push(`created by ${record.createdBy ?? "an unknown user"}${record.created ? ` on ${record.created}` : ""}`);
  if (record.updated) parts.push(`updated ${record.updated}`);
  parts.push(
    record.lastRun
      ? `last run ${record.lastRun}${record.lastRunStatus ? ` (${record.lastRunStatus})` : ""}`
      : "never run",
  );
  return parts.join(", ");
}

export function isAdoptionRecord(value: unknown): value is AdoptionRecord {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { id?: unknown }).id === "string" &&
    typeof (value as { name?: unknown }).name === "string"
  );
}

/** The `adopted` output to keep from earlier outputs (update and read keep what create recorded). */
export function carriedAdoption(olds: Props): { adopted?: AdoptionRecord } {
  return isAdoptionRecord(olds.adopted) ? { adopted: olds.adopted } : {};
}

/** Whether `delete` leaves the definition in DataRobot (adopted, and the user did not opt in to deleting it). */
export function retainedOnDelete(props: Props): boolean {
  return isAdoptionRecord(props.adopted) && props.deleteAdoptedOnDestroy !== true;
}

/** The preview's note of the definition an adoptExisting create will take over (both doors show it as a warning). */
export function adoptionPreviewWarning(target: AdoptionRecord): string {
  return (
    `adoptExisting: will take over the existing job definition ${JSON.stringify(target.name)} ` +
    `(${describeAdoption(target)}) and update it to this program's settings. If another stack manages it, ` +
    "both stacks would now change it."
  );
}

/** The `up`'s note of the definition it took over. */
export function adoptedWarning(record: AdoptionRecord): string {
  return `adoptExisting: took over the existing job definition ${JSON.stringify(record.name)} (${describeAdoption(record)}).`;
}
