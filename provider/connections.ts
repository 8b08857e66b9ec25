/**
 * The DataRobot connections of one provider process: the settings `configure` received (stack config, then the
 * environment) and one HTTP client per endpoint and token, so that every resource of a stack shares the client's
 * rate limiter and keep-alive connections. Used by both dynamic providers. `connect` makes one client the same way
 * for the run helpers and the CLI.
 */
import { DataRobotClient } from "./client";
import { insecureHttpWarning, normaliseEndpoint } from "./client/endpoint";
import {
  isInsecureConnection,
  readConnectionSettings,
  resolveConnection,
  type ConfigKeys,
  type ConfigSource,
  type Connection,
  type ConnectionSettings,
} from "./config";

export type ClientFactory = (
  endpoint: string,
  token: string,
  options: { allowInsecureHttp?: boolean },
) => DataRobotClient;

/** Endpoints already warned about in this process: the plain-http warning is printed once, not once per resource. */
const warnedInsecure = new Set<string>();

/**
 * Prints the plain-http warning for `connection` (once per endpoint and process) when it sends the token over plain
 * http to another machine, which only an explicit `allowInsecureHttp` lets through.
 */
export function warnIfInsecure(
  connection: Connection,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): void {
  if (!connection.allowInsecureHttp || !isInsecureConnection(connection)) return;
  const endpoint = normaliseEndpoint(connection.endpoint, { allowInsecureHttp: true });
  if (warnedInsecure.has(endpoint)) return;
  warnedInsecure.add(endpoint);
  warn(insecureHttpWarning(endpoint));
}

/** A client for a resolved connection (the run helpers and the providers build theirs here), with the warning. */
export function clientForConnection(connection: Connection, warn?: (line: string) => void): DataRobotClient {
  warnIfInsecure(connection, warn);
  return new DataRobotClient({
    endpoint: connection.endpoint,
    token: connection.token,
    ...(connection.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
  });
}

export interface ConnectOptions {
  /** Stack config (`datarobot:endpoint`, `datarobot:apiToken`); omitted: the environment only. */
  config?: ConfigSource;
  env?: NodeJS.ProcessEnv;
  /** Given explicitly (an option or a flag): wins over config and environment. */
  endpoint?: string;
  token?: string;
  /** Where the plain-http warning goes (`allowInsecureHttp`); default stderr. */
  warn?: (line: string) => void;
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
  return clientForConnection(connection, options.warn);
}

export class Connections {
  private settings: ConnectionSettings;
  private readonly clients = new Map<string, DataRobotClient>();

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly createClient: ClientFactory = (endpoint, token, options) =>
      new DataRobotClient({ endpoint, token, ...options }),
    private readonly warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {
    this.settings = readConnectionSettings(undefined, env);
  }

  /** The engine's `configure`: stack config first (`keys`: the plugin's own namespace), the environment as fallback. */
  configure(config: ConfigSource, keys?: ConfigKeys): void {
    this.settings = readConnectionSettings(config, this.env, keys);
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
      warnIfInsecure(connection, this.warn);
      client = this.createClient(
        connection.endpoint,
        connection.token,
        connection.allowInsecureHttp ? { allowInsecureHttp: true } : {},
      );
      this.clients.set(key, client);
    }
    return client;
  }
}

/** The connection options both dynamic providers take. */
export interface ConnectionOptions {
  /** The environment the fallback settings come from (DATAROBOT_ENDPOINT, DATAROBOT_API_TOKEN); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Builds the HTTP client for one endpoint; tests inject fast retry settings here. */
  createClient?: ClientFactory;
  /** Where the one-time plain-http warning goes (`allowInsecureHttp`); default stderr. */
  warn?: (line: string) => void;
}

/**
 * What both dynamic providers are before their own methods: the holder of their process's connections, which the
 * engine's `configure` sets. One place, so that the two providers cannot come to read their settings differently.
 */
export abstract class ConnectedProvider {
  protected readonly connections: Connections;

  constructor(options: ConnectionOptions) {
    this.connections = new Connections(options.env, options.createClient, options.warn);
  }

  /** `keys`: the native plugin's config namespace; the dynamic host's `datarobot:*` when omitted. */
  async configure(req: { config: ConfigSource }, keys?: ConfigKeys): Promise<void> {
    this.connections.configure(req.config, keys);
  }
}
