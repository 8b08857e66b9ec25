/**
 * Normalises the user's endpoint setting to the API base every request is relative to.
 *
 * Users write the endpoint in several forms (DataRobot's own tools differ too): "app.datarobot.com",
 * "https://app.datarobot.com", "https://app.datarobot.com/api/v2/". All of them mean "https://app.datarobot.com/api/v2".
 * Plain http is only accepted for loopback hosts (the local emulator), because the token travels in a header, unless
 * the user opts in with `datarobot:allowInsecureHttp` / DATAROBOT_ALLOW_INSECURE_HTTP (self-managed DataRobot on an
 * internal network is often plain http); then the endpoint is accepted and a warning says the token is sent in clear.
 */

const API_SUFFIX = "/api/v2";

/** The opt-in for plain-http endpoints that are not loopback: stack config key and environment variable. */
export const CONFIG_ALLOW_INSECURE_HTTP = "datarobot:allowInsecureHttp";
export const ENV_ALLOW_INSECURE_HTTP = "DATAROBOT_ALLOW_INSECURE_HTTP";

export interface EndpointOptions {
  /** Accept `http://` for hosts that are not loopback (the token then travels in clear text). Default false. */
  allowInsecureHttp?: boolean;
}

/** How to opt in, for refusal messages. */
export const INSECURE_HTTP_OPT_IN =
  `set ${CONFIG_ALLOW_INSECURE_HTTP} to true (\`pulumi config set ${CONFIG_ALLOW_INSECURE_HTTP} true\`) or ` +
  `${ENV_ALLOW_INSECURE_HTTP}=true to accept plain http on a trusted network; the API token then travels in clear text`;

export class InvalidEndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidEndpointError";
  }
}

/** A URL's hostname without the brackets of an IPv6 address (`[::1]` → `::1`), as sockets and DNS take it. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, "");
}

/** Whether a URL hostname is this machine (where plain http cannot leak the token to the network). */
export function isLoopbackHost(hostname: string): boolean {
  const host = bareHost(hostname).toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Whether a normalised endpoint is plain http to a host that is not this machine (the token crosses the network). */
export function isInsecureEndpoint(endpoint: string): boolean {
  try {
    const url = new URL(endpoint);
    return url.protocol === "http:" && !isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/** The warning shown when an insecure endpoint is used with the opt-in. Names the endpoint, never the token. */
export function insecureHttpWarning(endpoint: string): string {
  return (
    `WARNING: DataRobot endpoint ${endpoint} uses plain http (allowed by ${CONFIG_ALLOW_INSECURE_HTTP} / ` +
    `${ENV_ALLOW_INSECURE_HTTP}): the API token and all data travel in clear text; anyone on the network path can ` +
    `read and reuse the token. Use https when the server offers it.`
  );
}

export function normaliseEndpoint(input: string, options: EndpointOptions = {}): string {
  const raw = (input ?? "").trim();
  if (raw === "") {
    throw new InvalidEndpointError(
      'DataRobot endpoint is empty: set it to the API base, e.g. "https://app.datarobot.com/api/v2"',
    );
  }
  // A bare host ("app.datarobot.com", "localhost:8080") gets a scheme: https, or http for loopback hosts.
  let withScheme = raw;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    const hostPart = raw.split("/")[0].replace(/:\d+$/, "");
    withScheme = (isLoopbackHost(hostPart) ? "http://" : "https://") + raw;
  }
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidEndpointError(`DataRobot endpoint "${raw}" is not a valid URL or host name`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidEndpointError(`DataRobot endpoint "${raw}" must use https (got ${url.protocol.replace(":", "")})`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname) && !options.allowInsecureHttp) {
    throw new InvalidEndpointError(
      `DataRobot endpoint "${raw}" uses plain http; use https (http is only allowed for localhost, e.g. the emulator), ` +
        `or ${INSECURE_HTTP_OPT_IN}`,
    );
  }
  if (url.username || url.password) {
    // Do not echo the input: it contains credentials.
    throw new InvalidEndpointError("DataRobot endpoint must not contain credentials; pass the API token separately");
  }
  if (url.search || url.hash) {
    throw new InvalidEndpointError(`DataRobot endpoint "${raw}" must not contain a query string or fragment`);
  }
  let path = url.pathname.replace(/\/+$/, "");
  if (!path.toLowerCase().endsWith(API_SUFFIX)) {
    // "https://host" or "https://host/some/prefix" (a proxy path): the API lives under /api/v2 below it.
    path += API_SUFFIX;
  } else {
    path = path.slice(0, -API_SUFFIX.length) + API_SUFFIX;
  }
  return `${url.protocol}//${url.host}${path}`;
}
