/**
 * Work the provider does not repeat (bench/README.md, "The provider's own CPU"): the written form `check` returns is
 * not canonicalised again by the `create` or `update` that receives it back, and an update's PATCH body does not
 * canonicalise the fields that did not change. The model's functions are counted through a spy on the modules; what
 * DataRobot receives and what is stored are asserted to be the same as when the work is done (a fresh process that
 * never ran the check).
 */
import { SEED } from "../../../emulator";
import { useEmulator } from "../helpers";
import { DataRobotClient } from "../../../provider/client";

jest.mock("../../../provider/model/canonical", () => {
  const actual = jest.requireActual("../../../provider/model/canonical");
  return {
    ...actual,
    canonicalize: jest.fn(actual.canonicalize),
    writtenFromInputs: jest.fn(actual.writtenFromInputs),
  };
});

// Loaded after the mock, so that every module of the model sees the counted functions.
import * as canonical from "../../../provider/model/canonical";
import { toUpdateBody } from "../../../provider/model";
import { JobDefinitionProvider } from "../../../provider/job-definition/provider";

jest.setTimeout(30_000);

const emu = useEmulator();
const counted = canonical as unknown as Record<"canonicalize" | "writtenFromInputs", jest.Mock>;

async function configured(): Promise<JobDefinitionProvider> {
  const provider = new JobDefinitionProvider({
    env: {},
    createClient: (endpoint, token) =>
      new DataRobotClient({ endpoint, token, sleep: async () => undefined, retryDeadlineMs: 5_000 }),
  });
  const values: Record<string, string> = { "datarobot:endpoint": emu.url, "datarobot:apiToken": emu.token };
  await provider.configure({ config: { get: (key: string) => values[key] } });
  return provider;
}

function userInputs(name: string, url = "s3://bucket/in.csv"): Record<string, unknown> {
  return {
    name,
    deploymentId: SEED.deploymentId,
    intakeSettings: { type: "s3", url, credentialId: SEED.credentialId },
    outputSettings: { type: "s3", url: "s3://bucket/out.csv", credentialId: SEED.credentialId },
    schedule: { minute: [0], hour: [2], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["mon", "fri"] },
    passthroughColumnsSet: "all",
    __provider: "serialized-provider-text",
  };
}

/** What the engine does between check and create: the stored inputs come back as new objects. */
const throughEngine = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

async function writes(): Promise<unknown[]> {
  return (await emu.admin.requests())
    .filter((entry: { method: string }) => entry.method === "POST" || entry.method === "PATCH")
    .map((entry: { body: unknown }) => entry.body);
}

beforeEach(() => {
  counted.writtenFromInputs.mockClear();
  counted.canonicalize.mockClear();
});

describe("the written form is canonicalised once, by check", () => {
  it("create and update take check's written form as it is, and send and store what they would otherwise", async () => {
    const provider = await configured();
    const checked = (await provider.check({}, userInputs("once-a"))).inputs!;
    expect(counted.writtenFromInputs).toHaveBeenCalledTimes(1);
    await emu.admin.clearRequests();
    const created = await provider.create(throughEngine(checked));
    expect(counted.writtenFromInputs).toHaveBeenCalledTimes(1);

    const changed = (await provider.check(checked, userInputs("once-a", "s3://bucket/other.csv"))).inputs!;
    expect(counted.writtenFromInputs).toHaveBeenCalledTimes(2);
    const updated = await provider.update(created.id, throughEngine(checked), throughEngine(changed));
    expect(counted.writtenFromInputs).toHaveBeenCalledTimes(2);
    const sent = await writes();

    // A process that never ran these checks (a fresh provider) canonicalises the inputs itself: same requests, same
    // outputs (the ids and times aside).
    const fresh = await configured();
    await emu.admin.clearRequests();
    const renamed = (props: Record<string, unknown>) => throughEngine({ ...props, name: "once-b" });
    const createdFresh = await fresh.create(renamed(checked));
    const updatedFresh = await fresh.update(createdFresh.id, renamed(checked), renamed(changed));
    expect(counted.writtenFromInputs).toHaveBeenCalledTimes(4);
    const sentFresh = await writes();
    // The POST names the definition; the PATCH leaves the unchanged name out.
    expect(sentFresh).toEqual(
      sent.map((body) => ("name" in (body as object) ? { ...(body as object), name: "once-b" } : body)),
    );
    const comparable = (outs: Record<string, unknown> | undefined) => {
      const { createdBy, created, updated, updatedBy, name, ...rest } = outs ?? {};
      void [createdBy, created, updated, updatedBy, name];
      return rest;
    };
    expect(comparable(createdFresh.outs)).toEqual(comparable(created.outs));
    expect(comparable(updatedFresh.outs)).toEqual(comparable(updated.outs));
  });
});

describe("an update's PATCH body", () => {
  it("canonicalises only the part that changed (the job spec), not the unchanged name and schedule", () => {
    const before = canonical.writtenFromInputs(userInputs("patch")) as Record<string, unknown>;
    const after = canonical.writtenFromInputs(userInputs("patch", "s3://bucket/other.csv")) as Record<string, unknown>;
    counted.canonicalize.mockClear();
    const body = toUpdateBody(before, after);
    expect(body).toEqual({
      deploymentId: SEED.deploymentId,
      intakeSettings: { type: "s3", url: "s3://bucket/other.csv", credentialId: SEED.credentialId },
      outputSettings: { type: "s3", url: "s3://bucket/out.csv", credentialId: SEED.credentialId },
      passthroughColumnsSet: "all",
    });
    // Both sides of the job spec; the name, and enabled with the schedule, compared as written.
    expect(counted.canonicalize).toHaveBeenCalledTimes(2);
  });

  it("still compares by meaning: a default written or left out is no change", () => {
    const before = canonical.writtenFromInputs(userInputs("patch")) as Record<string, unknown>;
    const after = { ...before, abortOnError: true };
    expect(toUpdateBody(before, after)).toEqual({});
  });
});
