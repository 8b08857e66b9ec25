/**
 * `allowInsecureHttp` (stack config `datarobot:allowInsecureHttp`, env DATAROBOT_ALLOW_INSECURE_HTTP): plain http to a
 * host that is not loopback is refused by default, with a message naming the option, and accepted with a one-time
 * warning when the user opts in.
 */
import { insecureHttpWarning, normaliseEndpoint } from "../../../provider/client/endpoint";
import {
  ConfigurationError,
  parseConnections,
  readConnectionSettings,
  resolveConnection,
} from "../../../provider/config";
import { clientForConnection, Connections } from "../../../provider/connections";
import { providerSettingIssues, endpointProblem } from "../../../provider/job-definition/provider-settings-check";
import type { DataRobotClient } from "../../../provider/client";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
const INTERNAL = "http://dr.internal.example:8080";
const OPT_IN = /datarobot:allowInsecureHttp.*DATAROBOT_ALLOW_INSECURE_HTTP=true/;

describe("reading allowInsecureHttp", () => {
  it.each([
    [{ "datarobot:allowInsecureHttp": "true" }, {}, true],
    [{}, { DATAROBOT_ALLOW_INSECURE_HTTP: "TRUE" }, true],
    [{ "datarobot:allowInsecureHttp": "false" }, { DATAROBOT_ALLOW_INSECURE_HTTP: "true" }, undefined],
    [{}, {}, undefined],
  ])("config %j, env %j → %p", (values, env, expected) => {
    const settings = readConnectionSettings(config(values), env);
    expect(settings.allowInsecureHttp).toBe(expected);
    expect(settings.allowInsecureHttpError).toBeUndefined();
  });

  it("fails on a value that is not true/false, naming the setting and how to set it", () => {
    const settings = readConnectionSettings(config({ "datarobot:endpoint": INTERNAL, "datarobot:apiToken": "t" }), {
      DATAROBOT_ALLOW_INSECURE_HTTP: "yes",
    });
    expect(() => resolveConnection(settings)).toThrow(ConfigurationError);
    expect(() => resolveConnection(settings)).toThrow(
      'environment variable DATAROBOT_ALLOW_INSECURE_HTTP must be "true" or "false", not "yes": ' +
        "`pulumi config set datarobot:allowInsecureHttp true` or DATAROBOT_ALLOW_INSECURE_HTTP=true.",
    );
  });
});

describe("the stack's endpoint over plain http", () => {
  const stack = { "datarobot:endpoint": INTERNAL, "datarobot:apiToken": "secret-token" };

  it("is refused without the option, before any request, by a message naming the option", () => {
    const connection = resolveConnection(readConnectionSettings(config(stack), {}));
    expect(connection).toEqual({ endpoint: INTERNAL, token: "secret-token" });
    const warnings: string[] = [];
    expect(() => clientForConnection(connection, (line) => warnings.push(line))).toThrow(OPT_IN);
    expect(warnings).toEqual([]);
  });

  it("is accepted with the option, and the client talks to it over http", () => {
    const connection = resolveConnection(
      readConnectionSettings(config({ ...stack, "datarobot:allowInsecureHttp": "true" }), {}),
    );
    expect(connection).toEqual({ endpoint: INTERNAL, token: "secret-token", allowInsecureHttp: true });
    const warnings: string[] = [];
    const client = clientForConnection(connection, (line) => warnings.push(line));
    expect(client.endpoint).toBe("http://dr.internal.example:8080/api/v2");
    expect(warnings).toEqual([insecureHttpWarning("http://dr.internal.example:8080/api/v2")]);
    expect(warnings[0]).toContain("the API token and all data travel in clear text");
    expect(warnings[0]).not.toContain("secret-token");
  });
});

