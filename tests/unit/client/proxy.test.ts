/**
 * Which proxy a request goes through, read from the environment as curl and Python's `requests` read it.
 */
import { bypassesProxy, proxyFor } from "../../../provider/client/proxy";

const url = (text: string) => new URL(text);

describe("proxyFor", () => {
  it("takes https_proxy for https URLs and http_proxy for http URLs, the lower-case name first", () => {
    const env = { HTTPS_PROXY: "http://upper:3128", https_proxy: "http://lower:3128", HTTP_PROXY: "http://plain:80" };
    expect(proxyFor(url("https://app.datarobot.com/api/v2"), env)?.href).toBe("http://lower:3128/");
    expect(proxyFor(url("http://dr.internal.example/api/v2"), env)?.href).toBe("http://plain/");
  });

  it("falls back to all_proxy, and reads a bare host:port as an http proxy", () => {
    expect(proxyFor(url("https://app.datarobot.com"), { ALL_PROXY: "proxy.corp:8080" })?.href).toBe(
      "http://proxy.corp:8080/",
    );
  });

  it("sends nothing through a proxy when none is set, or when the variable is empty", () => {
    expect(proxyFor(url("https://app.datarobot.com"), {})).toBeUndefined();
    expect(proxyFor(url("https://app.datarobot.com"), { https_proxy: "  " })).toBeUndefined();
  });

  it("never proxies a loopback host (the local emulator)", () => {
    const env = { https_proxy: "http://proxy:3128", http_proxy: "http://proxy:3128" };
    for (const endpoint of ["http://127.0.0.1:8080/api/v2", "http://localhost:1/", "http://[::1]:9/"])
      expect(proxyFor(url(endpoint), env)).toBeUndefined();
  });

  it("refuses a proxy it cannot use, naming the variable and the fix", () => {
    expect(() => proxyFor(url("https://app.datarobot.com"), { https_proxy: "socks5://proxy:1080" })).toThrow(
      "https_proxy: only http:// and https:// proxies are supported, not socks5://: fix or unset it",
    );
    expect(() => proxyFor(url("https://app.datarobot.com"), { https_proxy: "http://[bad" })).toThrow(
      "https_proxy is not a URL (http://<host>:<port>, with user:password@ if needed): fix or unset it",
    );
  });
});

describe("no_proxy", () => {
  const target = url("https://app.eu.datarobot.com/api/v2");

  it.each([
    ["*", true],
    ["app.eu.datarobot.com", true],
    ["datarobot.com", true], // a domain covers its subdomains, as in curl
    [".datarobot.com", true],
    ["*.datarobot.com", true],
    ["example.com, datarobot.com", true],
    ["example.com datarobot.com", true],
    ["APP.EU.DATAROBOT.COM", true],
    ["datarobot.com:443", true],
    ["datarobot.com:8443", false],
    ["robot.com", false],
    ["eu.datarobot.co", false],
    ["", false],
  ])("%j exempts app.eu.datarobot.com: %s", (noProxy, expected) => {
    expect(bypassesProxy(target, noProxy)).toBe(expected);
    expect(proxyFor(target, { https_proxy: "http://proxy:3128", NO_PROXY: noProxy }) === undefined).toBe(expected);
  });
});
