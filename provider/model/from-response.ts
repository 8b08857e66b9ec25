/**
 * API response → canonical form, resolving what the response cannot tell against the desired inputs.
 *
 * - "[redacted]" ids (the caller lacks permission on the referenced object, docs/datarobot-api.md §4.6) take the
 *   desired value at the same path; so do fields listed in `redactedFields` that the response leaves out.
 * - Write-only secrets (predictionInstance.apiKey/datarobotKey, outputSettings.serverSideEncryption.customerKey) are
 *   never trusted from a response: with a desired value, the desired value is kept (like DataRobot's Terraform
 *   provider), so a change to them made outside Pulumi is not detected.
 * - Fields the server chooses when the user leaves them unset (numConcurrent from the deployment, a generated name,
 *   the deployment's prediction instance, ...) are dropped when the desired inputs do not set them, so a
 *   server-chosen value never shows as drift. Without `desired`, everything the server reports is kept.
 */
import { canonicalFromInputs, canonicalize, CanonicalJobDefinition, sortKeysOwned } from "./canonical";
import { JOB_DEFINITION_FIELDS } from "./inputs";
import { forEachLeaf, formatPath, getAt, Path } from "./paths";
import { isNonArrayObject } from "../values";
import { quickAccepts } from "./fast-validation";
import { JobDefinitionResponseSchema, type JobDefinitionResponse } from "./responses";
import { isSecretValue, SECRET_FIELDS } from "./secrets";

export const REDACTED = "[redacted]";

/**
 * The secret fields of the one list with a fixed path (keys, not header values) are write-only: a response is never
 * trusted for them. Header values are read back, so that a header changed outside Pulumi shows as drift.
 */
export const SECRET_PATHS: readonly Path[] = SECRET_FIELDS.filter((field) => !field.includes("*")).map((field) =>
  field.split("."),
);

/**
 * Shown instead of a secret the server holds where the desired inputs hold none (a header added outside Pulumi, a
 * URL given credentials outside Pulumi). The engine keeps a returned value secret only where the input at the same
 * path is secret; here there is none, so the value itself would reach state in plain text. Drift still shows, and
 * `up` puts the program's value back.
 */
export const SECRET_SET_ELSEWHERE = "[secret set outside Pulumi]";

export const SERVER_CHOSEN_WHEN_UNSET = [
  "name",
  "numConcurrent",
  // No source states its default ("auto" appears only as an example value).
  "chunkSize",
  "explanationAlgorithm",
  "explanationNumTopClasses",
  "predictionInstance",
  "predictionWarningEnabled",
  "batchJobType",
] as const;

/**
 * Adapter fields the server may fill in with a value no source states (DataRobot's SDK and Terraform provider give
 * none): shown when the program sets them, never drift when it does not.
 */
export const SERVER_CHOSEN_ADAPTER_FIELDS_WHEN_UNSET: readonly Path[] = [
  ["outputSettings", "commitInterval"],
  ["outputSettings", "createTableIfNotExists"],
];

/** The objects that hold the fields of the two lists above, computed once rather than on every response. */
const parentsOf = (paths: readonly Path[]): readonly Path[] => paths.map((path) => path.slice(0, -1));
const SECRET_PARENTS = parentsOf(SECRET_PATHS);
const ADAPTER_FIELD_PARENTS = parentsOf(SERVER_CHOSEN_ADAPTER_FIELDS_WHEN_UNSET);

export class InvalidResponseError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(
      `unexpected job definition response from the DataRobot API: ${issues
        .slice(0, 5)
        .map((i) => `${i.path || "(body)"}: ${i.message}`)
        .join("; ")}`,
    );
    this.name = "InvalidResponseError";
  }
}

/**
 * Each response is parsed once: a write or a read flattens it twice (the write check or the outputs, and
 * `serverFields`), and the zod parse was the provider's largest cost per resource (bench/README.md). Each caller
 * gets its own deep copy, as each got its own parse before: what one changes in place the next does not see.
 */
const flattened = new WeakMap<object, Record<string, unknown>>();

/** Flat fields of a definition response: name/enabled/schedule from the top, the rest from batchPredictionJob. */
export function flattenResponse(response: unknown): Record<string, unknown> {
  return structuredClone(sharedFlat(response));
}

/**
 * The one parse of `response`, shared: only for readers that never change it (`canonicalize` builds a new value and
 * leaves its argument as it was), which spares them the copy.
 */
function sharedFlat(response: unknown): Record<string, unknown> {
  if (typeof response !== "object" || response === null) return parseResponse(response);
  let flat = flattened.get(response);
  if (!flat) {
    flat = parseResponse(response);
    flattened.set(response, flat);
  }
  return flat;
}

/**
 * What the response holds, in canonical spelling and without defaults made explicit (the written form of the
 * response): what `serverFields` is taken from.
 */
export function echoFromResponse(response: unknown): CanonicalJobDefinition {
  return canonicalize(sharedFlat(response), { fillDefaults: false });
}

