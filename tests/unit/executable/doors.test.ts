import { chooseDoor } from "../../../executable/doors";

describe("the single executable's doors", () => {
  it("serves the engine when started with the engine's address, after the engine's own flags", () => {
    expect(chooseDoor(["127.0.0.1:40123"])).toEqual({ door: "plugin" });
    expect(chooseDoor(["--logtostderr", "-v=9", "127.0.0.1:40123"])).toEqual({ door: "plugin" });
    // --tracing takes a value: the endpoint is not mistaken for the address (nor for a command).
    expect(chooseDoor(["--logtostderr", "--tracing", "file:/tmp/trace.json", "127.0.0.1:40123"])).toEqual({
      door: "plugin",
    });
    expect(chooseDoor(["[::1]:40123"])).toEqual({ door: "plugin" });
  });

  it("runs the datarobot-batch commands with all their arguments, and the emulator with the rest", () => {
    expect(chooseDoor(["run", "--stack", "dev", "--cwd", "infra"])).toEqual({
      door: "cli",
      args: ["run", "--stack", "dev", "--cwd", "infra"],
    });
    expect(chooseDoor(["preview", "--stack", "dev"])).toEqual({ door: "cli", args: ["preview", "--stack", "dev"] });
    expect(chooseDoor(["probe", "--deployment-id", "d"])).toEqual({
      door: "cli",
      args: ["probe", "--deployment-id", "d"],
    });
    // A definition named like an address is still a run: the command word comes first.
    expect(chooseDoor(["run", "host:1234"])).toEqual({ door: "cli", args: ["run", "host:1234"] });
    expect(chooseDoor(["emulator", "--port", "0"])).toEqual({ door: "emulator", args: ["--port", "0"] });
  });

  it("answers help and version, and names what it did not understand", () => {
    for (const help of [["--help"], ["-h"], ["help"]]) expect(chooseDoor(help)).toEqual({ door: "help" });
    expect(chooseDoor(["--version"])).toEqual({ door: "version" });
    expect(chooseDoor([])).toEqual({ door: "usage-error", message: "a command is required" });
    expect(chooseDoor(["prevew", "--stack", "dev"])).toEqual({
      door: "usage-error",
      message: 'unknown command "prevew"',
    });
    expect(chooseDoor(["--stack", "dev"])).toEqual({ door: "usage-error", message: 'unknown command "dev"' });
    expect(chooseDoor(["--logtostderr"])).toEqual({ door: "usage-error", message: 'unknown option "--logtostderr"' });
  });
});
