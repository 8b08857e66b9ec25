/**
 * The engine-neutral operations of a `BatchPredictionJobDefinition`: check, diff, create, read, update and delete over
 * plain values. Two front doors adapt them to an engine protocol: the dynamic provider (`./provider.ts`, loaded by
 * the serialized shim in `sdk/`) and the native plugin (`plugin/`). They return failures with property paths,
 * warnings for the user, and the outputs; neither protocol's vocabulary is needed here beyond the keys in fields.ts.
 *
 * What is stored and sent (docs/resource-reference.md, "How changes are shown" and "Refresh and drift"): `check`
 * returns the *written* form of the inputs (the fields the program sets, canonical spelling, no defaults added), which
 * is what create sends and what updates are built from. `diff` compares old and new with server defaults made explicit: equal → "no
 * changes" (a no-op stays a no-op whatever the spelling, and after provider upgrades); different → the engine is asked
 * to diff the inputs itself, which yields nested property paths such as `intakeSettings.url` in `pulumi preview --diff`.
 *
 * Outputs hold, for each field the program writes, the value DataRobot holds (verified after every write), and under
 * `serverFields` what DataRobot holds that the program does not write: shown, never drift, never "removed".
 */
import { createHash } from "node:crypto";
import {
  canonicalFromInputs,
  canonicalFromResponse,
  deepEqual,
  diffCanonical,
  echoFromResponse,
  outsideOf,
  projectOnto,
  replaceSecrets,
  SECRET_SET_ELSEWHERE,
  SERVER_CHOSEN_WHEN_UNSET,
  SERVER_DEFAULTS,
  toCreateBody,
  toUpdateBody,
  unionShape,
  validateInputs,
  withoutFormerGuessedDefaults,
  writtenFromInputs,
  type CanonicalJobDefinition,
  type WrittenJobDefinition,
  guardIssues,
  formatPath,
  isSecretValue,
  type Path,
  forEachLeaf,
  knownTime,
} from "../model";
import { ConflictError, NotFoundError, ValidationError, type ApiJobDefinition } from "../client";
import type { ConnectionOptions, Connections } from "../connections";
import {
  adoptedWarning,
  adoptionPreviewWarning,
  adoptionRecord,
  carriedAdoption,
  describeAdoption,
  isAdoptionRecord,
  retainedOnDelete,
  username,
} from "./adoption";
import { providerSettingIssues } from "./provider-settings-check";
import { cut } from "../values";
import {
  ADOPTION_PREVIEW_KEY,
  COMPUTED_KEYS,
  COMPUTED_STATUS_KEY,
  COMPUTED_TIME_KEYS,
  COMPUTED_USER_KEYS,
  REJECTED_KEY,
  PROVIDER_KEY,
  SERVER_FIELDS_KEY,
  STORED_PROVIDER_SETTING_KEYS,
  containsUnknown,
  pickProviderSettings,
  pickPayload,
  type ProviderSettings,
  type Props,
} from "./fields";
import { verifyWrite } from "./verify";
import { abortActiveJobs } from "../run/active-jobs";
import type { PollSchedule } from "../run/backoff";
import type { RunClock } from "../run/clock";

export interface JobDefinitionProviderOptions extends ConnectionOptions {
  /** How long `abortRunningJobsOnDelete` waits for aborted jobs to stop before deleting again (on `clock`). */
  abortWaitMs?: number;
  /** The clock and poll schedule of that wait; the runner's by default. */
  clock?: RunClock;
  poll?: PollSchedule;
  /** Ends that wait early: the plugin's Cancel, which the engine sends when the user interrupts it. */
  signal?: AbortSignal;
}

/** A problem with the inputs: `path` names the property (`intakeSettings.url`), "" when it concerns the whole. */
export interface OperationFailure {
  path: string;
  message: string;
}

export interface CheckOutcome {
  /** The inputs to store (the written form), when there are no failures. */
  inputs?: Props;
  failures: OperationFailure[];
  /** Likely mistakes DataRobot may still accept, and notes the user must see (an adoption): never blocking. */
  warnings: string[];
}

export interface WriteOutcome {
  id: string;
  outs: Props;
  warnings: string[];
}

export interface ReadOutcome {
  /** Undefined: the definition is gone. */
  id?: string;
  outs?: Props;
  inputs?: Props;
}

