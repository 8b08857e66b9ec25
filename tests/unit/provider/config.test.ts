import { readConnectionSettings, resolveConnection, ConfigurationError } from "../../../provider/config";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("connection settings", () => {
  it("prefers stack config over the environment", () => {
    const settings = readConnectionSettings(
      config({ "datarobot:endpoint": "https://cfg.example.com/api/v2", "datarobot:apiToken": "cfg-token" }),
      { DATAROBOT_ENDPOINT: "https://env.example.com", DATAROBOT_API_TOKEN: "env-token" },
    );
    expect(resolveConnection(settings)).toEqual({ endpoint: "https://cfg.example.com/api/v2", token: "cfg-token" });
    expect(settings.endpointSource).toBe("stack config datarobot:endpoint");
    expect(settings.tokenSource).toBe("stack config datarobot:apiToken");
  });

  it("falls back to DATAROBOT_ENDPOINT and DATAROBOT_API_TOKEN, key by key", () => {
    const settings = readConnectionSettings(config({ "datarobot:endpoint": "https://cfg.example.com" }), {
      DATAROBOT_ENDPOINT: "https://env.example.com",
      DATAROBOT_API_TOKEN: "env-token",
    });
    expect(resolveConnection(settings)).toEqual({ endpoint: "https://cfg.example.com", token: "env-token" });
    expect(settings.tokenSource).toBe("environment variable DATAROBOT_API_TOKEN");
  });

  it("treats blank values as missing", () => {
    const settings = readConnectionSettings(config({ "datarobot:endpoint": "  ", "datarobot:apiToken": "" }), {
      DATAROBOT_ENDPOINT: "https://env.example.com",
      DATAROBOT_API_TOKEN: "env-token",
    });
    expect(resolveConnection(settings)).toEqual({ endpoint: "https://env.example.com", token: "env-token" });
  });

  it("lets a resource name the stack's own endpoint, in any spelling, with the stack's token", () => {
    const settings = readConnectionSettings(undefined, {
      DATAROBOT_ENDPOINT: "https://a.example.com",
      DATAROBOT_API_TOKEN: "t",
    });
    expect(resolveConnection(settings, "a.example.com/api/v2/")).toEqual({
      endpoint: "a.example.com/api/v2/",
      token: "t",
    });
  });

  it("sends the token only to endpoints the configuration names", () => {
    const settings = readConnectionSettings(undefined, {
      DATAROBOT_ENDPOINT: "https://a.example.com",
      DATAROBOT_API_TOKEN: "t",
    });
    expect(() => resolveConnection(settings, "https://attacker.example/api/v2")).toThrow(ConfigurationError);
    expect(() => resolveConnection(settings, "https://attacker.example/api/v2")).toThrow(
      "endpoint https://attacker.example/api/v2 is not configured for this stack, so no API token is sent there. " +
        "It must be the stack's endpoint (datarobot:endpoint) or one of datarobot:connections: add it with " +
        "`pulumi config set --path 'datarobot:connections.<name>.endpoint' https://attacker.example/api/v2` and its " +
        "token with `pulumi config set --secret --path 'datarobot:connections.<name>.apiToken' <token>`.",
    );
  });

  it("uses a named connection's own token, or the stack's token when it has none", () => {
    const connections = JSON.stringify({
      eu: { endpoint: "eu.example.com", apiToken: "eu-token" },
      us: { endpoint: "https://us.example.com/api/v2" },
    });
    const settings = readConnectionSettings(config({ "datarobot:connections": connections }), {
      DATAROBOT_ENDPOINT: "https://a.example.com",
      DATAROBOT_API_TOKEN: "t",
    });
    expect(settings.connections).toEqual([
      { name: "eu", endpoint: "https://eu.example.com/api/v2", token: "eu-token" },
      { name: "us", endpoint: "https://us.example.com/api/v2" },
    ]);
    expect(resolveConnection(settings, "https://eu.example.com/api/v2")).toEqual({
      endpoint: "https://eu.example.com/api/v2",
      token: "eu-token",
    });
    expect(resolveConnection(settings, "us.example.com")).toEqual({ endpoint: "us.example.com", token: "t" });
  });

  it("reports unreadable connections config without echoing it (it holds tokens)", () => {
    const settings = readConnectionSettings(config({ "datarobot:connections": '{"eu": {"apiToken": "SECRET-1"' }), {
      DATAROBOT_API_TOKEN: "t",
    });
    expect(() => resolveConnection(settings, "https://eu.example.com")).toThrow(
      /datarobot:connections is not valid JSON/,
    );
    expect(() => resolveConnection(settings, "https://eu.example.com")).not.toThrow(/SECRET-1/);
    const noEndpoint = readConnectionSettings(
      config({ "datarobot:connections": '{"eu": {"apiToken": "SECRET-2"}}' }),
      {},
    );
    expect(noEndpoint.connectionsError).toBe(
      "Stack config datarobot:connections.eu.endpoint: must be set to the API base URL.",
    );
  });

  it("says how to set a missing endpoint", () => {
    const settings = readConnectionSettings(undefined, { DATAROBOT_API_TOKEN: "t" });
    expect(() => resolveConnection(settings)).toThrow(ConfigurationError);
    expect(() => resolveConnection(settings)).toThrow(
      /pulumi config set datarobot:endpoint https:\/\/app\.datarobot\.com\/api\/v2.*DATAROBOT_ENDPOINT/,
    );
  });

  it("says how to set a missing token, as a secret", () => {
    const settings = readConnectionSettings(undefined, { DATAROBOT_ENDPOINT: "https://a.example.com" });
    expect(() => resolveConnection(settings)).toThrow(
      /pulumi config set --secret datarobot:apiToken <token>.*DATAROBOT_API_TOKEN/,
    );
  });
});
