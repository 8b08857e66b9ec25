/**
 * The resource's properties fall in three groups:
 *  - payload fields: the DataRobot create/update body (flat, camelCase), validated and canonicalised by the model;
 *  - control fields: how this provider behaves (never sent to DataRobot);
 *  - computed fields: read-only values DataRobot reports (outputs only).
 */

/** Inputs that steer the provider and are never sent to the API. */
export const CONTROL_KEYS = ["endpoint", "adoptExisting", "abortRunningJobsOnDelete", "autoName"] as const;

/**
 * The output holding what DataRobot holds that the program does not write (server defaults, server-filled fields,
 * values set outside Pulumi): shown to users, never drift.
 */
export const SERVER_FIELDS_KEY = "serverFields";

/** Server-reported, read-only outputs. */
export const COMPUTED_KEYS = [
  SERVER_FIELDS_KEY,
  "created",
  "updated",
  "createdBy",
  "updatedBy",
  "nextScheduledRunTime",
  "lastStartedJobStatus",
  "lastStartedJobTime",
  "lastSuccessfulRunTime",
  "lastFailedRunTime",
  "lastScheduledRunTime",
] as const;

/** The engine's own key for the serialized provider. */
export const PROVIDER_KEY = "__provider";

/** The engine's placeholder for a value not yet known during preview, and the test for it anywhere in a value. */
export { UNKNOWN_SENTINEL as UNKNOWN, containsUnknowns as containsUnknown } from "../model/sentinel";

const NON_PAYLOAD = new Set<string>([...CONTROL_KEYS, ...COMPUTED_KEYS, PROVIDER_KEY]);

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
  autoName?: string;
}

export function pickControl(props: Props): ControlSettings {
  const control: ControlSettings = {};
  if (typeof props.endpoint === "string" && props.endpoint) control.endpoint = props.endpoint;
  if (typeof props.adoptExisting === "boolean") control.adoptExisting = props.adoptExisting;
  if (typeof props.abortRunningJobsOnDelete === "boolean") {
    control.abortRunningJobsOnDelete = props.abortRunningJobsOnDelete;
  }
  if (typeof props.autoName === "string" && props.autoName) control.autoName = props.autoName;
  return control;
}
