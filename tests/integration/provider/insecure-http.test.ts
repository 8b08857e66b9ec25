/**
 * `allowInsecureHttp` end to end: the provider creates a definition on a DataRobot reached over plain http at a
 * non-loopback address of this machine (the emulator bound to it), only when the user opted in, and warns once.
 * Without the option it fails before any request, naming the option.
 */
import * as os from "node:os";
import { startEmulator, SEED, type RunningEmulator } from "../../../emulator";
import { DataRobotClient } from "../../../provider/client";
import { insecureHttpWarning } from "../../../provider/client/endpoint";
import { JobDefinitionProvider } from "../../../provider/job-definition/provider";

jest.setTimeout(30_000);

/** An IPv4 address of this machine that is not loopback (the emulator listens there). */
function nonLoopbackAddress(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces())) {
    const found = addresses?.find((a) => a.family === "IPv4" && !a.internal);
    if (found) return found.address;
  }
  return undefined;
}

const address = nonLoopbackAddress();
let emu: RunningEmulator;

beforeAll(async () => {
  if (!address) throw new Error("this machine has no non-loopback IPv4 address to bind the emulator to");
  // The emulator warns when it listens beyond loopback; that is the point of this test, so the warning is dropped.
  emu = await startEmulator({ host: address, warn: () => undefined });
});
afterAll(async () => {
  await emu?.close();
});

async function provider(values: Record<string, string>, warnings: string[]): Promise<JobDefinitionProvider> {
  const p = new JobDefinitionProvider({
    env: {},
    createClient: (endpoint, token, options) =>
      new DataRobotClient({ endpoint, token, ...options, sleep: async () => undefined, retryDeadlineMs: 5_000 }),
    warn: (line) => warnings.push(line),
  });
  await p.configure({ config: { get: (key: string) => values[key] } });
  return p;
}

const inputs = {
  name: "insecure-http-definition",
  deploymentId: SEED.deploymentId,
  intakeSettings: { type: "s3", url: "s3://bucket/in.csv", credentialId: SEED.credentialId },
};

it("the emulator URL is plain http to a non-loopback address", () => {
  expect(emu.url).toMatch(new RegExp(`^http://${address!.replace(/\./g, "\\.")}:\\d+/api/v2$`));
});

it("without allowInsecureHttp: create fails naming the option, and DataRobot receives nothing", async () => {
  await emu.admin.reset();
  const warnings: string[] = [];
  const p = await provider({ "datarobot:endpoint": emu.url, "datarobot:apiToken": emu.token }, warnings);
  await expect(p.create({ ...inputs })).rejects.toThrow(
    /uses plain http.*datarobot:allowInsecureHttp.*DATAROBOT_ALLOW_INSECURE_HTTP=true/,
  );
  expect(await emu.admin.requests()).toEqual([]);
  expect(warnings).toEqual([]);
});

it("with allowInsecureHttp: the definition is created over http, with one warning", async () => {
  await emu.admin.reset();
  const warnings: string[] = [];
  const p = await provider(
    { "datarobot:endpoint": emu.url, "datarobot:apiToken": emu.token, "datarobot:allowInsecureHttp": "true" },
    warnings,
  );
  const created = await p.create({ ...inputs });
  await p.read(created.id, created.outs);
  const requests = (await emu.admin.requests()) as { method: string; path: string }[];
  expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    "POST /batchPredictionJobDefinitions/",
    `GET /batchPredictionJobDefinitions/${created.id}/`,
  ]);
  expect(created.outs.name).toBe("insecure-http-definition");
  expect(warnings).toEqual([insecureHttpWarning(emu.url)]);
});
