/**
 * Where the provider finds DataRobot: stack config first, then the environment variables DataRobot's own SDK and
 * Terraform provider use. The token is read here, at call time in the provider process, and is never stored in
 * state or in the serialized provider.
 *
 *   endpoint: `datarobot:endpoint` → DATAROBOT_ENDPOINT
 *   token:    `datarobot:apiToken` (a secret) → DATAROBOT_API_TOKEN
 *   other endpoints a resource may name (its `endpoint` input): `datarobot:connections`, a map of name →
 *             {endpoint, apiToken (secret, optional: the stack's token otherwise)}
 *   plain http to a host that is not loopback: refused unless `datarobot:allowInsecureHttp` →
 *             DATAROBOT_ALLOW_INSECURE_HTTP is "true" (self-managed DataRobot on an internal network)
 *
 * A token is only ever sent to an endpoint the stack's configuration names: a resource whose `endpoint` is neither
 * the stack's endpoint nor one of the named connections fails (a pull request cannot route the token elsewhere).
 */
import {
  CONFIG_ALLOW_INSECURE_HTTP,
  ENV_ALLOW_INSECURE_HTTP,
  INSECURE_HTTP_OPT_IN,
  InvalidEndpointError,
  isInsecureEndpoint,
  normaliseEndpoint,
} from "./client/endpoint";
import { isNonArrayObject } from "./values";

export { CONFIG_ALLOW_INSECURE_HTTP, ENV_ALLOW_INSECURE_HTTP };

export const CONFIG_ENDPOINT = "datarobot:endpoint";
export const CONFIG_TOKEN = "datarobot:apiToken";
export const ENV_ENDPOINT = "DATAROBOT_ENDPOINT";
export const ENV_TOKEN = "DATAROBOT_API_TOKEN";
export const CONFIG_CONNECTIONS = "datarobot:connections";

/**
 * The stack config keys of one distribution: the dynamic provider reads `datarobot:*` (the program's stack config), the
 * native plugin its own package's `datarobot-batch:*` (Pulumi namespaces a provider's config by its package name).
 * Messages name the keys of the distribution in use.
 */
export interface ConfigKeys {
  endpoint: string;
  apiToken: string;
  connections: string;
  allowInsecureHttp: string;
}

export const DYNAMIC_CONFIG_KEYS: ConfigKeys = {
  endpoint: CONFIG_ENDPOINT,
  apiToken: CONFIG_TOKEN,
  connections: CONFIG_CONNECTIONS,
  allowInsecureHttp: CONFIG_ALLOW_INSECURE_HTTP,
};

/** `<namespace>:endpoint`, ...: the keys under another config namespace (the plugin's package name). */
export function configKeys(namespace: string): ConfigKeys {
  return {
    endpoint: `${namespace}:endpoint`,
    apiToken: `${namespace}:apiToken`,
    connections: `${namespace}:connections`,
    allowInsecureHttp: `${namespace}:allowInsecureHttp`,
  };
}

/** The part of Pulumi's dynamic-provider config object the provider needs. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface ConnectionSettings {
  /** As given (host or full base); the client normalises it to `.../api/v2`. */
  endpoint?: string;
  token?: string;
  endpointSource?: string;
  tokenSource?: string;
  /** The named connections of `datarobot:connections` (endpoints normalised). */
  connections?: NamedConnection[];
  /** Why `datarobot:connections` could not be read (raised when a resource needs it). */
  connectionsError?: string;
  /** The config keys these settings were read from (for messages); `datarobot:*` when unset. */
  keys?: ConfigKeys;
  /** `datarobot:allowInsecureHttp` / DATAROBOT_ALLOW_INSECURE_HTTP: plain http accepted for any host. */
  allowInsecureHttp?: boolean;
  /** Why the allowInsecureHttp setting could not be read (not "true"/"false"; raised when a connection is needed). */
  allowInsecureHttpError?: string;
}

export interface NamedConnection {
  name: string;
  /** Normalised (`https://host/api/v2`). */
  endpoint: string;
  /** Its own token; the stack's token when unset. */
  token?: string;
}

export interface Connection {
  endpoint: string;
  token: string;
  /** Set when the user opted in to plain http (the client then accepts a non-loopback http endpoint). */
  allowInsecureHttp?: boolean;
}

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The value of one setting and where it came from: the stack config key, else the environment variable. */
function firstSet(
  config: ConfigSource | undefined,
  configKey: string,
  env: NodeJS.ProcessEnv,
  envKey: string,
): { value?: string; source?: string } {
  const fromConfig = nonEmpty(config?.get(configKey));
  if (fromConfig) return { value: fromConfig, source: `stack config ${configKey}` };
  const fromEnv = nonEmpty(env[envKey]);
  if (fromEnv) return { value: fromEnv, source: `environment variable ${envKey}` };
  return {};
}

