/**
 * The DataRobot connections of one provider process: the settings `configure` received (stack config, then the
 * environment) and one HTTP client per endpoint and token, so that every resource of a stack shares the client's
 * rate limiter and keep-alive connections. Used by both dynamic providers. `connect` makes one client the same way
 * for the run helpers and the CLI.
 */
import { DataRobotClient } from "./client";
import { readConnectionSettings, resolveConnection, type ConfigSource, type ConnectionSettings } from "./config";

export type ClientFactory = (endpoint: string, token: string) => DataRobotClient;

export interface ConnectOptions {
  /** Stack config (`datarobot:endpoint`, `datarobot:apiToken`); omitted: the environment only. */
  config?: ConfigSource;
  env?: NodeJS.ProcessEnv;
  /** Given explicitly (an option or a flag): wins over config and environment. */
  endpoint?: string;
  token?: string;
}

/**
 * A client outside a provider process (the run helpers, the CLI), by the one precedence rule users rely on: an
 * explicit endpoint or token, then stack config, then the environment.
 */
export function connect(options: ConnectOptions = {}): DataRobotClient {
  const settings = readConnectionSettings(options.config, options.env ?? process.env);
  const connection = resolveConnection({
    ...settings,
    ...(options.token ? { token: options.token } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  return new DataRobotClient({ endpoint: connection.endpoint, token: connection.token });
}

export class Connections {
  private settings: ConnectionSettings;
  private readonly clients = new Map<string, DataRobotClient>();

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly createClient: ClientFactory = (endpoint, token) => new DataRobotClient({ endpoint, token }),
  ) {
    this.settings = readConnectionSettings(undefined, env);
  }

  /** The engine's `configure`: stack config first, the environment as fallback. */
  configure(config: ConfigSource): void {
    this.settings = readConnectionSettings(config, this.env);
    this.clients.clear();
  }

  /** What `configure` received, for `check` (which endpoints a resource may name). */
  get current(): ConnectionSettings {
    return this.settings;
  }

  /** The client for a resource, at its own `endpoint` when it has one; the token always comes from the settings. */
  clientFor(endpointOverride?: string): DataRobotClient {
    const connection = resolveConnection(this.settings, endpointOverride);
    const key = `${connection.endpoint}\u0000${connection.token}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.createClient(connection.endpoint, connection.token);
      this.clients.set(key, client);
    }
    return client;
  }
}