export class JobDefinitionOperations {
  constructor(
    private readonly connections: Connections,
    private readonly options: JobDefinitionProviderOptions = {},
  ) {}

  async check(olds: Props, news: Props): Promise<CheckOutcome> {
    // Hostile shapes anywhere (prototype keys, Infinity, deep nesting) and settings of the wrong type or an endpoint
    // the stack does not name: reported before anything else, and before any API call.
    const rejected = news[REJECTED_KEY];
    if (Array.isArray(rejected) && rejected.length > 0) {
      return { failures: rejected.map((reason) => ({ path: "", message: String(reason) })), warnings: [] };
    }
    const guarded = guardIssues(news);
    const problems: OperationFailure[] = [
      ...guarded.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
      ...(guarded.length > 0 ? [] : providerSettingIssues(news, this.connections.current)).map((issue) => ({
        path: issue.property,
        message: issue.reason,
      })),
    ];
    if (problems.length > 0) return { failures: problems, warnings: [] };
    const providerSettings = pickProviderSettings(news);
    const payload = pickPayload(news);
    if (payload.name === undefined || payload.name === null) {
      if (!providerSettings.autoName) {
        return {
          failures: [
            {
              path: "name",
              message: "no name given. Set `name`, or create the resource through the SDK class, which generates one.",
            },
          ],
          warnings: [],
        };
      }
      payload.name = providerSettings.autoName;
    }
    // `news` passed the guards above, and the payload is a part of it.
    const validation = validateInputs(payload, { allowUnknowns: true, guarded: true });
    if (!validation.ok) {
      return {
        failures: validation.issues.map((issue) => ({
          path: issue.path,
          message: stripPath(issue.message, issue.path),
        })),
        warnings: [],
      };
    }
    const warnings = validation.warnings.map((warning) => `${warning.path}: ${warning.message}`);
    // Stored inputs are the written form: what create sends and updates start from (unknowns stay in place).
    const written = writtenFromInputs(payload);
    rememberWritten(written);
    const adoption = Object.keys(olds).length === 0 ? await this.adoptionPreview(providerSettings, written.name) : {};
    const target = adoption[ADOPTION_PREVIEW_KEY];
    if (isAdoptionRecord(target)) warnings.push(adoptionPreviewWarning(target));
    return {
      inputs: { ...providerSettings, ...written, ...adoption, [PROVIDER_KEY]: news[PROVIDER_KEY] },
      failures: [],
      warnings,
    };
  }

  /**
   * Before a create with adoptExisting: the definition it would take over, so that the preview shows it. Best
   * effort: without credentials or on an API error the preview goes on (the create looks the name up again).
   */
  private async adoptionPreview(providerSettings: ProviderSettings, name: unknown): Promise<Props> {
    if (providerSettings.adoptExisting !== true || typeof name !== "string" || containsUnknown(name)) return {};
    try {
      const existing = await this.connections.clientFor(providerSettings.endpoint).findJobDefinitionByName(name);
      return existing ? { [ADOPTION_PREVIEW_KEY]: adoptionRecord(existing) } : {};
    } catch {
      return {};
    }
  }

  /** `changes` undefined: something changed, and the caller reports which paths (the engine, or the plugin itself). */
  async diff(_id: string, olds: Props, news: Props): Promise<{ changes?: boolean; replaces: string[] }> {
    const oldSettings = pickProviderSettings(olds);
    const newSettings = pickProviderSettings(news);
    // Moving a definition to another DataRobot installation cannot be a PATCH: it is a new definition there.
    const replaces = (oldSettings.endpoint ?? "") !== (newSettings.endpoint ?? "") ? ["endpoint"] : [];
    if (containsUnknown(news)) {
      return { replaces };
    }
    const newPayload = pickPayload(news);
    const oldPayload = withoutFormerGuessedDefaults(pickPayload(olds), newPayload);
    // Both sides come from `check`, so on a no-op they are usually canonical already and equal (no work needed);
    // otherwise, e.g. with state written by an older version, their canonical forms are compared.
    const changedFields = deepEqual(oldPayload, newPayload) ? [] : this.changedFields(oldPayload, newPayload);
    const settingsChanged = STORED_PROVIDER_SETTING_KEYS.some((key) => oldSettings[key] !== newSettings[key]);
    if (changedFields.length === 0 && !settingsChanged && replaces.length === 0) {
      return { changes: false, replaces };
    }
    // `changes` left undefined: the engine diffs old and new inputs itself and reports nested property paths.
    return { replaces };
  }

