/**
 * `allowInsecureHttp` end to end: the provider creates a definition on a DataRobot reached over plain http at a host
 * name that is not loopback, only when the user opted in, and warns once. Without the option it fails before any
 * request, naming the option. The host name resolves to the emulator on 127.0.0.1 through the client's `lookup`
 * option, so no traffic leaves this machine's loopback interface.
 */
import { SEED } from "../../../emulator";
import { loopbackLookup, useEmulator } from "../helpers";
import { DataRobotClient } from "../../../provider/client";
import { insecureHttpWarning } from "../../../provider/client/endpoint";
import { JobDefinitionProvider } from "../../../provider/job-definition/provider";

jest.setTimeout(30_000);

/** A self-managed DataRobot on an internal network, as the provider sees it (never loopback by name). */
const INTERNAL_HOST = "datarobot.internal.test";
const emu = useEmulator({}, { resetBeforeEach: false });
let internalUrl: string;
/** Resolves INTERNAL_HOST to the emulator on loopback; any other name fails (nothing else may be contacted). */
const { lookup, resolved } = loopbackLookup(INTERNAL_HOST);

beforeAll(() => {
  internalUrl = emu.url.replace("127.0.0.1", INTERNAL_HOST);
});

async function provider(values: Record<string, string>, warnings: string[]): Promise<JobDefinitionProvider> {
  const p = new JobDefinitionProvider({
    env: {},
    createClient: (endpoint, token, options) =>
      new DataRobotClient({
        endpoint,
        token,
        ...options,
        lookup,
        sleep: async () => undefined,
        retryDeadlineMs: 5_000,
      }),
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

it("the endpoint is plain http to a host name that is not loopback", () => {
  expect(internalUrl).toMatch(/^http:\/\/datarobot\.internal\.test:\d+\/api\/v2$/);
});

it("without allowInsecureHttp: create fails naming the option, and DataRobot receives nothing", async () => {
  await emu.admin.reset();
  const warnings: string[] = [];
  const p = await provider({ "datarobot:endpoint": internalUrl, "datarobot:apiToken": emu.token }, warnings);
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
    { "datarobot:endpoint": internalUrl, "datarobot:apiToken": emu.token, "datarobot:allowInsecureHttp": "true" },
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
  expect(warnings).toEqual([insecureHttpWarning(internalUrl)]);
  expect(resolved).toContain(INTERNAL_HOST); // the requests went to the internal host name
});