/**
 * A stack's config as both doors store it: `datarobot:<key>` (the dynamic provider), else `<namespace>:<key>` (the
 * native plugin's package). For the tools that read a stack's config from outside (the CLI's `run --stack`,
 * `runAfterDeploy`), so that they work on a stack of either distribution.
 */
export function eitherNamespace(config: ConfigSource, namespace: string): ConfigSource {
  return {
    get: (key) =>
      config.get(key) ?? (key.startsWith("datarobot:") ? config.get(`${namespace}:${key.slice(10)}`) : undefined),
  };
}

/** Reads stack config, then the environment. Missing values stay undefined: errors are raised only when needed. */
export function readConnectionSettings(
  config: ConfigSource | undefined,
  env: NodeJS.ProcessEnv,
  keys: ConfigKeys = DYNAMIC_CONFIG_KEYS,
): ConnectionSettings {
  const endpoint = firstSet(config, keys.endpoint, env, ENV_ENDPOINT);
  const token = firstSet(config, keys.apiToken, env, ENV_TOKEN);
  const settings: ConnectionSettings = keys === DYNAMIC_CONFIG_KEYS ? {} : { keys };
  const insecure = firstSet(config, keys.allowInsecureHttp, env, ENV_ALLOW_INSECURE_HTTP);
  if (insecure.value !== undefined) {
    const flag = parseBooleanSetting(insecure.value);
    if (flag === undefined) {
      // The value is a yes/no switch, never a secret: it may be quoted.
      settings.allowInsecureHttpError =
        `${insecure.source} must be "true" or "false", not ${JSON.stringify(insecure.value.slice(0, 20))}: ` +
        `\`pulumi config set ${keys.allowInsecureHttp} true\` or ${ENV_ALLOW_INSECURE_HTTP}=true.`;
    } else if (flag) {
      settings.allowInsecureHttp = true;
    }
  }
  if (endpoint.value) Object.assign(settings, { endpoint: endpoint.value, endpointSource: endpoint.source });
  if (token.value) Object.assign(settings, { token: token.value, tokenSource: token.source });
  const connections = nonEmpty(config?.get(keys.connections));
  if (connections) {
    try {
      settings.connections = parseConnections(connections, {
        allowInsecureHttp: settings.allowInsecureHttp,
        key: keys.connections,
      });
    } catch (error) {
      settings.connectionsError = (error as Error).message;
    }
  }
  return settings;
}

/** "true"/"false" in any case (how stack config and environment variables carry booleans); undefined otherwise. */
export function parseBooleanSetting(text: string): boolean | undefined {
  const value = text.trim().toLowerCase();
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** `{"eu": {"endpoint": "https://eu.datarobot.com", "apiToken": "..."}}` → named connections. Never echoes a token. */
export function parseConnections(
  json: string,
  options: { allowInsecureHttp?: boolean; key?: string } = {},
): NamedConnection[] {
  const CONFIG_CONNECTIONS = options.key ?? DYNAMIC_CONFIG_KEYS.connections;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ConfigurationError(
      `Stack config ${CONFIG_CONNECTIONS} is not valid JSON: set it with ` +
        `\`pulumi config set --path '${CONFIG_CONNECTIONS}.<name>.endpoint' https://host/api/v2\`.`,
    );
  }
  if (!isNonArrayObject(value)) {
    throw new ConfigurationError(`Stack config ${CONFIG_CONNECTIONS} must be a map of name → {endpoint, apiToken}.`);
  }
  const out: NamedConnection[] = [];
  for (const [name, entry] of Object.entries(value)) {
    const fields = (entry ?? {}) as Record<string, unknown>;
    if (typeof fields.endpoint !== "string" || !fields.endpoint.trim()) {
      throw new ConfigurationError(
        `Stack config ${CONFIG_CONNECTIONS}.${name}.endpoint: must be set to the API base URL.`,
      );
    }
    let endpoint: string;
    try {
      endpoint = normaliseEndpoint(fields.endpoint, options);
    } catch (error) {
      if (!(error instanceof InvalidEndpointError)) throw error;
      const plainHttp = /^\s*http:\/\//i.test(fields.endpoint);
      throw new ConfigurationError(
        `Stack config ${CONFIG_CONNECTIONS}.${name}.endpoint: not a valid https endpoint` +
          (plainHttp ? ` (plain http is refused unless you ${INSECURE_HTTP_OPT_IN}).` : "."),
      );
    }
    const token = typeof fields.apiToken === "string" && fields.apiToken.trim() ? fields.apiToken.trim() : undefined;
    out.push({ name, endpoint, ...(token ? { token } : {}) });
  }
  return out;
}