  private changedFields(oldPayload: Props, newPayload: Props): string[] {
    const before = safeCanonical(oldPayload);
    return before ? diffCanonical(before, canonicalFromInputs(newPayload)) : ["*"];
  }

  async create(inputs: Props): Promise<WriteOutcome> {
    const providerSettings = pickProviderSettings(inputs);
    const written = writtenOf(pickPayload(inputs));
    const client = this.connections.clientFor(providerSettings.endpoint);
    const body = toCreateBody(written);
    const name = String(written.name);
    let response: ApiJobDefinition;
    let adopted: Props = {};
    if (providerSettings.adoptExisting) {
      const existing = await client.findJobDefinitionByName(name);
      if (existing) adopted = { adopted: { ...adoptionRecord(existing), at: new Date().toISOString() } };
      response = existing
        ? await client.updateJobDefinition(existing.id, body)
        : await client.createJobDefinition(body);
    } else {
      try {
        response = await client.createJobDefinition(body);
      } catch (error) {
        if (isNameConflict(error)) {
          const existing = await client.findJobDefinitionByName(name).catch(() => undefined);
          throw new Error(
            `A batch prediction job definition named ${cut(name)} already exists in this DataRobot organization` +
              (existing ? ` (${describeAdoption(adoptionRecord(existing))})` : "") +
              ". Names are unique per organization. Choose another `name`, or set `adoptExisting: true` to take " +
              "the existing definition over and update it to this program's settings (check first that no other " +
              'stack manages it: see docs/resource-reference.md, "Adopting existing definitions").',
          );
        }
        throw error;
      }
    }
    const outputsFor = (r: ApiJobDefinition) => ({
      ...buildOutputs(r, written, providerSettings),
      ...adopted,
      [PROVIDER_KEY]: inputs[PROVIDER_KEY],
    });
    const verified = await verifyWrite({
      client,
      id: response.id,
      label: labelOf(name),
      response,
      after: written,
      outputsFor,
    });
    return {
      id: verified.response.id,
      outs: { ...buildOutputs(verified.response, written, providerSettings, verified.actual), ...adopted },
      warnings: isAdoptionRecord(adopted.adopted) ? [adoptedWarning(adopted.adopted)] : [],
    };
  }

  /**
   * `importing`: a read by id alone that starts managing the definition (`pulumi import`). Its inputs are then what a
   * program describing the definition writes (importedPayload), so that such a program previews as no change.
   */
  async read(id: string, props: Props, options: { importing?: boolean } = {}): Promise<ReadOutcome> {
    const providerSettings = pickProviderSettings(props);
    let written = pickPayload(props) as WrittenJobDefinition;
    let response: ApiJobDefinition;
    try {
      response = await this.connections.clientFor(providerSettings.endpoint).getJobDefinition(id);
    } catch (error) {
      // Deleted out of band: no id tells the engine to drop the resource from state.
      if (error instanceof NotFoundError) return {};
      throw error;
    }
    if (options.importing && Object.keys(written).length === 0) {
      written = importedPayload(pickPayload(buildOutputs(response, written, providerSettings)));
    }
    // buildOutputs makes a new object: the adoption record is added to it, not to a copy.
    const outputs = Object.assign(buildOutputs(response, written, providerSettings), carriedAdoption(props));
    // A refresh never changes the resource's identity: the client refuses an answer about another id, and the id
    // returned is the one asked for (returning the answer's id would re-point state, and the next delete, at it).
    return { id, outs: outputs, inputs: { ...providerSettings, ...pickPayload(outputs) } };
  }

