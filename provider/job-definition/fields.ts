/**
 * The resource's properties fall in three groups:
 *  - payload fields: the DataRobot create/update body (flat, camelCase), validated and canonicalised by the model;
 *  - control fields: how this provider behaves (never sent to DataRobot);
 *  - computed fields: read-only values DataRobot reports (outputs only).
 */

/** Inputs that steer the provider and are never sent to the API. */
export const CONTROL_KEYS = [
  "endpoint",
  "adoptExisting",
  "abortRunningJobsOnDelete",
  "deleteAdoptedOnDestroy",
  "autoName",
] as const;

/**
 * The provider settings a program writes (not `autoName`: the doors generate it), described once for the native
 * plugin's schema (plugin/schema.ts); the SDK's `BatchPredictionJobDefinitionSettings` says the same for TypeScript.
 */
export const CONTROL_DOCS: Record<Exclude<(typeof CONTROL_KEYS)[number], "autoName">, string> = {
  endpoint:
    "A DataRobot endpoint for this resource only (multi-tenant stacks). It must be the provider's endpoint or one of its " +
    "`connections` (whose `apiToken` is used there). Changing it replaces the definition.",
  adoptExisting:
    "When a definition with the same `name` already exists, take it over and update it to this program's settings " +
    "instead of failing with a name conflict. Default false.",
  deleteAdoptedOnDestroy:
    "Delete an adopted definition on destroy like one this stack created; by default it is left in DataRobot. Default false.",
  abortRunningJobsOnDelete:
    "When DataRobot refuses a delete because jobs of the definition are running, abort them and delete again. Default false.",
};

/** What the SDK had to leave out of a program's arguments (see guards.ts, sanitizeProgramArgs): `check` fails on it. */
export const REJECTED_KEY = "__rejected";

/** `check`'s note of the existing definition a create will adopt (see adoption.ts); never sent to the API. */
export const ADOPTION_PREVIEW_KEY = "adoptTarget";

/**
 * The output holding what DataRobot holds that the program does not write (server defaults, server-filled fields,
 * values set outside Pulumi): shown to users, never drift.
 */
export const SERVER_FIELDS_KEY = "serverFields";

/**
 * The values DataRobot computes, by kind: the one list that the outputs (`buildOutputs`), the SDK's
 * `BatchPredictionJobDefinitionComputed` type and the resource's declared outputs are derived from or checked
 * against. Adding one here is the whole change, apart from its docs.
 */
export const COMPUTED_TIME_KEYS = [
  "created",
  "updated",
  "nextScheduledRunTime",
  "lastStartedJobTime",
  "lastSuccessfulRunTime",
  "lastFailedRunTime",
  "lastScheduledRunTime",
] as const;
/** Users, reported by DataRobot as objects; the outputs hold their username. */
export const COMPUTED_USER_KEYS = ["createdBy", "updatedBy"] as const;
export const COMPUTED_STATUS_KEY = "lastStartedJobStatus";
/** What DataRobot computes, as the SDK types it (not the outputs this package adds). */
export const DATAROBOT_COMPUTED_KEYS = [...COMPUTED_TIME_KEYS, ...COMPUTED_USER_KEYS, COMPUTED_STATUS_KEY] as const;
export type DataRobotComputedKey = (typeof DATAROBOT_COMPUTED_KEYS)[number];

/** Server-reported, read-only outputs. */
export const COMPUTED_KEYS = [
  SERVER_FIELDS_KEY,
  ...DATAROBOT_COMPUTED_KEYS,
  // The definition this resource took over (adoptExisting), kept while it is managed: see adoption.ts.
  "adopted",
] as const;

/** One line per computed output, for the native plugin's schema (the compiler demands one for each). */
export const COMPUTED_DOCS: Record<(typeof COMPUTED_KEYS)[number], string> = {
  serverFields:
    "What DataRobot holds that the program does not write (server defaults, values set elsewhere): never drift.",
  created: "When DataRobot created the definition (ISO 8601).",
  updated: "When the definition last changed (ISO 8601).",
  nextScheduledRunTime: "The next scheduled run (ISO 8601), null when not scheduled.",
  lastStartedJobTime: "When the latest job started, null when it never ran.",
  lastSuccessfulRunTime: "When the latest successful run ended, null when none.",
  lastFailedRunTime: "When the latest failed run ended, null when none.",
  lastScheduledRunTime: "When the latest scheduled run happened, null when none.",
  createdBy: "The username (e-mail) of the creator.",
  updatedBy: "The username (e-mail) of the last user who changed it.",
  lastStartedJobStatus: "The status of the latest job, null when it never ran.",
  adopted: "The existing definition this resource took over (adoptExisting), absent when it created its own.",
};

/** The engine's own key for the serialized provider. */
export const PROVIDER_KEY = "__provider";

/** The engine's placeholder for a value not yet known during preview, and the test for it anywhere in a value. */
export { UNKNOWN_SENTINEL as UNKNOWN, containsUnknowns as containsUnknown } from "../model/sentinel";

const NON_PAYLOAD = new Set<string>([
  ...CONTROL_KEYS,
  ...COMPUTED_KEYS,
  PROVIDER_KEY,
  ADOPTION_PREVIEW_KEY,
  REJECTED_KEY,
]);

export type Props = Record<string, unknown>;

/** The DataRobot payload part of a property bag (inputs or outputs). */
export function pickPayload(props: Props): Props {
  const payload: Props = {};
  for (const [key, value] of Object.entries(props)) {
    if (!NON_PAYLOAD.has(key) && value !== undefined) payload[key] = value;
  }
  return payload;
}

export interface ControlSettings {
  endpoint?: string;
  adoptExisting?: boolean;
  abortRunningJobsOnDelete?: boolean;
  deleteAdoptedOnDestroy?: boolean;
  autoName?: string;
}

/** The provider settings of props that `check` accepted (wrong types were reported there: see control-check.ts). */
export function pickControl(props: Props): ControlSettings {
  const control: ControlSettings = {};
  if (typeof props.endpoint === "string" && props.endpoint) control.endpoint = props.endpoint;
  if (typeof props.adoptExisting === "boolean") control.adoptExisting = props.adoptExisting;
  if (typeof props.abortRunningJobsOnDelete === "boolean") {
    control.abortRunningJobsOnDelete = props.abortRunningJobsOnDelete;
  }
  if (typeof props.deleteAdoptedOnDestroy === "boolean") control.deleteAdoptedOnDestroy = props.deleteAdoptedOnDestroy;
  if (typeof props.autoName === "string" && props.autoName) control.autoName = props.autoName;
  return control;
}
