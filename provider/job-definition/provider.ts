/**
 * The implementation of the `BatchPredictionJobDefinition` dynamic provider.
 *
 * It runs in Pulumi's dynamic-provider process, loaded at call time by the small serialized shim in `sdk/` (so the
 * state never carries this code or any credential). One instance per process holds the connection settings that
 * `configure` receives and one HTTP client per endpoint.
 *
 * Diff strategy (see README, "How changes are shown"): `check` returns the canonical form of the inputs, so state
 * always holds canonical values. `diff` compares canonical old vs canonical new: equal → "no changes" (a no-op stays
 * a no-op whatever the spelling, and after provider upgrades); different → the engine is asked to diff the
 * (canonical) inputs itself, which yields nested property paths such as `intakeSettings.url` in `pulumi preview --diff`.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  canonicalFromInputs,
  canonicalFromResponse,
  deepEqual,
  diffCanonical,
  toApiBody,
  toApiPatch,
  validateInputs,
  type CanonicalJobDefinition,
} from "../model";
import { ConflictError, DataRobotClient, NotFoundError, ValidationError, type ApiJobDefinition } from "../client";
import type { ConfigSource } from "../config";
import { Connections, type ClientFactory } from "../connections";
import { adoptionRecord, carriedAdoption, describeAdoption, retainedOnDelete } from "./adoption";
import { controlIssues } from "./control-check";
import { cut, guardIssues } from "../model/guards";
import { formatPath } from "../model";
import {
  ADOPTION_PREVIEW_KEY,
  COMPUTED_KEYS,
  REJECTED_KEY,
  PROVIDER_KEY,
  containsUnknown,
  pickControl,
  pickPayload,
  type ControlSettings,
  type Props,
} from "./fields";

/** DataRobot reports "never" as this timestamp in last-run fields; outputs show null instead. */
const NEVER = "1900-01-01T00:00:00.000000Z";
const ACTIVE_JOB_STATUSES = new Set(["INITIALIZING", "RUNNING"]);

export interface JobDefinitionProviderOptions {
  env?: NodeJS.ProcessEnv;
  /** Builds the HTTP client for one endpoint; tests inject fast retry settings here. */
  createClient?: ClientFactory;
  /** How long `abortRunningJobsOnDelete` waits for aborted jobs to stop before deleting again. */
  abortWaitMs?: number;
}

export class JobDefinitionProvider implements pulumi.dynamic.ResourceProvider {
  private readonly connections: Connections;

  constructor(private readonly options: JobDefinitionProviderOptions = {}) {
    this.connections = new Connections(options.env, options.createClient);
  }

