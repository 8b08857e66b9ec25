/**
 * BatchPredictionJobRun through the real engine: a deploy runs the definition and waits; an unchanged deploy runs
 * nothing; a changed trigger runs again, and a failing run fails `up` with the job's details. Destroy deletes the
 * definition but sends no request about the jobs. A failed job whose details quote the token and the definition's
 * secrets fails `up` with them scrubbed.
 */
import { SEED } from "../../emulator";
import { BatchPredictionJobDefinition } from "../../sdk/job-definition";
import { BatchPredictionJobRun } from "../../sdk/job-run";
import { useEmulatorStack } from "./helpers";

jest.setTimeout(240_000);

let release = "1";
/** The second test: a definition holding secrets (SAS sig, header, datarobotKey), and the run declared or not. */
let withSecrets = false;
let withRun = true;

const SIG = "SiGSECRET%2FdEf%2BGhI%3D";
const HEADER = 'HDRSECRET"987\\xyz';
const DATAROBOT_KEY = "DRKEYSECRET66";

const starts = async () =>
  (await t.emu.admin.requests()).filter(
    (r) => r.method === "POST" && r.path === "/batchPredictions/fromJobDefinition/",
  );

const t = useEmulatorStack({
  projectName: "job-run",
  program: async () => {
    const definition = new BatchPredictionJobDefinition("scoring", {
      name: "e2e-job-run-scoring",
      enabled: false,
      deploymentId: SEED.deploymentId,
      ...(withSecrets
        ? {
            intakeSettings: {
              type: "azure",
              url: `https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&sig=${SIG}`,
              credentialId: SEED.credentialId,
            },
            outputSettings: {
              type: "http",
              url: "https://hooks.example.com/scores",
              method: "PUT",
              headers: { Authorization: `Bearer ${HEADER}` },
            },
            predictionInstance: { hostName: "pred.example.com", sslEnabled: true, datarobotKey: DATAROBOT_KEY },
          }
        : {
            intakeSettings: { type: "dataset", datasetId: SEED.datasetId },
            outputSettings: { type: "s3", url: "s3://bucket/e2e.csv", credentialId: SEED.credentialId },
          }),
    });
    if (!withRun) return { definitionId: definition.id };
    const run = new BatchPredictionJobRun("scoring-run", { definition, triggers: { release } });
    return {
      definitionId: definition.id,
      jobId: run.jobId,
      status: run.status,
      scoredRows: run.scoredRows,
      finishedAt: run.finishedAt,
    };
  },
  // A job takes 6 emulated seconds = 0.1 s real: the provider's first poll (after 1 s) sees it finished.
  emulator: { timeScale: 60 },
});

it("runs on create, not when unchanged, again on a trigger change, and fails the up when the run fails", async () => {
  const up = await t.stack.up();
  expect(up.summary.result).toBe("succeeded");
  expect(up.summary.resourceChanges).toEqual({ create: 3 });
  const definitionId = up.outputs.definitionId.value as string;
  expect(up.outputs.status.value).toBe("COMPLETED");
  expect(up.outputs.scoredRows.value).toBeGreaterThan(0);
  expect(Date.parse(up.outputs.finishedAt.value)).not.toBeNaN();
  const first = await starts();
  expect(first.map((r) => r.body)).toEqual([{ jobDefinitionId: definitionId }]);
  const jobs = await t.emu.admin.jobs();
  expect(jobs.map((j) => [j.id, j.status])).toEqual([[up.outputs.jobId.value, "COMPLETED"]]);

  const again = await t.stack.up();
  expect(again.summary.resourceChanges).toEqual({ same: 3 });
  expect(await starts()).toHaveLength(1);

  release = "2";
  const rerun = await t.stack.up();
  expect(rerun.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
  expect(rerun.outputs.jobId.value).not.toBe(up.outputs.jobId.value);
  expect(await starts()).toHaveLength(2);

  await t.emu.admin.setBehavior(definitionId, { outcome: "fail", durationMs: 6000 });
  release = "3";
  const failed = await t.stack.up().then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  expect(failed).toBeDefined();
  const text = String(failed?.message);
  expect(text).toMatch(/ended with status FAILED/);
  expect(text).toMatch(/simulated failure/);
  expect(text).toContain('"e2e-job-run-scoring"');
  expect(await starts()).toHaveLength(3);
  // The failed run left the previous (successful) run in state.
  const outputs = await t.stack.outputs();
  expect(outputs.jobId.value).toBe(rerun.outputs.jobId.value);

  await t.emu.admin.clearRequests();
  const destroy = await t.stack.destroy();
  expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
  const requests = (await t.emu.admin.requests()).map((r) => `${r.method} ${r.path}`);
  expect(requests).toContain(`DELETE /batchPredictionJobDefinitions/${definitionId}/`);
  expect(requests.filter((r) => r.includes("/batchPredictions/"))).toEqual([]);
});

it("a run whose FAILED job quotes the token and the definition's secrets fails `up` with them scrubbed", async () => {
  withSecrets = true;
  withRun = false;
  const deployed = await t.stack.up();
  const definitionId = deployed.outputs.definitionId.value as string;
  await t.emu.admin.setBehavior(definitionId, { outcome: "fail", durationMs: 6000, echoSecrets: true });
  withRun = true;
  release = "echo";
  const printed: string[] = [];
  const failed = await t.stack.up({ onOutput: (text) => printed.push(text) }).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  expect(failed).toBeDefined();
  const everything = `${String(failed?.message)}\n${printed.join("")}`;
  expect(everything).toMatch(/ended with status FAILED/);
  expect(everything).toContain("token=[secret]");
  // The secrets in every form the server quoted them: raw, decoded, percent-encoded, JSON-escaped.
  const forms = [t.emu.token, SIG, decodeURIComponent(SIG), encodeURIComponent(SIG), HEADER, JSON.stringify(HEADER)];
  for (const secret of [...forms, DATAROBOT_KEY]) expect(everything).not.toContain(secret.replace(/^"|"$/g, ""));
  expect(everything).not.toContain("\u001b[31m");
  expect(everything).toContain("\\u001b[31m");
  // The failed run was not stored (the state's own secrets are encrypted: secrets.test.ts).
  const state = await t.stack.exportStack();
  const types = (state.deployment.resources as { type: string }[]).map((r) => r.type);
  expect(types.filter((type) => type.includes("BatchPredictionJobRun"))).toEqual([]);
  await t.stack.destroy();
});