function sameEndpoint(a: string, b: string): boolean {
  try {
    // Comparing only: the scheme is part of the endpoint, so http and https never compare equal.
    const lax = { allowInsecureHttp: true };
    return normaliseEndpoint(a, lax).toLowerCase() === normaliseEndpoint(b, lax).toLowerCase();
  } catch {
    return false;
  }
}

/**
 * The connection a resource's own `endpoint` may use: the stack's (same endpoint as `datarobot:endpoint`) or a
 * named one of `datarobot:connections`. Throws a ConfigurationError naming the config to add otherwise, so that the
 * stack's token never goes to an endpoint nobody configured. `endpoint` must be a valid endpoint already.
 */
export function allowedConnection(
  settings: ConnectionSettings,
  endpoint: string,
): { token?: string; connection?: string } {
  if (settings.connectionsError) throw new ConfigurationError(settings.connectionsError);
  if (settings.allowInsecureHttpError) throw new ConfigurationError(settings.allowInsecureHttpError);
  if (settings.endpoint && sameEndpoint(settings.endpoint, endpoint)) return { token: settings.token };
  const named = settings.connections?.find((connection) => sameEndpoint(connection.endpoint, endpoint));
  if (named) return { token: named.token ?? settings.token, connection: named.name };
  const shown = normaliseEndpoint(endpoint, { allowInsecureHttp: settings.allowInsecureHttp });
  const { endpoint: CONFIG_ENDPOINT, connections: CONFIG_CONNECTIONS } = settings.keys ?? DYNAMIC_CONFIG_KEYS;
  throw new ConfigurationError(
    `endpoint ${shown} is not configured for this stack, so no API token is sent there. It must be the stack's ` +
      `endpoint (${CONFIG_ENDPOINT}) or one of ${CONFIG_CONNECTIONS}: add it with ` +
      `\`pulumi config set --path '${CONFIG_CONNECTIONS}.<name>.endpoint' ${shown}\` and its token with ` +
      `\`pulumi config set --secret --path '${CONFIG_CONNECTIONS}.<name>.apiToken' <token>\`.`,
  );
}

/**
 * The connection for one call. `endpointOverride` is a resource's own `endpoint` input (multi-tenant stacks): it must
 * be an endpoint the configuration names (see `allowedConnection`), whose token is used.
 */
export function resolveConnection(settings: ConnectionSettings, endpointOverride?: string): Connection {
  if (settings.allowInsecureHttpError) throw new ConfigurationError(settings.allowInsecureHttpError);
  const insecure = settings.allowInsecureHttp ? { allowInsecureHttp: true } : {};
  const override = nonEmpty(endpointOverride);
  if (override) {
    const allowed = allowedConnection(settings, override);
    if (!allowed.token) return resolveConnection({ ...settings, endpoint: override });
    return { endpoint: override, token: allowed.token, ...insecure };
  }
  const endpoint = settings.endpoint;
  const { endpoint: CONFIG_ENDPOINT, apiToken: CONFIG_TOKEN } = settings.keys ?? DYNAMIC_CONFIG_KEYS;
  if (!endpoint) {
    throw new ConfigurationError(
      `No DataRobot endpoint configured. Set it with \`pulumi config set ${CONFIG_ENDPOINT} https://app.datarobot.com/api/v2\` ` +
        `or the ${ENV_ENDPOINT} environment variable (for the local emulator: the URL \`npm run emulator\` prints).`,
    );
  }
  if (!settings.token) {
    throw new ConfigurationError(
      `No DataRobot API token configured. Set it with \`pulumi config set --secret ${CONFIG_TOKEN} <token>\` ` +
        `or the ${ENV_TOKEN} environment variable.`,
    );
  }
  return { endpoint, token: settings.token, ...insecure };
}

/** Whether a connection sends its token over plain http to another machine (for the one-time warning). */
export function isInsecureConnection(connection: Connection): boolean {
  try {
    return isInsecureEndpoint(normaliseEndpoint(connection.endpoint, { allowInsecureHttp: true }));
  } catch {
    return false;
  }
}
