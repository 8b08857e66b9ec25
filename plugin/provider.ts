/**
 * The native plugin's door to the operations: dispatches on the resource's type token, unwraps secrets on the way in
 * and wraps them on the way out (values.ts), names the failing property in each check failure, sends warnings to the
 * engine's log against the resource, derives a missing name from the URN, and computes the detailed diff that
 * `pulumi preview --diff` shows. Plain values in and out: the gRPC marshalling is server.ts's.
 */
import { Connections, type ConnectionOptions } from "../provider/connections";
import { configKeys, type ConfigSource } from "../provider/config";
import {
  generatedName,
  JobDefinitionOperations,
  secretPathsOf,
  type JobDefinitionProviderOptions,
} from "../provider/job-definition/operations";
import { ADOPTION_PREVIEW_KEY, COMPUTED_KEYS, PROVIDER_KEY, type Props } from "../provider/job-definition/fields";
import { JobRunProvider, RERUN_KEYS, SETTING_KEYS, type JobRunProviderOptions } from "../provider/job-run/provider";
import type { Path } from "../provider/model";
import { PLUGIN_JOB_DEFINITION_TYPE_TOKEN, PLUGIN_JOB_RUN_TYPE_TOKEN, PLUGIN_PACKAGE } from "../sdk/type-tokens";
import { camelCaseKeys, withPythonPathIn } from "./python-names";
import { buildSchema } from "./schema";
import { changedPaths, unwrapSecrets, wrapSecrets, type DiffKind } from "./values";

export type Severity = "info" | "warning" | "error";
export type LogSink = (severity: Severity, message: string, urn?: string) => void;