  async update(id: string, olds: Props, news: Props): Promise<WriteOutcome> {
    const providerSettings = pickProviderSettings(news);
    const before = withoutFormerGuessedDefaults(pickPayload(olds), pickPayload(news)) as WrittenJobDefinition;
    const after = writtenOf(pickPayload(news));
    const body = toUpdateBody(before, after);
    if (Object.keys(body).length === 0) {
      // Nothing DataRobot holds changes (provider settings only, or a default written or left out): no request.
      const held = { ...(olds[SERVER_FIELDS_KEY] as Props | undefined), ...before };
      return {
        id,
        outs: {
          ...pickComputed(olds),
          ...(projectOnto(held, after) as Props),
          [SERVER_FIELDS_KEY]: outsideOf(held, after),
          ...providerSettings,
        },
        warnings: [],
      };
    }
    const client = this.connections.clientFor(providerSettings.endpoint);
    const first = await client.updateJobDefinition(id, body);
    // A change that did not apply keeps the fields it touched (removed ones too) in the payload outputs, so the next
    // `up` sees the difference and tries again instead of treating them as the server's.
    const outputsFor = (r: ApiJobDefinition) => ({
      ...buildOutputs(r, unionShape(after, before) as WrittenJobDefinition, providerSettings),
      ...carriedAdoption(olds),
      [PROVIDER_KEY]: news[PROVIDER_KEY],
    });
    const label = labelOf(String(after.name ?? before.name ?? id));
    const verified = await verifyWrite({ client, id, label, response: first, after, before, outputsFor });
    return {
      id,
      outs: { ...buildOutputs(verified.response, after, providerSettings, verified.actual), ...carriedAdoption(olds) },
      warnings: [],
    };
  }

  async delete(id: string, props: Props): Promise<void> {
    const providerSettings = pickProviderSettings(props);
    // An adopted definition was not created by this stack: leave it in DataRobot unless the user opted in.
    if (retainedOnDelete(props)) return;
    const client = this.connections.clientFor(providerSettings.endpoint);
    try {
      await client.deleteJobDefinition(id);
    } catch (error) {
      if (error instanceof NotFoundError) return; // already gone: the goal of a delete is reached
      if (!(error instanceof ConflictError)) throw error;
      const label = `batch prediction job definition "${String(props.name ?? id)}" (id ${id})`;
      if (!providerSettings.abortRunningJobsOnDelete) {
        throw new Error(
          `Cannot delete ${label}: DataRobot reports jobs of it still running. Wait for them to finish, abort them, ` +
            "or set `abortRunningJobsOnDelete: true` on the resource (then run the delete again).",
        );
      }
      const { clock, poll, abortWaitMs: waitMs, signal } = this.options;
      await abortActiveJobs(client, id, { clock, poll, waitMs, signal });
      if (signal?.aborted) {
        throw new Error(
          `Cancelled while waiting for the aborted jobs of ${label} to stop: the definition was not deleted. Run the ` +
            "delete again.",
        );
      }
      try {
        await client.deleteJobDefinition(id);
      } catch (retryError) {
        if (retryError instanceof NotFoundError) return;
        throw retryError;
      }
    }
  }
}

/**
 * The name a resource without `name` gets: `<resource name>-<7 hex of project/stack/resource name>`, the same in every
 * preview and update. Both doors derive it from what the URN holds (project, stack, resource name).
 */
export function generatedName(resourceName: string, project: string, stack: string): string {
  const suffix = createHash("sha256").update(`${project}/${stack}/${resourceName}`).digest("hex").slice(0, 7);
  return `${resourceName}-${suffix}`;
}

/**
 * What a program describing an existing definition writes: its fields without those at DataRobot's defaults and
 * without those DataRobot chooses when unset (their value cannot tell whether someone set it). The name stays.
 */
export function importedPayload(payload: Props): WrittenJobDefinition {
  const defaults = SERVER_DEFAULTS as Record<string, unknown>;
  const chosen = new Set<string>(SERVER_CHOSEN_WHEN_UNSET.filter((key) => key !== "name"));
  const kept: Props = {};
  for (const [key, value] of Object.entries(payload)) {
    if (chosen.has(key) || value === null) continue;
    if (key in defaults && deepEqual(value, defaults[key])) continue;
    kept[key] = value;
  }
  return kept as WrittenJobDefinition;
}

/**
 * The paths of `props` whose values are secret by the model's one list (secrets.ts): the fields, credential-named keys
 * and URLs with credentials. A door that can mark secrets itself (the plugin) wraps exactly these on the way out.
 */
export function secretPathsOf(props: unknown): Path[] {
  const found: Path[] = [];
  forEachLeaf(props, (leaf, path) => {
    if (path.length > 0 && isSecretValue(path, leaf)) found.push([...path]);
  });
  return found;
}

/**
 * The written forms this process's `check` returned, by their JSON text. The engine hands them back to `create` and
 * `update` (as new objects), where canonicalising them again would give the same value: the written form is a fixed
 * point of `writtenFromInputs`. Bounded: emptied when it holds more than a large stack's definitions.
 */
const checkedWritten = new Set<string>();
const CHECKED_WRITTEN_MAX = 20_000;