  async configure(req: { config: ConfigSource }): Promise<void> {
    this.connections.configure(req.config);
  }

  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    // Hostile shapes anywhere (prototype keys, Infinity, deep nesting) and settings of the wrong type or an endpoint
    // the stack does not name: reported before anything else, and before any API call.
    const rejected = news[REJECTED_KEY];
    if (Array.isArray(rejected) && rejected.length > 0) {
      return { failures: rejected.map((reason) => ({ property: "", reason: String(reason) })) };
    }
    const guarded = guardIssues(news);
    const problems = [
      ...guarded.map((issue) => ({
        property: "",
        reason: issue.path.length > 0 ? `${formatPath(issue.path)}: ${issue.message}` : issue.message,
      })),
      ...(guarded.length > 0 ? [] : controlIssues(news, this.connections.current)).map((issue) => ({
        property: "",
        reason: `${issue.property}: ${issue.reason}`,
      })),
    ];
    if (problems.length > 0) return { failures: problems };
    const control = pickControl(news);
    const payload = pickPayload(news);
    if (payload.name === undefined || payload.name === null) {
      if (!control.autoName) {
        return failure(
          "name: no name given. Set `name`, or create the resource through the SDK class, which generates one.",
        );
      }
      payload.name = control.autoName;
    }
    const validation = validateInputs(payload, { allowUnknowns: true });
    if (!validation.ok) {
      return {
        failures: validation.issues.map((issue) => ({
          property: "",
          reason: `${issue.path}: ${stripPath(issue.message, issue.path)}`,
        })),
      };
    }
    // The validated value is already canonical (values still unknown during a preview stay in place).
    const adoption = Object.keys(olds).length === 0 ? await this.adoptionPreview(control, validation.value.name) : {};
    return { inputs: { ...control, ...validation.value, ...adoption, [PROVIDER_KEY]: news[PROVIDER_KEY] } };
  }

  /**
   * Before a create with adoptExisting: the definition it would take over, so that the preview shows it. Best
   * effort: without credentials or on an API error the preview goes on (the create looks the name up again).
   */
  private async adoptionPreview(control: ControlSettings, name: unknown): Promise<Props> {
    if (control.adoptExisting !== true || typeof name !== "string" || containsUnknown(name)) return {};
    try {
      const existing = await this.connections.clientFor(control.endpoint).findJobDefinitionByName(name);
      return existing ? { [ADOPTION_PREVIEW_KEY]: adoptionRecord(existing) } : {};
    } catch {
      return {};
    }
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const oldControl = pickControl(olds);
    const newControl = pickControl(news);
    // Moving a definition to another DataRobot installation cannot be a PATCH: it is a new definition there.
    const replaces = (oldControl.endpoint ?? "") !== (newControl.endpoint ?? "") ? ["endpoint"] : [];
    if (containsUnknown(news)) {
      return { replaces };
    }
    const oldPayload = pickPayload(olds);
    const newPayload = pickPayload(news);
    // Both sides come from `check`, so on a no-op they are usually canonical already and equal (no work needed);
    // otherwise, e.g. with state written by an older version, their canonical forms are compared.
    const changedFields = deepEqual(oldPayload, newPayload) ? [] : this.changedFields(oldPayload, newPayload);
    const controlChanged =
      oldControl.adoptExisting !== newControl.adoptExisting ||
      oldControl.abortRunningJobsOnDelete !== newControl.abortRunningJobsOnDelete;
    if (changedFields.length === 0 && !controlChanged && replaces.length === 0) {
      return { changes: false };
    }
    // `changes` left undefined: the engine diffs old and new inputs itself and reports nested property paths.
    return { replaces };
  }

  private changedFields(oldPayload: Props, newPayload: Props): string[] {
    const before = safeCanonical(oldPayload);
    return before ? diffCanonical(before, canonicalFromInputs(newPayload)) : ["*"];
  }

  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const control = pickControl(inputs);
    const desired = canonicalFromInputs(pickPayload(inputs));
    const client = this.connections.clientFor(control.endpoint);
    const body = toApiBody(desired);
    const name = String(desired.name);
    let response: ApiJobDefinition;
    let adopted: Props = {};
    if (control.adoptExisting) {
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
              'stack manages it: see README, "Adopting existing definitions").',
          );
        }
        throw error;
      }
    }
    return { id: response.id, outs: { ...buildOutputs(response, desired, control), ...adopted } };
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const control = pickControl(props);
    const desired = safeCanonical(pickPayload(props));
    let response: ApiJobDefinition;
    try {
      response = await this.connections.clientFor(control.endpoint).getJobDefinition(id);
    } catch (error) {
      // Deleted out of band: no id tells the engine to drop the resource from state.
      if (error instanceof NotFoundError) return {};
      throw error;
    }
    const actual = canonicalFromResponse(response, desired);
    return {
      id: response.id,
      props: { ...buildOutputs(response, actual, control), ...carriedAdoption(props) },
      inputs: { ...control, ...actual },
    };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const control = pickControl(news);
    const before = safeCanonical(pickPayload(olds));
    const after = canonicalFromInputs(pickPayload(news));
    // Only the changed top-level fields; a field removed from the program is sent as null, which clears it
    // (PATCH keeps the keys it is not sent). Without old canonical values (unreadable old state), send everything.
    const patch = before ? toApiPatch(before, after) : toApiBody(after);
    if (Object.keys(patch).length === 0) {
      // Only provider settings changed (e.g. adoptExisting): nothing to send.
      return { outs: { ...pickComputed(olds), ...after, ...control } };
    }
    const response = await this.connections.clientFor(control.endpoint).updateJobDefinition(id, patch);
    return { outs: { ...buildOutputs(response, after, control), ...carriedAdoption(olds) } };
  }

  async delete(id: string, props: Props): Promise<void> {
    const control = pickControl(props);
    // An adopted definition was not created by this stack: leave it in DataRobot unless the user opted in.
    if (retainedOnDelete(props)) return;
    const client = this.connections.clientFor(control.endpoint);
    try {
      await client.deleteJobDefinition(id);
    } catch (error) {
      if (error instanceof NotFoundError) return; // already gone: the goal of a delete is reached
      if (!(error instanceof ConflictError)) throw error;
      const label = `batch prediction job definition "${String(props.name ?? id)}" (id ${id})`;
      if (!control.abortRunningJobsOnDelete) {
        throw new Error(
          `Cannot delete ${label}: DataRobot reports jobs of it still running. Wait for them to finish, abort them, ` +
            "or set `abortRunningJobsOnDelete: true` on the resource (then run the delete again).",
        );
      }
      await this.abortActiveJobs(client, id);
      try {
        await client.deleteJobDefinition(id);
      } catch (retryError) {
        if (retryError instanceof NotFoundError) return;
        throw retryError;
      }
    }
  }

  private async abortActiveJobs(client: DataRobotClient, definitionId: string): Promise<void> {
    const jobs = await client.listJobs({ jobDefinitionId: definitionId });
    const active = jobs.filter((job) => ACTIVE_JOB_STATUSES.has(job.status));
    for (const job of active) {
      await client.abortJob(job.id).catch((error) => {
        if (!(error instanceof NotFoundError || error instanceof ConflictError)) throw error; // finished meanwhile
      });
    }
    // Aborting is asynchronous on the server: wait until no job of the definition is active.
    const deadline = Date.now() + (this.options.abortWaitMs ?? 60_000);
    while (Date.now() < deadline) {
      const remaining = (await client.listJobs({ jobDefinitionId: definitionId })).filter((job) =>
        ACTIVE_JOB_STATUSES.has(job.status),
      );
      if (remaining.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

function failure(reason: string): pulumi.dynamic.CheckResult {
  return { failures: [{ property: "", reason }] };
}

/** Avoids "intakeSettings.url: intakeSettings.url: ..." when the model's message already names the path. */
function stripPath(message: string, path: string): string {
  const prefix = `${path}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
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

function timestamp(value: unknown): string | null {
  return typeof value === "string" && value !== NEVER ? value : null;
}

function username(value: unknown): string | null {
  if (value && typeof value === "object" && "username" in value) {
    const name = (value as { username?: unknown }).username;
    return typeof name === "string" ? name : null;
  }
  return null;
}

/** Outputs: the canonical payload, the provider settings and DataRobot's computed fields. */
export function buildOutputs(
  response: ApiJobDefinition,
  canonical: CanonicalJobDefinition,
  control: ControlSettings,
): Props {
  return {
    ...canonical,
    ...control,
    created: timestamp(response.created),
    updated: timestamp(response.updated),
    createdBy: username(response.createdBy),
    updatedBy: username(response.updatedBy),
    nextScheduledRunTime: timestamp(response.nextScheduledRunTime),
    lastStartedJobStatus: typeof response.lastStartedJobStatus === "string" ? response.lastStartedJobStatus : null,
    lastStartedJobTime: timestamp(response.lastStartedJobTime),
    lastSuccessfulRunTime: timestamp(response.lastSuccessfulRunTime),
    lastFailedRunTime: timestamp(response.lastFailedRunTime),
    lastScheduledRunTime: timestamp(response.lastScheduledRunTime),
  };
}
