/**
 * The round trip the engine performs with the provider text stored in state (`__provider`): load it the way the
 * dynamic-provider process does (require-from-string, `.handler()`), configure the provider from stack config, and
 * call it against the emulator. The text must be small, must not contain any credential, and must say what to do
 * when the package is not installed where the program runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { SEED } from "../../../emulator";
import { useEmulator } from "../helpers";
import { JOB_DEFINITION_PROVIDER_TEXT, JOB_RUN_PROVIDER_TEXT } from "../../../sdk/serialized-provider";
import * as implementation from "../../../provider";
import { linkSelf } from "../../../scripts/link-self";

// The dynamic-provider process loads the text with require-from-string, a dependency of @pulumi/pulumi. Without a
// file name it resolves `require` from the process's working directory, as the dynamic-provider process does.
const requireFromString: (
  code: string,
  filename?: string,
) => { handler: () => pulumi.dynamic.ResourceProvider } = require("require-from-string");

jest.setTimeout(30_000);

// Declared first, so it runs before useEmulator's beforeAll.
beforeAll(() => linkSelf());
const emu = useEmulator({}, { resetBeforeEach: false });

describe("the provider text stored in state", () => {
  it("is small, one line, and holds nothing but the package path and the export name", () => {
    for (const text of [JOB_DEFINITION_PROVIDER_TEXT, JOB_RUN_PROVIDER_TEXT]) {
      expect(Buffer.byteLength(text)).toBeLessThan(512);
      expect(text).not.toContain("\n");
      expect(text).toContain('require("pulumi-datarobot-batch/provider")');
      expect(text).not.toContain(process.cwd());
    }
    // Reported by the benchmark too; printed here so the figure is visible in test logs.
    console.log(`__provider: ${Buffer.byteLength(JOB_DEFINITION_PROVIDER_TEXT)} bytes`);
  });

  it("returns the installed implementations themselves, configured once per text by the engine", () => {
    // Loaded from the repository root, where `pulumi-datarobot-batch` resolves to this checkout (scripts/link-self.js).
    const jobDefinitions = requireFromString(JOB_DEFINITION_PROVIDER_TEXT).handler();
    const jobRuns = requireFromString(JOB_RUN_PROVIDER_TEXT).handler();
    // The same classes as this checkout's (the package resolves to dist/, these tests import the sources).
    expect(jobDefinitions.constructor.name).toBe(implementation.jobDefinitionProvider.constructor.name);
    expect(jobRuns.constructor.name).toBe(implementation.jobRunProvider.constructor.name);
  });

  it("still works after loading: configure from stack config, check, create, read, delete", async () => {
    const provider = requireFromString(JOB_DEFINITION_PROVIDER_TEXT).handler();
    const config: Record<string, string> = { "datarobot:endpoint": emu.url, "datarobot:apiToken": emu.token };
    await provider.configure!({ config: { get: (key: string) => config[key] } } as never);
    const checked = await provider.check!(
      {},
      {
        name: "round-trip",
        deploymentId: SEED.deploymentId,
        intakeSettings: { type: "dataset", datasetId: SEED.datasetId },
        __provider: JOB_DEFINITION_PROVIDER_TEXT,
      },
    );
    expect(checked.failures ?? []).toEqual([]);
    const created = await provider.create(checked.inputs);
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.outs.__provider).toBeUndefined(); // the dynamic-provider process adds it to the outputs itself
    const read = await provider.read!(created.id, created.outs);
    expect(read.props!.name).toBe("round-trip");
    await provider.delete!(created.id, created.outs);
    expect(await provider.read!(created.id, created.outs)).toEqual({});
  });

  it("says what to do when the package is not installed where the program runs", () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "no-package-"));
    try {
      // A module file in a folder with no node_modules: `require` resolves from there, as it would from a program
      // folder where the package was never installed.
      const loaded = requireFromString(JOB_DEFINITION_PROVIDER_TEXT, path.join(elsewhere, "provider.js"));
      expect(() => loaded.handler()).toThrow(
        /^pulumi-datarobot-batch is not installed where this Pulumi program runs \(.*\): npm install it there\. Cannot find module 'pulumi-datarobot-batch\/provider'/,
      );
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
