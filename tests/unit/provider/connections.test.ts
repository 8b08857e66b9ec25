/**
 * `connect`: the one way the run helpers and the CLI build a client, by the precedence users rely on: an explicit
 * endpoint or token, then stack config, then the environment.
 */
import { connect } from "../../../provider/connections";

const env = { DATAROBOT_ENDPOINT: "https://env.example.com", DATAROBOT_API_TOKEN: "env-token" };
const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("connect", () => {
  it("uses the environment when nothing else is given", () => {
    expect(connect({ env }).endpoint).toBe("https://env.example.com/api/v2");
  });

  it("prefers stack config to the environment", () => {
    const client = connect({ env, config: config({ "datarobot:endpoint": "https://stack.example.com" }) });
    expect(client.endpoint).toBe("https://stack.example.com/api/v2");
  });

  it("prefers an explicit endpoint to stack config and environment", () => {
    const client = connect({
      env,
      config: config({ "datarobot:endpoint": "https://stack.example.com" }),
      endpoint: "https://explicit.example.com",
    });
    expect(client.endpoint).toBe("https://explicit.example.com/api/v2");
  });

  it("says what to set when there is no token anywhere, never building a client without one", () => {
    expect(() => connect({ env: { DATAROBOT_ENDPOINT: "https://env.example.com" } })).toThrow(/DATAROBOT_API_TOKEN/);
    expect(() => connect({ env: {}, token: "explicit-token" })).toThrow(/datarobot:endpoint|DATAROBOT_ENDPOINT/);
  });
});
