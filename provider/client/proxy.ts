/**
 * Which proxy a request to DataRobot goes through, and the connections that reach it.
 *
 * The environment is read as curl and Python's `requests` (which DataRobot's own client uses) read it:
 * `https_proxy`/`HTTPS_PROXY` for https URLs, `http_proxy`/`HTTP_PROXY` for http URLs, `all_proxy`/`ALL_PROXY` for
 * either (the lower-case name first), and `no_proxy`/`NO_PROXY`, a comma- or space-separated list of host names
 * (`example.com` also covers its subdomains; a leading `.` or `*.` is allowed), each optionally with `:port`, or `*`
 * for every host. A loopback host (the local emulator) never goes through a proxy.
 *
 * An https URL goes through the proxy in a CONNECT tunnel (the proxy sees the host name, never the request, its
 * token or its body); an http URL is sent to the proxy with its absolute URL, as HTTP/1.1 proxies expect. Credentials
 * in the proxy's URL (`http://user:password@proxy:3128`) become its `Proxy-Authorization`, and are never logged.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { Duplex } from "node:stream";
import * as net from "node:net";
import * as tls from "node:tls";
import { formatSeconds } from "../values";
import { bareHost, isLoopbackHost } from "./endpoint";

export type ProxyEnvironment = Record<string, string | undefined>;

/** The variable's value, the lower-case name first (curl's order); empty counts as unset. */
function variable(env: ProxyEnvironment, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value?.trim() ? value.trim() : undefined;
}

function defaultPort(protocol: string): number {
  return protocol === "https:" ? 443 : 80;
}

