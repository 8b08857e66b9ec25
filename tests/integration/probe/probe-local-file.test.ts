/**
 * The probe's localFile step: does a run of a localFile-intake definition wait for the CSV upload? Against the
 * emulator's `localFileUpload` knob ("required", the default, or "not-required"). The knob is added by the emulator's
 * upload-wait work; until that is merged, PUT /__admin/config refuses the key and these tests fail.
 */
import { SEED, type EmulatorConfig } from "../../../emulator";
import { useEmulator } from "../helpers";
import { ProbeHttp, runProbe } from "../../../sdk/probe";

jest.setTimeout(30_000);

const emu = useEmulator();

async function probeUpload() {
  const result = await runProbe({
    http: new ProbeHttp(emu.url, emu.token),
    deploymentId: SEED.deploymentId,
    steps: ["upload"],
    localFileWatchMs: 1500,
    pollMs: 100,
  });
  return result;
}

it.each<[string, string]>([
  ["required", "required"],
  ["not-required", "not-required"],
])("localFileUpload %s → the probe reports %s, aborts its job and deletes its definition", async (value, expected) => {
  await emu.admin.setConfig({ localFileUpload: value } as Partial<EmulatorConfig>);
  const result = await probeUpload();
  expect(result.findings).toEqual([expect.objectContaining({ key: "localFileUpload", behaviour: expected })]);
  expect(await emu.admin.definitions()).toEqual([]);
  for (const job of await emu.admin.jobs()) expect(["ABORTED", "COMPLETED"]).toContain(job.status);
});

it("the default emulator waits for the upload (required)", async () => {
  const result = await probeUpload();
  expect(result.findings[0]).toMatchObject({
    behaviour: "required",
    evidence: "the job stayed INITIALIZING with links.csvUpload for 1.5 s",
  });
  expect((await emu.admin.jobs()).map((job) => job.status)).toEqual(["ABORTED"]);
});
