/**
 * `check` of the provider settings (endpoint, adoptExisting, ...): a wrong type fails with the property path instead
 * of silently counting as unset (`adoptExisting: "yes"` used to mean false, `endpoint: 12` the default endpoint),
 * and a resource's own `endpoint` must be a valid https URL that the stack's configuration names, so that no pull
 * request can send the stack's token to a host of its choosing.
 */
import { INSECURE_HTTP_OPT_IN, isLoopbackHost, normaliseEndpoint } from "../client/endpoint";
import { allowedConnection, ConfigurationError, type ConnectionSettings } from "../config";
import { cut } from "../values";
import { isUnknown } from "../model";
import { PROVIDER_SETTINGS, PROVIDER_SETTING_KEYS, type Props } from "./fields";

export interface ProviderSettingIssue {
  property: string;
  reason: string;
}

/** Longer than any real API base URL; keeps messages that quote the endpoint short. */
const MAX_ENDPOINT_LENGTH = 200;
const BOOLEAN_SETTINGS = PROVIDER_SETTING_KEYS.filter((key) => PROVIDER_SETTINGS[key].type === "boolean");
const STRING_SETTINGS = PROVIDER_SETTING_KEYS.filter((key) => PROVIDER_SETTINGS[key].type === "string");

function typeName(value: unknown): string {
  return Array.isArray(value) ? "array" : typeof value;
}

/** Why `raw` is not an acceptable endpoint, without echoing it (it may hold credentials or be huge). */
export function endpointProblem(raw: string, options: { allowInsecureHttp?: boolean } = {}): string | undefined {
  const text = raw.trim();
  if (text === "") return 'must not be empty: leave it unset for the stack\'s endpoint, or give "https://host/api/v2"';
  if (text.length > MAX_ENDPOINT_LENGTH)
    return `is ${text.length} characters long; an endpoint URL has at most ${MAX_ENDPOINT_LENGTH}`;
  // "javascript:alert(1)", "ftp://host": a scheme other than http(s). "localhost:8080" is a host and port.
  const scheme = /^([a-z][a-z0-9+.-]*):(?!\d)/i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== "http" && scheme !== "https") {
    return `must be an https URL (got scheme ${cut(scheme, 20)}), e.g. "https://app.datarobot.com/api/v2"`;
  }
  let url: URL;
  try {
    url = new URL(scheme ? text : `https://${text}`);
  } catch {
    return 'is not a valid URL or host name, e.g. "https://app.datarobot.com/api/v2"';
  }
  if (url.username || url.password) {
    return "must not contain credentials (user:password@); the API token comes from the stack's configuration";
  }
  if (url.search || url.hash) return "must not contain a query string or fragment";
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname) && !options.allowInsecureHttp) {
    return `must use https (plain http is only allowed for localhost, e.g. the emulator), or ${INSECURE_HTTP_OPT_IN}`;
  }
  try {
    normaliseEndpoint(text, options);
  } catch {
    return 'is not a valid DataRobot endpoint, e.g. "https://app.datarobot.com/api/v2"';
  }
  return undefined;
}

/** The problems of the provider settings in `props` (the resource's inputs); [] when they are fine. */
export function providerSettingIssues(props: Props, settings: ConnectionSettings): ProviderSettingIssue[] {
  const issues: ProviderSettingIssue[] = [];
  const given = (key: string) => {
    const value = props[key];
    return value === undefined || value === null || isUnknown(value) ? undefined : { value };
  };
  for (const key of BOOLEAN_SETTINGS) {
    const set = given(key);
    if (set && typeof set.value !== "boolean") {
      issues.push({ property: key, reason: `must be true or false, not ${typeName(set.value)} ${cut(set.value)}` });
    }
  }
  for (const key of STRING_SETTINGS) {
    const set = given(key);
    if (set && typeof set.value !== "string") {
      issues.push({ property: key, reason: `must be a string, not ${typeName(set.value)} ${cut(set.value)}` });
    }
  }
  const endpoint = given("endpoint");
  if (endpoint && typeof endpoint.value === "string") {
    const problem = endpointProblem(endpoint.value, { allowInsecureHttp: settings.allowInsecureHttp });
    if (problem) {
      issues.push({ property: "endpoint", reason: problem });
    } else {
      try {
        allowedConnection(settings, endpoint.value);
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        issues.push({ property: "endpoint", reason: error.message.replace(/^endpoint /, "") });
      }
    }
  }
  return issues;
}
