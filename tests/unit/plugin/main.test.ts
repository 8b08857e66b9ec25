import { engineAddress, packageVersion } from "../../../plugin/main";

describe("the plugin's command line", () => {
  it("takes the engine address from the first argument that is not a flag (nor a flag's value)", () => {
    expect(engineAddress(["127.0.0.1:4000"])).toBe("127.0.0.1:4000");
    expect(engineAddress(["--logtostderr", "-v=9", "--tracing", "file:/tmp/t", "127.0.0.1:4000"])).toBe(
      "127.0.0.1:4000",
    );
    expect(engineAddress([])).toBeUndefined();
  });

  it("reports this package's version", () => {
    expect(packageVersion()).toBe((require("../../../package.json") as { version: string }).version);
  });
});
