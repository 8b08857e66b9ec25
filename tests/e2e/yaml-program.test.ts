/**
 * The YAML language host scripts/engine.js builds (pulumi-language-yaml, from its own wrapper module in
 * scripts/engine/yaml-host/) runs a `runtime: yaml` program with the engine's CLI: stack config in, outputs out,
 * secrets kept secret.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CliSession, engineBinDir, yamlHostPath } from "./helpers";

jest.setTimeout(240_000);

const PROGRAM = `name: yaml-host-check
runtime: yaml
description: Config in, outputs out, no resources.
config:
  greeting:
    type: string
  repeat:
    type: integer
    default: 2
  token:
    type: string
    secret: true
variables:
  words:
    - \${greeting}
    - world
outputs:
  message:
    fn::join:
      - ", "
      - \${words}
  repeat: \${repeat}
  settings:
    fn::toJSON:
      greeting: \${greeting}
      repeat: \${repeat}
  token: \${token}
`;

describe("a YAML program through the engine's YAML language host", () => {
  const session = new CliSession();
  afterAll(() => session.cleanup());

  it("is built next to pulumi, where the CLI looks for it", () => {
    const host = yamlHostPath();
    if (!fs.existsSync(host)) throw new Error(`no YAML language host at ${host}: run \`npm run engine\``);
    // With a pulumi from PATH, the install's own host may live there instead; with the cached engine it is its twin.
    if (host.startsWith(path.dirname(engineBinDir()))) expect(path.dirname(host)).toBe(engineBinDir());
  });

  it("runs `pulumi up` on it with stack config and returns its outputs", async () => {
    fs.mkdirSync(path.join(session.root, "yaml"));
    fs.writeFileSync(path.join(session.root, "yaml", "Pulumi.yaml"), PROGRAM);
    await session.login();
    await session.pulumi("yaml", "stack", "init", "dev");
    await session.pulumi("yaml", "config", "set", "greeting", "hello");
    await session.pulumi("yaml", "config", "set", "--secret", "token", "s3cr3t-yaml-token");

    const up = await session.pulumi("yaml", "up", "--yes", "--skip-preview");
    expect(up).toContain("Outputs:");
    expect(up).not.toContain("s3cr3t-yaml-token");
    expect(up).toMatch(/token\s*: \[secret\]/);

    const outputs = JSON.parse(await session.pulumi("yaml", "stack", "output", "--json", "--show-secrets")) as unknown;
    expect(outputs).toEqual({
      message: "hello, world",
      repeat: 2,
      settings: '{"greeting":"hello","repeat":2}',
      token: "s3cr3t-yaml-token",
    });
    const hidden = JSON.parse(await session.pulumi("yaml", "stack", "output", "--json")) as Record<string, unknown>;
    expect(hidden.token).toBe("[secret]");
    const state = await session.pulumi("yaml", "stack", "export");
    expect(state).not.toContain("s3cr3t-yaml-token");
  });

  it("reports the YAML host's own diagnostics: a misspelt name, with its file and line", async () => {
    fs.mkdirSync(path.join(session.root, "typo"));
    fs.writeFileSync(
      path.join(session.root, "typo", "Pulumi.yaml"),
      "name: yaml-typo\nruntime: yaml\nvariables:\n  greeting: hello\noutputs:\n  message: ${greting}\n",
    );
    await session.pulumi("typo", "stack", "init", "dev");
    const result = await session.run("typo", "pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('error: resource or variable named "greting" could not be found');
    expect(result.output).toContain("on Pulumi.yaml line 6:");
  });
});
