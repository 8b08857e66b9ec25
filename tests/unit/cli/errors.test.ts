/** Automation API errors, as they arrive, become one line saying what to do. */
import { CommandError, StackNotFoundError } from "@pulumi/pulumi/automation";
import { describeCliError } from "../../../sdk/cli/errors";

/** A CommandError the way the Automation API builds it (its constructor takes a CommandResult). */
function commandError<T extends Error>(
  Kind: new (result: never) => T,
  result: { stdout: string; stderr: string; code: number; err?: Error },
): T {
  const withText = {
    ...result,
    toString: () =>
      `code: ${result.code}\n stdout: ${result.stdout}\n stderr: ${result.stderr}\n err?: ${result.err}\n`,
  };
  return new Kind(withText as never);
}

describe("describeCliError", () => {
  it("pulumi missing: says how to get it", () => {
    const spawnError = Object.assign(new Error("Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT"), {
      code: "ENOENT",
    });
    const error = commandError(CommandError, { stdout: "", stderr: "", code: -2, err: spawnError });
    const line = describeCliError(error, { stack: "dev", cwd: "/proj" });
    expect(line).toBe(
      "the pulumi CLI was not found on PATH (--stack drives it through the Automation API). Install Pulumi, or in " +
        "this package's repository run `npm run engine` and add the directory it prints to PATH.",
    );
  });

  it("stack not found: names the stack and the directory", () => {
    const error = commandError(StackNotFoundError, {
      stdout: "",
      stderr: "error: no stack named 'prod' found\n",
      code: 255,
    });
    expect(describeCliError(error, { stack: "prod", cwd: "/proj" })).toBe(
      'stack "prod" was not found in "/proj". List the stacks with `pulumi stack ls` in the project directory, or ' +
        "pass --cwd <project directory>.",
    );
  });

  it("no project: says to run in the project directory or pass --cwd", () => {
    const error = commandError(CommandError, {
      stdout: "",
      stderr:
        "error: no Pulumi.yaml project file found (searching upwards from /tmp/x). If you have not created a project yet, use `pulumi new` to do so: no project file found\n",
      code: 255,
    });
    expect(describeCliError(error, { stack: "dev", cwd: "/tmp/x" })).toBe(
      'no Pulumi project (Pulumi.yaml) in "/tmp/x". Run the command in the project directory, or pass --cwd <project directory>.',
    );
  });

  it("no project, as pulumi 3.248 reports it for a stack name without a project around it", () => {
    const error = commandError(CommandError, {
      stdout: "",
      stderr: "error: if you're using the --stack flag, pass the fully qualified name (organization/project/stack)\n",
      code: 255,
    });
    expect(describeCliError(error, { stack: "dev", cwd: "/tmp/y" })).toMatch(
      /^no Pulumi project \(Pulumi\.yaml\) in "\/tmp\/y"\./,
    );
  });

  it("any other pulumi failure: its first error line, on one line and cut", () => {
    const error = commandError(CommandError, {
      stdout: "Previewing update (dev):\n",
      stderr: `warning: something\nerror: preview failed: ${"x".repeat(5000)}\nmore\n`,
      code: 255,
    });
    const line = describeCliError(error, {});
    expect(line.startsWith("pulumi failed: preview failed: xxx")).toBe(true);
    expect(line.length).toBeLessThanOrEqual("pulumi failed: ".length + 300);
    expect(line).not.toContain("\n");
  });

  it("other errors: their message on one line", () => {
    expect(describeCliError(new Error("No DataRobot endpoint configured.\nSet it."))).toBe(
      "No DataRobot endpoint configured. Set it.",
    );
  });
});