describe("the provider's connections", () => {
  function connections(env: NodeJS.ProcessEnv, values: Record<string, string>) {
    const built: { endpoint: string; options: { allowInsecureHttp?: boolean } }[] = [];
    const warnings: string[] = [];
    const pool = new Connections(
      env,
      (endpoint, _token, options) => {
        built.push({ endpoint, options });
        return { endpoint } as unknown as DataRobotClient;
      },
      (line) => warnings.push(line),
    );
    pool.configure(config(values));
    return { pool, built, warnings };
  }

  it("warn once per process for an opted-in plain-http endpoint, and pass the option to the client", () => {
    const endpoint = "http://dr-once.internal.example/api/v2";
    const { pool, built, warnings } = connections(
      { DATAROBOT_ALLOW_INSECURE_HTTP: "true" },
      { "datarobot:endpoint": endpoint, "datarobot:apiToken": "t" },
    );
    pool.clientFor();
    pool.clientFor();
    pool.configure(config({ "datarobot:endpoint": endpoint, "datarobot:apiToken": "t" })); // a second configure
    pool.clientFor();
    expect(built).toEqual([
      { endpoint, options: { allowInsecureHttp: true } },
      { endpoint, options: { allowInsecureHttp: true } },
    ]);
    expect(warnings).toEqual([insecureHttpWarning(endpoint)]);
  });

  it.each(["https://dr.example.com/api/v2", "http://127.0.0.1:9000/api/v2"])(
    "say nothing for %s (https, or loopback http)",
    (endpoint) => {
      const { pool, warnings } = connections(
        { DATAROBOT_ALLOW_INSECURE_HTTP: "true" },
        { "datarobot:endpoint": endpoint, "datarobot:apiToken": "t" },
      );
      pool.clientFor();
      expect(warnings).toEqual([]);
    },
  );
});

describe("named connections and a resource's own endpoint", () => {
  const named = JSON.stringify({ lab: { endpoint: `${INTERNAL}/api/v2`, apiToken: "lab-token" } });

  it("refuses a plain-http named connection without the option, naming it, never echoing the token", () => {
    let message = "";
    try {
      parseConnections(named);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^Stack config datarobot:connections\.lab\.endpoint: not a valid https endpoint \(plain http/,
    );
    expect(message).toMatch(OPT_IN);
    expect(message).not.toContain("lab-token");
    expect(parseConnections(named, { allowInsecureHttp: true })).toEqual([
      { name: "lab", endpoint: "http://dr.internal.example:8080/api/v2", token: "lab-token" },
    ]);
  });

  it("check refuses a resource's plain-http endpoint without the option and accepts it (configured) with it", () => {
    expect(endpointProblem(INTERNAL)).toMatch(/^must use https \(plain http is only allowed for localhost/);
    expect(endpointProblem(INTERNAL)).toMatch(OPT_IN);
    expect(endpointProblem(INTERNAL, { allowInsecureHttp: true })).toBeUndefined();

    const values = { "datarobot:endpoint": "https://app.datarobot.com", "datarobot:apiToken": "t" };
    const settings = readConnectionSettings(
      config({ ...values, "datarobot:allowInsecureHttp": "true", "datarobot:connections": named }),
      {},
    );
    expect(providerSettingIssues({ endpoint: `${INTERNAL}/api/v2` }, settings)).toEqual([]);
    expect(resolveConnection(settings, `${INTERNAL}/api/v2`)).toEqual({
      endpoint: `${INTERNAL}/api/v2`,
      token: "lab-token",
      allowInsecureHttp: true,
    });
    // Without the option the same resource fails check with the option's name.
    const strict = readConnectionSettings(config(values), {});
    expect(providerSettingIssues({ endpoint: INTERNAL }, strict)).toEqual([
      { property: "endpoint", reason: expect.stringMatching(OPT_IN) },
    ]);
  });

  it("the option never lets a token go to an endpoint the configuration does not name", () => {
    const settings = readConnectionSettings(
      config({ "datarobot:endpoint": INTERNAL, "datarobot:apiToken": "t", "datarobot:allowInsecureHttp": "true" }),
      {},
    );
    expect(providerSettingIssues({ endpoint: "http://attacker.example" }, settings)).toEqual([
      { property: "endpoint", reason: expect.stringContaining("is not configured for this stack") },
    ]);
    // http and https of one host are different endpoints.
    expect(providerSettingIssues({ endpoint: "https://dr.internal.example:8080" }, settings)).toEqual([
      { property: "endpoint", reason: expect.stringContaining("is not configured for this stack") },
    ]);
  });
});

it("normaliseEndpoint with the option keeps every other rule (credentials are still refused)", () => {
  expect(() => normaliseEndpoint("http://u:p@dr.internal", { allowInsecureHttp: true })).toThrow(
    "must not contain credentials",
  );
});