function rememberWritten(written: WrittenJobDefinition): void {
  if (checkedWritten.size >= CHECKED_WRITTEN_MAX) checkedWritten.clear();
  checkedWritten.add(JSON.stringify(written));
}

/**
 * `writtenFromInputs(payload)`, without the work when `payload` is a written form this process's check returned: it
 * is then that form itself (same JSON text), in a new object the engine made for this call.
 */
function writtenOf(payload: Props): WrittenJobDefinition {
  return checkedWritten.has(JSON.stringify(payload)) ? (payload as WrittenJobDefinition) : writtenFromInputs(payload);
}

/** Avoids "intakeSettings.url: intakeSettings.url: ..." when the model's message already names the path. */
function stripPath(message: string, path: string): string {
  const prefix = `${path}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

function labelOf(name: string): string {
  return `batch prediction job definition "${name}"`;
}

/** Canonical form of a payload from state, or undefined when state does not hold a complete payload. */
function safeCanonical(payload: Props): CanonicalJobDefinition | undefined {
  if (Object.keys(payload).length === 0) return undefined;
  try {
    return canonicalFromInputs(payload);
  } catch {
    return undefined;
  }
}

/**
 * A 409, or a 422 whose message says the name is taken. Any other 422 on `name` (too long, bad characters) is
 * reported as what the server said, not as a conflict.
 */
export function isNameConflict(error: unknown): boolean {
  if (error instanceof ConflictError) return true;
  if (error instanceof ValidationError) {
    const texts = [error.apiMessage ?? "", ...Object.values(error.fieldErrors ?? {}).map(String)];
    return texts.some((text) =>
      /(already exists|already in use|is taken|must be unique|not unique|duplicate)/i.test(text),
    );
  }
  return false;
}

function pickComputed(props: Props): Props {
  const computed: Props = {};
  for (const key of COMPUTED_KEYS) if (key in props) computed[key] = props[key];
  return computed;
}

/**
 * Secrets are never copied into `serverFields`: the program writes no secret input there whose secretness the engine
 * could follow, so each secret of the one list reads "[secret set outside Pulumi]".
 */
function withoutSecrets(value: Record<string, unknown>): Record<string, unknown> {
  return replaceSecrets(value, SECRET_SET_ELSEWHERE) as Record<string, unknown>;
}

/**
 * Outputs: for each field the program writes (`written`), the value DataRobot holds; under `serverFields`, what
 * DataRobot holds that the program does not write; the provider settings and DataRobot's computed fields. Without a
 * written payload (a definition read by id with `BatchPredictionJobDefinition.get`), every field is a top-level output.
 * `verified` is the response's canonical form against `written` when the write check computed it already.
 */
export function buildOutputs(
  response: ApiJobDefinition,
  written: WrittenJobDefinition,
  providerSettings: ProviderSettings,
  verified?: CanonicalJobDefinition,
): Props {
  const readOnly = Object.keys(written).length === 0;
  const actual = (verified ?? canonicalFromResponse(response, readOnly ? undefined : written)) as unknown as Props;
  // Built by assignment, key after key (in the order spreads would give): an object literal of spreads is slow to
  // build and, past a few dozen keys, a slow dictionary for everyone who reads it after (the engine's marshalling).
  const outputs: Props = readOnly ? { ...actual } : (projectOnto(actual, written) as Props);
  outputs[SERVER_FIELDS_KEY] = readOnly
    ? {}
    : withoutSecrets(outsideOf(echoFromResponse(response) as unknown as Props, written));
  const settingKeys = Object.keys(providerSettings) as (keyof ProviderSettings)[];
  for (let i = 0; i < settingKeys.length; i++) outputs[settingKeys[i]!] = providerSettings[settingKeys[i]!];
  for (let i = 0; i < COMPUTED_TIME_KEYS.length; i++) {
    outputs[COMPUTED_TIME_KEYS[i]!] = knownTime(response[COMPUTED_TIME_KEYS[i]!]);
  }
  for (let i = 0; i < COMPUTED_USER_KEYS.length; i++) {
    outputs[COMPUTED_USER_KEYS[i]!] = username(response[COMPUTED_USER_KEYS[i]!]);
  }
  const status = response[COMPUTED_STATUS_KEY];
  outputs[COMPUTED_STATUS_KEY] = typeof status === "string" ? status : null;
  return outputs;
}
