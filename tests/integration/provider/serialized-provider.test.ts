/**
 * The round trip the engine performs: serialize the provider shim exactly as `pulumi.dynamic.Resource` does, load the
 * text the way the dynamic-provider process does (require-from-string, `.handler()`), configure it from stack config,
 * and call it against the emulator. The text must be small and must not contain any credential.
 */
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, SEED, type RunningEmulator } from "../../../emulator";
import { jobDefinitionProviderShim } from "../../../sdk/serialized-provider";
import { linkSelf } from "../../../scripts/link-self";

// The dynamic-provider process loads the text with require-from-string, a dependency of @pulumi/pulumi.
const requireFromString: (code: string) => {
  handler: () => pulumi.dynamic.ResourceProvider;
} = require("require-from-string");

jest.setTimeout(30_000);

let emu: RunningEmulator;
beforeAll(async () => {
  linkSelf();
  emu = await startEmulator();
});
afterAll(async () => {
  await emu?.close();
});

async function serialize(): Promise<{ text: string; containsSecrets: boolean }> {
  const { serializeFunction } = pulumi.runtime;
  return serializeFunction(() => jobDefinitionProviderShim, { allowSecrets: true });
}

describe("the serialized provider", () => {
  it("is small and captures no credential from the environment", async () => {
    process.env.DATAROBOT_API_TOKEN = "token-that-must-not-leak";
    try {
      const { text, containsSecrets } = await serialize();
      expect(containsSecrets).toBe(false);
      expect(Buffer.byteLength(text)).toBeLessThan(16 * 1024);
      expect(text).not.toContain("token-that-must-not-leak");
      expect(text).not.toContain(emu.token);
      expect(text).toContain('require("pulumi-datarobot-batch/provider")');
      // Reported by the benchmark too; printed here so the figure is visible in test logs.
      console.log(`__provider: ${Buffer.byteLength(text)} bytes`);
    } finally {
      delete process.env.DATAROBOT_API_TOKEN;
    }
  });

  it("still works after loading: configure from stack config, check, create, read, delete", async () => {
    const { text } = await serialize();
    const provider = requireFromString(text).handler();
    const config: Record<string, string> = { "datarobot:endpoint": emu.url, "datarobot:apiToken": emu.token };
    await provider.configure!({ config: { get: (key: string) => config[key] } } as never);
    const checked = await provider.check!(
      {},
      {
        name: "round-trip",
        deploymentId: SEED.deploymentId,
        intakeSettings: { type: "dataset", datasetId: SEED.datasetId },
        __provider: text,
      },
    );
    expect(checked.failures ?? []).toEqual([]);
    const created = await provider.create(checked.inputs);
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    const read = await provider.read!(created.id, created.outs);
    expect(read.props!.name).toBe("round-trip");
    await provider.delete!(created.id, created.outs);
    expect(await provider.read!(created.id, created.outs)).toEqual({});
  });
});
