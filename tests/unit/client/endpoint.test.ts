import { InvalidEndpointError, normaliseEndpoint } from "../../../provider/client";

describe("normaliseEndpoint", () => {
  it.each([
    ["app.datarobot.com", "https://app.datarobot.com/api/v2"],
    ["https://app.datarobot.com", "https://app.datarobot.com/api/v2"],
    ["https://app.datarobot.com/", "https://app.datarobot.com/api/v2"],
    ["https://app.datarobot.com/api/v2", "https://app.datarobot.com/api/v2"],
    ["https://app.datarobot.com/api/v2/", "https://app.datarobot.com/api/v2"],
    ["  https://app.eu.datarobot.com/api/v2//  ", "https://app.eu.datarobot.com/api/v2"],
    ["HTTPS://App.DataRobot.com/API/V2", "https://app.datarobot.com/api/v2"],
    ["https://dr.example.com:8443/proxy", "https://dr.example.com:8443/proxy/api/v2"],
    ["http://localhost:8080", "http://localhost:8080/api/v2"],
    ["http://127.0.0.1:41234/api/v2/", "http://127.0.0.1:41234/api/v2"],
    ["http://[::1]:9000/api/v2", "http://[::1]:9000/api/v2"],
    ["localhost:8080", "http://localhost:8080/api/v2"],
    ["127.0.0.1:3000/api/v2", "http://127.0.0.1:3000/api/v2"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseEndpoint(input)).toBe(expected);
  });

  it("rejects plain http to a non-loopback host (the token would travel in clear)", () => {
    expect(() => normaliseEndpoint("http://app.datarobot.com")).toThrow(
      'DataRobot endpoint "http://app.datarobot.com" uses plain http; use https (http is only allowed for localhost, e.g. the emulator), ' +
        "or set datarobot:allowInsecureHttp to true (`pulumi config set datarobot:allowInsecureHttp true`) or " +
        "DATAROBOT_ALLOW_INSECURE_HTTP=true to accept plain http on a trusted network; the API token then travels in clear text",
    );
  });

  it("accepts plain http to any host once the user opts in (allowInsecureHttp)", () => {
    expect(normaliseEndpoint("http://10.20.30.40:8080", { allowInsecureHttp: true })).toBe(
      "http://10.20.30.40:8080/api/v2",
    );
    // A bare host still means https: plain http is only ever what the user wrote.
    expect(normaliseEndpoint("dr.internal", { allowInsecureHttp: true })).toBe("https://dr.internal/api/v2");
  });

  it.each([
    ["", /is empty/],
    ["   ", /is empty/],
    ["ftp://app.datarobot.com", /must use https \(got ftp\)/],
    ["https://app.datarobot.com/api/v2?x=1", /must not contain a query string/],
    ["https://exa mple.com", /not a valid URL/],
  ])("rejects %j", (input, message) => {
    expect(() => normaliseEndpoint(input)).toThrow(InvalidEndpointError);
    expect(() => normaliseEndpoint(input)).toThrow(message);
  });

  it("rejects credentials in the URL without echoing them", () => {
    let message = "";
    try {
      normaliseEndpoint("https://user:hunter2@app.datarobot.com");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe("DataRobot endpoint must not contain credentials; pass the API token separately");
    expect(message).not.toContain("hunter2");
  });
});