export interface PluginProviderOptions extends JobDefinitionProviderOptions, JobRunProviderOptions {
  /** Where warnings go: the engine's log service, against the resource's URN. */
  log?: LogSink;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface PluginDiff {
  changes: boolean;
  replaces: string[];
  /** Property path → kind; `replace` when that change replaces the resource. */
  detailedDiff: Record<string, { kind: DiffKind; replace: boolean }>;
}

/** What an error thrown by create/update carries when the resource exists nonetheless (a partial create/update). */
export interface PartialFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<parent types$>type::<name>`. */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } {
  const parts = urn.split("::");
  const stack = (parts[0] ?? "").replace(/^urn:pulumi:/, "");
  const types = parts[2] ?? "";
  return {
    stack,
    project: parts[1] ?? "",
    type: types.slice(types.lastIndexOf("$") + 1),
    name: parts.slice(3).join("::"),
  };
}

/** The config variables the engine sends (`datarobot-batch:config:endpoint`) as the `datarobot-batch:endpoint` keys. */
export function pluginConfigSource(variables: ReadonlyMap<string, string> | Record<string, string>): ConfigSource {
  const get = (key: string) =>
    variables instanceof Map ? variables.get(key) : (variables as Record<string, string>)[key];
  return {
    get: (key) => {
      const [namespace, name] = key.split(":");
      return get(`${namespace}:config:${name}`) ?? get(key);
    },
  };
}

let packageSchema: ReturnType<typeof buildSchema> | undefined;

/** A definition's inputs with the snake_case keys a Python program leaves inside unions in camelCase (python-names.ts). */
function pythonNames(news: Props): Props {
  packageSchema ??= buildSchema("0.0.0");
  const inputs = packageSchema.resources[PLUGIN_JOB_DEFINITION_TYPE_TOKEN].inputProperties;
  return camelCaseKeys(news, { properties: inputs }, packageSchema) as Props;
}

const DEFINITION_INPUT_EXCLUDED = new Set<string>([...COMPUTED_KEYS, PROVIDER_KEY, ADOPTION_PREVIEW_KEY]);
const RUN_INPUT_KEYS: readonly string[] = [...RERUN_KEYS, ...SETTING_KEYS];

/**
 * A check failure that names its property in the reason, not in the `property` field: for a failure on a top-level
 * property the engine prints that property's whole value ("property endpoint value {...} has a problem"), so a
 * megabyte endpoint, or one with credentials in it, would be echoed in full; with no `property` it prints the reason
 * only ("resource 'nightly' has a problem: endpoint: must be an https URL").
 */
function unechoed(property: string, reason: string): CheckFailure {
  const named = property && !reason.startsWith(`${property}: `) ? `${property}: ${reason}` : reason;
  // The path also as a Python program spells it, where that differs (`predictionThreshold (Python: ...)`).
  return { property: "", reason: withPythonPathIn(named) };
}

export class PluginProvider {
  private readonly connections: Connections;
  private readonly definitions: JobDefinitionOperations;
  private readonly runs: JobRunProvider;
  private readonly log: LogSink;
  /** Fired by `cancel()`: ends the waits in flight (a run, the wait for aborted jobs before a delete). */
  private readonly cancellation = new AbortController();

  constructor(options: PluginProviderOptions & ConnectionOptions = {}) {
    this.log = options.log ?? ((severity, message) => process.stderr.write(`${severity}: ${message}\n`));
    // The one-time plain-http warning goes to the engine's log (the plugin's stderr is not shown to users).
    const warn = options.warn ?? ((line: string) => this.log("warning", line));
    this.connections = new Connections(options.env, options.createClient, warn);
    const signal = this.cancellation.signal;
    this.definitions = new JobDefinitionOperations(this.connections, { ...options, signal });
    this.runs = new JobRunProvider({ ...options, warn, signal });
  }

  /**
   * The engine's Cancel (the user pressed Ctrl-C): the engine then waits for the operations in flight, so each wait
   * of this process ends now, as the CLI's Ctrl-C ends it: a run's job is aborted (unless `abortOnTimeout: false`)
   * and its create fails saying so; a delete stops waiting for aborted jobs. What is not waiting finishes as usual.
   */
  cancel(): void {
    this.cancellation.abort(new Error("the Pulumi operation was cancelled"));
  }

  /** The provider's config (`datarobot-batch:*` stack config, or an explicit Provider's inputs); env as fallback. */
  configure(config: ConfigSource): void {
    const keys = configKeys(PLUGIN_PACKAGE);
    this.connections.configure(config, keys);
    void this.runs.configure({ config }, keys);
  }

  /**
   * Failures carry no `property` (unechoed): the engine would print "property intakeSettings.url value {<nil>} has a
   * problem", or the whole value of a top-level one. The reason names the path instead, in the API's camelCase and,
   * where it differs, as a Python program spells it (warnings too).
   */
  async check(urn: string, olds: Props, rawNews: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const { type, name, project, stack } = parseUrn(urn);
    const { value, secretPaths } = unwrapSecrets(type === PLUGIN_JOB_RUN_TYPE_TOKEN ? rawNews : pythonNames(rawNews));
    const news = value as Props;
    if (type === PLUGIN_JOB_RUN_TYPE_TOKEN) {
      const result = await this.runs.check(olds, news);
      const failures = (result.failures ?? []).map((f) => unechoed(f.property, f.reason));
      return { inputs: wrapSecrets(result.inputs ?? news, secretPaths), failures };
    }
    assertDefinition(type);
    // A Python or YAML program has no resource class to generate the name: it comes from the URN, as the SDK's.
    const withName =
      news.name === undefined && !news.autoName ? { ...news, autoName: generatedName(name, project, stack) } : news;
    const outcome = await this.definitions.check(unwrapSecrets(olds).value as Props, withName);
    for (const warning of outcome.warnings) this.log("warning", withPythonPathIn(warning), urn);
    const failures = outcome.failures.map((failure) => unechoed(failure.path, failure.message));
    const inputs = outcome.inputs ?? news;
    return { inputs: wrapSecrets(inputs, [...secretPaths, ...secretPathsOf(inputs)]), failures };
  }

  async diff(urn: string, id: string, rawOlds: Props, rawNews: Props, rawOldInputs?: Props): Promise<PluginDiff> {
    const olds = unwrapSecrets(rawOlds).value as Props;
    const news = unwrapSecrets(rawNews).value as Props;
    const oldInputs = rawOldInputs ? (unwrapSecrets(rawOldInputs).value as Props) : undefined;
    const { type } = parseUrn(urn);
    if (type === PLUGIN_JOB_RUN_TYPE_TOKEN) {
      const result = await this.runs.diff(id, olds, news);
      if (result.changes === false) return { changes: false, replaces: [], detailedDiff: {} };
      const replaces = result.replaces ?? [];
      return { changes: true, replaces, detailedDiff: detailed(oldInputs ?? olds, news, RUN_INPUT_KEYS, replaces) };
    }
    assertDefinition(type);
    const result = await this.definitions.diff(id, olds, news);
    if (result.changes === false) return { changes: false, replaces: [], detailedDiff: {} };
    const keys = [...new Set([...Object.keys(oldInputs ?? olds), ...Object.keys(news)])].filter(
      (key) => !DEFINITION_INPUT_EXCLUDED.has(key),
    );
    // Old inputs (the stored written form) against new ones: the same paths the dynamic door's engine-side diff shows.
    const base = oldInputs ?? olds;
    return { changes: true, replaces: result.replaces, detailedDiff: detailed(base, news, keys, result.replaces) };
  }

  async create(urn: string, rawInputs: Props): Promise<{ id: string; outs: Props }> {
    const { value, secretPaths } = unwrapSecrets(rawInputs);
    const inputs = value as Props;
    const { type } = parseUrn(urn);
    return this.wrapPartial(secretPaths, async () => {
      if (type === PLUGIN_JOB_RUN_TYPE_TOKEN) {
        const result = await this.runs.create(inputs);
        return { id: result.id, outs: this.out(result.outs, secretPaths) };
      }
      assertDefinition(type);
      const result = await this.definitions.create(inputs);
      for (const warning of result.warnings) this.log("warning", warning, urn);
      return { id: result.id, outs: this.out(result.outs, secretPaths) };
    });
  }

  async read(
    urn: string,
    id: string,
    rawProps: Props,
    rawInputs: Props,
  ): Promise<{ id?: string; outs?: Props; inputs?: Props }> {
    const { value, secretPaths } = unwrapSecrets(rawProps);
    const inputSecrets = unwrapSecrets(rawInputs).secretPaths;
    const props = value as Props;
    const { type } = parseUrn(urn);
    if (type === PLUGIN_JOB_RUN_TYPE_TOKEN) {
      const inputs = unwrapSecrets(rawInputs).value as Props;
      return { id, outs: this.out(props, secretPaths), inputs: this.out(inputs, inputSecrets) };
    }
    assertDefinition(type);
    // `pulumi import` reads by id alone: no stored properties yet.
    const result = await this.definitions.read(id, props, { importing: Object.keys(props).length === 0 });
    if (result.id === undefined) return {};
    const paths = [...secretPaths, ...inputSecrets];
    return { id: result.id, outs: this.out(result.outs ?? {}, paths), inputs: this.out(result.inputs ?? {}, paths) };
  }

  async update(urn: string, id: string, rawOlds: Props, rawNews: Props): Promise<Props> {
    const olds = unwrapSecrets(rawOlds).value as Props;
    const { value, secretPaths } = unwrapSecrets(rawNews);
    const news = value as Props;
    const { type } = parseUrn(urn);
    return this.wrapPartial(secretPaths, async () => {
      if (type === PLUGIN_JOB_RUN_TYPE_TOKEN) {
        return this.out((await this.runs.update(id, olds, news)).outs ?? {}, secretPaths);
      }
      assertDefinition(type);
      const result = await this.definitions.update(id, olds, news);
      for (const warning of result.warnings) this.log("warning", warning, urn);
      return this.out(result.outs, secretPaths);
    });
  }

  async delete(urn: string, id: string, rawProps: Props): Promise<void> {
    const props = unwrapSecrets(rawProps).value as Props;
    const { type } = parseUrn(urn);
    if (type === PLUGIN_JOB_RUN_TYPE_TOKEN) return this.runs.delete();
    assertDefinition(type);
    await this.definitions.delete(id, props);
  }

  /** Outputs with every secret wrapped: the model's secret paths and the paths that arrived secret. */
  private out(props: Props, secretPaths: readonly Path[]): Props {
    return wrapSecrets(props, [...secretPaths, ...secretPathsOf(props)]);
  }

  /** A partial create/update's outputs go to state too: wrapped like any other. */
  private async wrapPartial<T>(secretPaths: readonly Path[], run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const partial = error as Partial<PartialFailure>;
      if (partial && typeof partial.id === "string" && partial.properties) {
        partial.properties = this.out(partial.properties, secretPaths);
      }
      throw error;
    }
  }
}

function assertDefinition(type: string): void {
  if (type !== PLUGIN_JOB_DEFINITION_TYPE_TOKEN) {
    throw new Error(
      `unknown resource type ${JSON.stringify(type)}: the plugin serves ${PLUGIN_JOB_DEFINITION_TYPE_TOKEN} and ` +
        PLUGIN_JOB_RUN_TYPE_TOKEN,
    );
  }
}

function detailed(
  olds: Props,
  news: Props,
  keys: readonly string[],
  replaces: readonly string[],
): PluginDiff["detailedDiff"] {
  const out: PluginDiff["detailedDiff"] = {};
  for (const [path, kind] of changedPaths(olds, news, keys)) {
    const top = path.split(/[.[]/)[0] ?? path;
    out[path] = { kind, replace: replaces.includes(top) };
  }
  return out;
}