/** Whether `no_proxy` exempts this host and port. */
export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = bareHost(target.hostname).toLowerCase();
  const port = Number(target.port || defaultPort(target.protocol));
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") return true;
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.startsWith("[") ? entry.replace(/^\[([^\]]*)\]/, "$1") : entry)!;
    const name = match[1]!.replace(/^\*?\./, "");
    if (match[2] !== undefined && Number(match[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The proxy URL a request to `target` goes through, or undefined to connect directly. */
export function proxyFor(target: URL, env: ProxyEnvironment): URL | undefined {
  if (isLoopbackHost(target.hostname)) return undefined;
  if (bypassesProxy(target, variable(env, "no_proxy"))) return undefined;
  const scheme = target.protocol.replace(/:$/, "");
  const value = variable(env, `${scheme}_proxy`) ?? variable(env, "all_proxy");
  if (!value) return undefined;
  let proxy: URL;
  try {
    // "proxy:3128", as curl allows, is an http proxy.
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new TypeError(
      `${scheme}_proxy is not a URL (http://<host>:<port>, with user:password@ if needed): fix or unset it`,
    );
  }
  if (proxy.protocol !== "http:" && proxy.protocol !== "https:")
    throw new TypeError(
      `${scheme}_proxy: only http:// and https:// proxies are supported, not ${proxy.protocol}//: fix or unset it`,
    );
  return proxy;
}

/** `Proxy-Authorization` for credentials in the proxy's URL. */
function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { "Proxy-Authorization": `Basic ${Buffer.from(credentials).toString("base64")}` };
}

/** A connection failure that never reached DataRobot: the proxy refused or could not open the tunnel. */
function tunnelError(message: string): Error {
  return Object.assign(new Error(message), { code: "EPROXYTUNNEL" });
}

/** How long a proxy may take to answer a CONNECT. */
const TUNNEL_TIMEOUT_MS = 30_000;

interface AgentSettings {
  lookup?: net.LookupFunction;
}

interface TunnelSettings extends AgentSettings {
  /** How long the proxy may take to answer the CONNECT (TUNNEL_TIMEOUT_MS; tests shorten it). */
  tunnelTimeoutMs?: number;
}

/**
 * An https agent whose connections are CONNECT tunnels through `proxy`, kept alive and pooled like direct ones.
 * Node's agent lets `createConnection` hand its socket back through a callback, which the tunnel needs: the TLS
 * session starts only once the proxy answers 200.
 */
class TunnelAgent extends https.Agent {
  readonly #proxy: URL;
  readonly #lookup: net.LookupFunction | undefined;
  readonly #timeoutMs: number;

  constructor(proxy: URL, settings: TunnelSettings) {
    super({ keepAlive: true });
    this.#proxy = proxy;
    this.#lookup = settings.lookup;
    this.#timeoutMs = settings.tunnelTimeoutMs ?? TUNNEL_TIMEOUT_MS;
  }

  override createConnection(
    options: tls.ConnectionOptions & { host?: string; port?: number; servername?: string },
    callback: (error: Error | null, socket?: Duplex) => void,
  ): undefined {
    const host = options.host ?? "localhost";
    const authority = `${host.includes(":") ? `[${host}]` : host}:${options.port ?? 443}`;
    const transport = this.#proxy.protocol === "https:" ? https : http;
    const connect = transport.request({
      host: bareHost(this.#proxy.hostname),
      port: this.#proxy.port || defaultPort(this.#proxy.protocol),
      method: "CONNECT",
      path: authority,
      headers: { Host: authority, ...proxyAuthorization(this.#proxy) },
      agent: false,
      ...(this.#lookup && { lookup: this.#lookup }),
    });
    let settled = false;
    const settle = (error: Error | null, socket?: Duplex) => {
      if (settled) return;
      settled = true;
      callback(error, socket);
    };
    // A proxy that never answers the CONNECT must not hold its socket forever (the request waiting on it has its own
    // timeout, which does not reach this socket).
    connect.setTimeout(this.#timeoutMs, () =>
      connect.destroy(
        tunnelError(
          `the proxy ${this.#proxy.host} did not answer the CONNECT within ${formatSeconds(this.#timeoutMs)}`,
        ),
      ),
    );
    connect.once("connect", (response, socket, head) => {
      connect.setTimeout(0);
      if (head.length > 0) socket.unshift(head);
      if (response.statusCode !== 200) {
        socket.destroy();
        settle(
          tunnelError(
            `the proxy ${this.#proxy.host} refused the tunnel to ${authority}: ` +
              `${response.statusCode} ${response.statusMessage ?? ""}`.trim(),
          ),
        );
        return;
      }
      const secure = tls.connect({ ...options, socket, servername: options.servername ?? host });
      settle(null, secure);
    });
    connect.once("error", (error) => settle(error));
    // A CONNECT answered with a body-ful response instead of a tunnel (a proxy that does not tunnel).
    connect.once("response", (response) => {
      response.destroy();
      settle(tunnelError(`the proxy ${this.#proxy.host} answered CONNECT with ${response.statusCode}`));
    });
    connect.end();
    return undefined;
  }
}

/** How one request is sent: the agent, and, through a plain proxy, where to and with which path. */
export interface Route {
  agent: http.Agent;
  transport: typeof http | typeof https;
  /** Where the TCP connection goes (the proxy for an http URL through a proxy, else the URL's host). */
  host: string;
  port: number;
  /** The request line's target: the path, or the absolute URL for a plain proxy. */
  path: string;
  /** Added headers (the proxy's credentials for an http URL through a proxy). */
  headers: Record<string, string>;
}

/** The route of every request to one origin, but its path. */
interface Way extends Omit<Route, "path"> {
  /** Through a plain proxy, the request line names the whole URL. */
  absoluteUrl: boolean;
}

/**
 * The connections of one client: keep-alive agents, made on first use per kind (direct, through a proxy), and the
 * route of each URL. `env` is read once, and each origin's way is worked out once: a client does not change proxies
 * while it runs, and every request asks.
 */
export class Connections {
  readonly #settings: AgentSettings;
  readonly #tunnelTimeoutMs: number | undefined;
  readonly #env: ProxyEnvironment;
  readonly #agents = new Map<string, http.Agent>();
  readonly #ways = new Map<string, Way>();

  constructor(settings: TunnelSettings & { env?: ProxyEnvironment } = {}) {
    this.#settings = settings.lookup ? { lookup: settings.lookup } : {};
    this.#tunnelTimeoutMs = settings.tunnelTimeoutMs;
    this.#env = { ...(settings.env ?? process.env) };
  }

  /** The route of a request to `url`. */
  route(url: URL): Route {
    let way = this.#ways.get(url.origin);
    if (!way) {
      way = this.wayTo(url);
      this.#ways.set(url.origin, way);
    }
    const { absoluteUrl, ...rest } = way;
    return { ...rest, path: absoluteUrl ? url.href : `${url.pathname}${url.search}` };
  }

  private wayTo(url: URL): Way {
    const proxy = proxyFor(url, this.#env);
    const direct = { host: bareHost(url.hostname), port: Number(url.port || defaultPort(url.protocol)) };
    if (!proxy) {
      return { ...direct, ...this.keepAlive(url.protocol, url.protocol), headers: {}, absoluteUrl: false };
    }
    if (url.protocol === "https:") {
      const agent = this.agent(
        `tunnel ${proxy.href}`,
        () => new TunnelAgent(proxy, { ...this.#settings, tunnelTimeoutMs: this.#tunnelTimeoutMs }),
      );
      return { ...direct, agent, transport: https, headers: {}, absoluteUrl: false };
    }
    return {
      ...this.keepAlive(`proxy ${proxy.href}`, proxy.protocol),
      host: bareHost(proxy.hostname),
      port: Number(proxy.port || defaultPort(proxy.protocol)),
      headers: { Host: url.host, ...proxyAuthorization(proxy) },
      absoluteUrl: true,
    };
  }

  /** A keep-alive agent for connections speaking `protocol` ("http:" or "https:"), and its transport. */
  private keepAlive(key: string, protocol: string): Pick<Route, "agent" | "transport"> {
    const secure = protocol === "https:";
    const agent = this.agent(key, () =>
      secure
        ? new https.Agent({ keepAlive: true, ...this.#settings })
        : new http.Agent({ keepAlive: true, ...this.#settings }),
    );
    return { agent, transport: secure ? https : http };
  }

  private agent(key: string, make: () => http.Agent): http.Agent {
    let agent = this.#agents.get(key);
    if (!agent) {
      agent = make();
      this.#agents.set(key, agent);
    }
    return agent;
  }
}
