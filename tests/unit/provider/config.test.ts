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

  it("lets a resource override the endpoint but never the token", () => {
    const settings = readConnectionSettings(undefined, {
      DATAROBOT_ENDPOINT: "https://a.example.com",
      DATAROBOT_API_TOKEN: "t",
    });
    expect(resolveConnection(settings, "https://b.example.com")).toEqual({
      endpoint: "https://b.example.com",
      token: "t",
    });
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
