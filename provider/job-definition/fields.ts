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