function parseResponse(response: unknown): Record<string, unknown> {
  let body: JobDefinitionResponse;
  // The common case, a well-formed answer, is told by the schema's compiled predicate; zod walks only the others.
  if (quickAccepts(JobDefinitionResponseSchema, response)) body = response as JobDefinitionResponse;
  else {
    const parsed = JobDefinitionResponseSchema.safeParse(response);
    if (!parsed.success) {
      throw new InvalidResponseError(
        parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
      );
    }
    body = parsed.data;
  }
  const spec = body.batchPredictionJob as Record<string, unknown>;
  // Every key of the job spec (a field this package does not know may be one a program writes), then the known
  // fields from the top level where the job spec lacks them.
  const flat: Record<string, unknown> = { ...spec };
  for (let i = 0; i < JOB_DEFINITION_FIELDS.length; i++) {
    const field = JOB_DEFINITION_FIELDS[i]!;
    const fromSpec = field === "name" || field === "enabled" || field === "schedule" ? undefined : spec[field];
    // There is no top-level deploymentId in the API (docs/datarobot-api.md §5); a server that sends one anyway is read
    // as a fallback.
    const value = fromSpec ?? body[field];
    // A field neither part holds is not added as a key: an object grown by some thirty absent keys becomes a slow
    // dictionary for every later reader (the same values: an absent key reads as undefined).
    if (value !== undefined || Object.hasOwn(flat, field)) flat[field] = value;
  }
  flat.redactedFields = spec.redactedFields;
  return flat;
}

function setAt(root: Record<string, unknown>, path: Path, value: unknown): void {
  let current: Record<string, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const next = current[path[i]!];
    if (!isNonArrayObject(next)) return;
    current = next;
  }
  const last = path[path.length - 1];
  if (value === undefined) delete current[last];
  else current[last] = value;
}

const isAbsent = (value: unknown): boolean => value === null || value === undefined;

export function canonicalFromResponse(response: unknown, desired?: unknown): CanonicalJobDefinition {
  const flat = sharedFlat(response);
  const actual = canonicalize(flat) as unknown as Record<string, unknown>;
  if (desired === undefined) return actual as unknown as CanonicalJobDefinition;

  // The desired value in canonical form, made only when a redacted value or a secret needs it (most answers have
  // neither). Whether a server-chosen field is set is read from `desired` itself: canonicalize drops a null and fills
  // no default for these fields (a test holds that), so absent there and absent in the canonical form agree.
  let canonicalDesired: Record<string, unknown> | undefined;
  const wanted = () => (canonicalDesired ??= canonicalFromInputs(desired) as unknown as Record<string, unknown>);
  // "[redacted]" ids take the desired value at the same path. (A leaf is replaced in place; the walk goes on.)
  forEachLeaf(actual, (leaf, path) => {
    if (leaf !== REDACTED) return;
    const value = getAt(wanted(), path);
    if (value !== undefined) setAt(actual, [...path], value);
  });
  const redactedFields = Array.isArray(flat.redactedFields) ? flat.redactedFields : [];
  for (const dotted of redactedFields) {
    if (typeof dotted !== "string") continue;
    const path = dotted.split(".");
    if (getAt(actual, path) === undefined && getAt(wanted(), path) !== undefined)
      setAt(actual, path, getAt(wanted(), path));
  }
  for (let i = 0; i < SECRET_PATHS.length; i++) {
    const path = SECRET_PATHS[i]!;
    if (!isNonArrayObject(getAt(actual, SECRET_PARENTS[i]!))) continue;
    setAt(actual, path, getAt(wanted(), path));
  }
  const desiredFields = isNonArrayObject(desired) ? desired : {};
  for (let i = 0; i < SERVER_CHOSEN_WHEN_UNSET.length; i++) {
    if (isAbsent(desiredFields[SERVER_CHOSEN_WHEN_UNSET[i]!])) delete actual[SERVER_CHOSEN_WHEN_UNSET[i]!];
  }
  for (let i = 0; i < SERVER_CHOSEN_ADAPTER_FIELDS_WHEN_UNSET.length; i++) {
    const path = SERVER_CHOSEN_ADAPTER_FIELDS_WHEN_UNSET[i]!;
    const parent = getAt(actual, ADAPTER_FIELD_PARENTS[i]!);
    if (isNonArrayObject(parent) && isAbsent(getAt(desired, path))) delete parent[path[path.length - 1]];
  }
  forEachLeaf(actual, (leaf, path) => {
    if (isSecretValue(path, leaf) && !isSecretValue(path, getAt(wanted(), path))) {
      setAt(actual, [...path], SECRET_SET_ELSEWHERE);
    }
  });
  // `actual` and `wanted` are this function's own fresh canonical forms: where a value of `wanted` was put in, the
  // two now share it, and `wanted` is dropped here.
  return sortKeysOwned(actual) as unknown as CanonicalJobDefinition;
}
