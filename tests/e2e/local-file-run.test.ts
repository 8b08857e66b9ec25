/**
 * BatchPredictionJobRun with an intakeFile through the real engine: `up` uploads the file and the run completes;
 * an unchanged file runs nothing; a changed file (its sha256) runs the definition again (seen in the emulator's
 * job list, and in the uploads it received).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SEED } from "../../emulator";
import { BatchPredictionJobDefinition } from "../../sdk/job-definition";
import { BatchPredictionJobRun } from "../../sdk/job-run";
import { useEmulatorStack } from "./helpers";

jest.setTimeout(240_000);

let dir: string;

const uploads = async () =>
  (await t.emu.admin.requests()).filter((r) => r.method === "PUT" && /\/csvUpload\/$/.test(r.path));

const t = useEmulatorStack({
  projectName: "local-file-run",
  program: async () => {
    const definition = new BatchPredictionJobDefinition("on-demand", {
      name: "e2e-local-file",
      enabled: false,
      deploymentId: SEED.deploymentId,
      intakeSettings: { type: "localFile" },
      outputSettings: { type: "localFile" },
      passthroughColumns: ["id"],
    });
    const run = new BatchPredictionJobRun("score-file", {
      definition,
      intakeFile: join(dir, "data.csv"),
      outputFile: join(dir, "predictions.csv"),
    });
    return { jobId: run.jobId, scoredRows: run.scoredRows, hash: run.intakeFileHash };
  },
  emulator: { timeScale: 60 },
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "e2e-local-file-"));
  writeFileSync(join(dir, "data.csv"), "id,age\n1,30\n2,41\n3,52\n");
});

// Declared after useEmulatorStack: runs after the stack is removed, as before.
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("uploads the file on up, re-runs when its content changes and not when it does not", async () => {
  const up = await t.stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 3 });
  expect(up.outputs.scoredRows.value).toBe(3);
  expect(up.outputs.hash.value).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(readFileSync(join(dir, "predictions.csv"), "utf8").split("\r\n")[0]).toMatch(/^id,target_1_PREDICTION,/);
  expect((await t.emu.admin.jobs()).map((j) => [j.id, j.status])).toEqual([[up.outputs.jobId.value, "COMPLETED"]]);
  expect(await uploads()).toHaveLength(1);

  writeFileSync(join(dir, "data.csv"), "id,age\n1,30\n2,41\n3,52\n"); // rewritten, same content
  const same = await t.stack.up();
  expect(same.summary.resourceChanges).toEqual({ same: 3 });
  expect(await t.emu.admin.jobs()).toHaveLength(1);

  writeFileSync(join(dir, "data.csv"), "id,age\n1,30\n2,41\n3,52\n4,63\n");
  const rerun = await t.stack.up();
  expect(rerun.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
  expect(rerun.outputs.scoredRows.value).toBe(4);
  expect(rerun.outputs.hash.value).not.toBe(up.outputs.hash.value);
  const jobs = await t.emu.admin.jobs();
  expect(jobs.map((j) => j.status)).toEqual(["COMPLETED", "COMPLETED"]);
  expect(await uploads()).toHaveLength(2);
  expect(readFileSync(join(dir, "predictions.csv"), "utf8").trimEnd().split("\r\n")).toHaveLength(5);
});
