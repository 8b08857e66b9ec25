/**
 * The BatchPredictionJobRun provider's methods against the emulator (no engine): a run on create, re-run rules in
 * diff, a failed run failing create with the job's details, and a delete that touches nothing on DataRobot.
 */
import { JobRunProvider } from "../../../provider/job-run/provider";
import { makeClient, TIME_SCALE, useRunHarness } from "../helpers";
import { scaledClock } from "../../../provider/run/clock";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SEED } from "../../../emulator";

jest.setTimeout(20_000);

const h = useRunHarness();
let provider: JobRunProvider;

beforeAll(() => {
  provider = new JobRunProvider({
    env: { DATAROBOT_ENDPOINT: h.emulator.url, DATAROBOT_API_TOKEN: h.emulator.token },
    createClient: () => makeClient(h.emulator),
    clock: scaledClock(TIME_SCALE),
  });
});

describe("JobRunProvider", () => {
  it("create runs the definition, waits, and outputs the job", async () => {
    const id = await h.createDefinition("run-me", { outcome: "complete", durationMs: 30_000, rows: 250 });
    const created = await provider.create({ jobDefinitionId: id, triggers: { release: "1" } });
    expect(created.outs).toMatchObject({
      jobDefinitionId: id,
      triggers: { release: "1" },
      jobId: created.id,
      status: "COMPLETED",
      scoredRows: 250,
      failedRows: 0,
      definitionName: "run-me",
    });
    expect(Date.parse(created.outs?.finishedAt as string)).not.toBeNaN();
    expect(await h.requests(/^POST \/batchPredictions\/fromJobDefinition\/$/)).toHaveLength(1);
  });

  it("a failed run fails create with the status details and logs", async () => {
    const id = await h.createDefinition("broken", { outcome: "fail", durationMs: 10_000 });
    await expect(provider.create({ jobDefinitionId: id })).rejects.toThrow(
      /ended with status FAILED .*simulated failure[\s\S]*Job logs:/,
    );
  });

  it("times out per timeoutSeconds and aborts the job", async () => {
    const id = await h.createDefinition("too-slow", { outcome: "complete", durationMs: 600_000 });
    await expect(provider.create({ jobDefinitionId: id, timeoutSeconds: 5 })).rejects.toThrow(
      /did not finish within 5\.0 s .*the job was aborted/,
    );
    expect(await h.requests(/^DELETE \/batchPredictions\//)).toHaveLength(1);
  });

  it("diff: triggers, definition id or version re-run (replace); settings update in place; key order is no change", async () => {
    const olds = {
      jobDefinitionId: "a",
      definitionVersion: "v1",
      triggers: { x: 1, y: "2" },
      jobId: "j",
      status: "COMPLETED",
    };
    expect(
      await provider.diff("j", olds, { jobDefinitionId: "a", definitionVersion: "v1", triggers: { y: "2", x: 1 } }),
    ).toEqual({
      changes: false,
    });
    expect(
      await provider.diff("j", olds, { jobDefinitionId: "a", definitionVersion: "v2", triggers: { x: 1, y: "2" } }),
    ).toMatchObject({
      changes: true,
      replaces: ["definitionVersion"],
    });
    expect(
      await provider.diff("j", olds, { jobDefinitionId: "a", definitionVersion: "v1", triggers: { x: 2, y: "2" } }),
    ).toMatchObject({
      replaces: ["triggers"],
    });
    expect(
      await provider.diff("j", olds, {
        jobDefinitionId: "a",
        definitionVersion: "v1",
        triggers: { x: 1, y: "2" },
        timeoutSeconds: 60,
      }),
    ).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(
      await provider.diff("j", olds, { jobDefinitionId: "a", definitionVersion: unknown, triggers: { x: 1, y: "2" } }),
    ).toMatchObject({
      replaces: ["definitionVersion"],
    });
  });

  it("check rejects a missing definition id and a bad timeout, and accepts unknowns", async () => {
    expect(await provider.check({}, { timeoutSeconds: -1 })).toEqual({
      failures: [
        { property: "jobDefinitionId", reason: "jobDefinitionId: a job definition id is required" },
        { property: "timeoutSeconds", reason: "timeoutSeconds: must be a positive number (got -1)" },
      ],
    });
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(await provider.check({}, { jobDefinitionId: unknown })).toEqual({ inputs: { jobDefinitionId: unknown } });
  });

  it("update of settings keeps the run's outputs and runs nothing; delete and read touch nothing", async () => {
    const olds = { jobDefinitionId: "a", jobId: "j", status: "COMPLETED", scoredRows: 3, timeoutSeconds: 10 };
    expect((await provider.update("j", olds, { jobDefinitionId: "a" })).outs).toEqual({
      jobDefinitionId: "a",
      jobId: "j",
      status: "COMPLETED",
      scoredRows: 3,
    });
    await provider.delete();
    expect(await provider.read("j", olds)).toEqual({ id: "j", props: olds });
    expect(await h.requests()).toHaveLength(0);
  });

  describe("intakeFile", () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "job-run-file-"))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const sha = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

    it("check adds the file's sha256; create uploads it and writes outputFile", async () => {
      const definition = await h.client.createJobDefinition({
        name: "file-run",
        deploymentId: SEED.deploymentId,
        intakeSettings: { type: "localFile" },
        outputSettings: { type: "localFile" },
      });
      const input = join(dir, "in.csv");
      writeFileSync(input, "a,b\n1,2\n3,4\n");
      const output = join(dir, "out.csv");
      const checked = await provider.check(
        {},
        { jobDefinitionId: definition.id, intakeFile: input, outputFile: output },
      );
      expect(checked.inputs).toMatchObject({ intakeFileHash: sha("a,b\n1,2\n3,4\n") });
      const created = await provider.create(checked.inputs!);
      expect(created.outs).toMatchObject({
        status: "COMPLETED",
        scoredRows: 2,
        intakeFile: input,
        intakeFileHash: sha("a,b\n1,2\n3,4\n"),
        downloadUrl: `${h.emulator.url}/batchPredictions/${created.id}/download/`,
      });
      expect(readFileSync(output, "utf8").trimEnd().split("\r\n")).toHaveLength(3);
    });

    it("a changed file content re-runs; a moved file with the same content does not", async () => {
      const a = join(dir, "a.csv");
      const b = join(dir, "b.csv");
      writeFileSync(a, "x\n1\n");
      writeFileSync(b, "x\n1\n");
      const olds = (await provider.check({}, { jobDefinitionId: "d", intakeFile: a })).inputs!;
      const moved = (await provider.check(olds, { jobDefinitionId: "d", intakeFile: b })).inputs!;
      expect(await provider.diff("job", olds, moved)).toEqual({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
      writeFileSync(a, "x\n2\n");
      const edited = (await provider.check(olds, { jobDefinitionId: "d", intakeFile: a })).inputs!;
      expect(await provider.diff("job", olds, edited)).toMatchObject({ replaces: ["intakeFileHash"] });
    });

    it("check fails with the property when the file cannot be read", async () => {
      const result = await provider.check({}, { jobDefinitionId: "d", intakeFile: join(dir, "missing.csv") });
      expect(result.failures).toEqual([
        { property: "intakeFile", reason: expect.stringMatching(/^intakeFile: cannot read ".*missing\.csv" \(ENOENT/) },
      ]);
    });
  });
});
