/**
 * Where the provider finds DataRobot: stack config first, then the environment variables DataRobot's own SDK and
 * Terraform provider use. The token is read here, at call time in the provider process, and is never stored in
 * state or in the serialized provider.
 *
 *   endpoint: `datarobot:endpoint` → DATAROBOT_ENDPOINT
 *   token:    `datarobot:apiToken` (a secret) → DATAROBOT_API_TOKEN
 */

export const CONFIG_ENDPOINT = "datarobot:endpoint";
export const CONFIG_TOKEN = "datarobot:apiToken";
export const ENV_ENDPOINT = "DATAROBOT_ENDPOINT";
export const ENV_TOKEN = "DATAROBOT_API_TOKEN";

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
}

export interface Connection {
  endpoint: string;
  token: string;
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

/** Reads stack config, then the environment. Missing values stay undefined: errors are raised only when needed. */
export function readConnectionSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv): ConnectionSettings {
  const endpoint = firstSet(config, CONFIG_ENDPOINT, env, ENV_ENDPOINT);
  const token = firstSet(config, CONFIG_TOKEN, env, ENV_TOKEN);
  const settings: ConnectionSettings = {};
  if (endpoint.value) Object.assign(settings, { endpoint: endpoint.value, endpointSource: endpoint.source });
  if (token.value) Object.assign(settings, { token: token.value, tokenSource: token.source });
  return settings;
}

/**
 * The connection for one call. `endpointOverride` is a resource's own `endpoint` input (multi-tenant stacks); the
 * token always comes from the stack config or the environment.
 */
export function resolveConnection(settings: ConnectionSettings, endpointOverride?: string): Connection {
  const endpoint = nonEmpty(endpointOverride) ?? settings.endpoint;
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
  return { endpoint, token: settings.token };
}
