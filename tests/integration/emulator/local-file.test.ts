/**
 * localFile jobs in the emulator: the job waits for its CSV (PUT links.csvUpload, or parts + finalizeMultipart),
 * scores the uploaded rows, and serves them at links.download once COMPLETED; the documented error answers.
 */
import { request } from "node:http";
import { clientOf, definitionBody, jobWithStatus, sleep, startLocalJob, useEmulator } from "../helpers";

// timeScale 100: a 60 s emulated job takes 600 real ms.
const emu = useEmulator({ timeScale: 100, jobDurationMs: 60_000 });
const owner = clientOf(emu);

/** PUT/POST/GET with a text body and any content type; returns status and text. */
function raw(
  method: string,
  url: string,
  body?: string,
  contentType = "text/csv",
  token = emu.token,
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) {
      headers["Content-Type"] = contentType;
      headers["Content-Length"] = Buffer.byteLength(body);
    }
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), headers: res.headers }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

const waitForStatus = (jobId: string, status: string) => jobWithStatus(owner, jobId, status);
const CSV = 'id,age,notes\r\n1,34,plain\n2,51,"with, comma"\n3,27,"two\nlines and ""quotes"""\n';

describe("a localFile-intake job", () => {
  it("waits in INITIALIZING, without progress, until its CSV is uploaded", async () => {
    const job = await startLocalJob(owner);
    await sleep(900); // longer than the whole 600 ms job
    const waiting = (await owner.get(`/batchPredictions/${job.id}/`)).body;
    expect(waiting).toMatchObject({
      status: "INITIALIZING",
      percentageCompleted: 0,
      scoredRows: 0,
      queued: true,
      queuePosition: null,
    });
    expect(waiting.statusDetails).toMatch(/waiting for the intake data \(PUT links\.csvUpload\)$/);
    expect(waiting.links.download).toBeUndefined();
  });

  it("scores the uploaded rows: upload → COMPLETED → the download has one row per input row", async () => {
    const job = await startLocalJob(owner, { passthroughColumns: ["id", "notes"], includePredictionStatus: true });
    const put = await raw("PUT", job.links.csvUpload, CSV);
    expect(put.status).toBe(202);
    const done = await waitForStatus(job.id, "COMPLETED");
    expect(done).toMatchObject({ scoredRows: 3, jobIntakeSize: Buffer.byteLength(CSV) });
    expect(done.logs.some((line: string) => line.endsWith("Intake data received"))).toBe(true);

    const download = await raw("GET", done.links.download);
    expect(download.status).toBe(200);
    expect(download.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const lines = download.text.split("\r\n");
    expect(lines[0]).toBe(
      "id,notes,target_1_PREDICTION,target_0_PREDICTION,target_PREDICTION,THRESHOLD,POSITIVE_CLASS,prediction_status",
    );
    expect(lines.slice(1, -1).map((line) => line.split(",")[0])).toEqual(["1", "2", "3"]);
    expect(download.text).toContain('"two\nlines and ""quotes"""');
    expect(lines[1]).toMatch(/^1,plain,0\.\d{5},0\.\d{5},[01],0\.5,1,OK$/);
    expect(done.jobOutputSize).toBe(Buffer.byteLength(download.text));
  });

  it("passes every column through with passthroughColumnsSet 'all'; includeProbabilitiesClasses filters", async () => {
    const job = await startLocalJob(owner, { passthroughColumnsSet: "all", includeProbabilitiesClasses: ["1"] });
    expect((await raw("PUT", job.links.csvUpload, "a,b\nx,y\n")).status).toBe(202);
    const done = await waitForStatus(job.id, "COMPLETED");
    const text = (await raw("GET", done.links.download)).text;
    expect(text.split("\r\n")[0]).toBe("a,b,target_1_PREDICTION,target_PREDICTION,THRESHOLD,POSITIVE_CLASS");
  });

  it("answers 422 to an empty file and keeps waiting; a later upload still starts the job", async () => {
    const job = await startLocalJob(owner);
    const empty = await raw("PUT", job.links.csvUpload, "");
    expect(empty.status).toBe(422);
    expect(JSON.parse(empty.text).message).toBe(
      "The uploaded CSV file is empty: send a header row and the rows to score",
    );
    expect((await owner.get(`/batchPredictions/${job.id}/`)).body.statusDetails).toMatch(/waiting/);
    expect((await raw("PUT", job.links.csvUpload, "a\n1\n")).status).toBe(202);
    await waitForStatus(job.id, "COMPLETED");
  });

  it("fails the job (statusDetails names the line) when the CSV is malformed", async () => {
    const job = await startLocalJob(owner);
    expect((await raw("PUT", job.links.csvUpload, "a,b\n1,2\n3\n")).status).toBe(202);
    const failed = await waitForStatus(job.id, "FAILED");
    expect(failed.statusDetails).toMatch(
      /the uploaded CSV is malformed: line 3: 1 fields, but the header has 2 columns$/,
    );
    expect(failed.links.download).toBeUndefined();
    expect((await raw("GET", `${emu.url}/batchPredictions/${job.id}/download/`)).status).toBe(404);

    const unclosed = await startLocalJob(owner);
    expect((await raw("PUT", unclosed.links.csvUpload, 'a\n"open\n')).status).toBe(202);
    expect((await waitForStatus(unclosed.id, "FAILED")).statusDetails).toMatch(
      /line 2: a quoted field is never closed$/,
    );
  });

  it("refuses a second upload, an upload to a finished job, a wrong content type, and a job without csvUpload", async () => {
    const job = await startLocalJob(owner);
    expect((await raw("PUT", job.links.csvUpload, "a\n1\n", "application/json")).status).toBe(415);
    expect((await raw("PUT", job.links.csvUpload, "a\n1\n")).status).toBe(202);
    const twice = await raw("PUT", job.links.csvUpload, "a\n1\n");
    expect(twice.status).toBe(409);
    expect(JSON.parse(twice.text).message).toBe(`The intake data of job ${job.id} has already been uploaded`);
    await waitForStatus(job.id, "COMPLETED");
    const late = await raw("PUT", job.links.csvUpload, "a\n1\n");
    expect(late.status).toBe(409);
    expect(JSON.parse(late.text).message).toBe(`Job ${job.id} has already finished with status COMPLETED`);

    const aborted = await startLocalJob(owner);
    expect((await owner.delete(`/batchPredictions/${aborted.id}/`)).status).toBe(202);
    expect((await raw("PUT", aborted.links.csvUpload, "a\n1\n")).status).toBe(409);

    const s3 = await owner.post("/batchPredictionJobDefinitions/", definitionBody());
    const remote = (await owner.post("/batchPredictions/fromJobDefinition/", { jobDefinitionId: s3.body.id })).body;
    expect((await raw("PUT", `${emu.url}/batchPredictions/${remote.id}/csvUpload/`, "a\n1\n")).status).toBe(404);
    expect((await raw("PUT", job.links.csvUpload, "a\n1\n", "text/csv", emu.otherToken)).status).toBe(403);
  });

  it("does not offer the download before COMPLETED, nor for a remote output", async () => {
    const job = await startLocalJob(owner);
    const early = await raw("GET", `${emu.url}/batchPredictions/${job.id}/download/`);
    expect(early.status).toBe(404);
    expect(JSON.parse(early.text).message).toBe(
      `The results of job ${job.id} are not available: the job is INITIALIZING`,
    );
    const toS3 = await startLocalJob(owner, { outputSettings: { type: "s3", url: "s3://b/out.csv" } });
    expect((await raw("PUT", toS3.links.csvUpload, "a\n1\n2\n")).status).toBe(202);
    const done = await waitForStatus(toS3.id, "COMPLETED");
    expect(done).toMatchObject({ scoredRows: 2 });
    expect(done.links.download).toBeUndefined();
    expect((await raw("GET", `${emu.url}/batchPredictions/${toS3.id}/download/`)).status).toBe(404);
  });

  it("logs uploads without their data", async () => {
    const job = await startLocalJob(owner);
    await emu.admin.clearRequests();
    await raw("PUT", job.links.csvUpload, "secret_column\nsecret_value\n");
    const logged = JSON.stringify(await emu.admin.requests());
    expect(logged).toContain("<text/csv stream>");
    expect(logged).not.toContain("secret_value");
  });
});

describe("multipart upload (intakeSettings.multipart)", () => {
  it("takes parts in order (each with the header), then starts on finalizeMultipart", async () => {
    const job = await startLocalJob(owner, { intakeSettings: { type: "localFile", multipart: true } });
    const base = job.links.csvUpload as string;
    const whole = await raw("PUT", base, "a\n1\n");
    expect(whole.status).toBe(422);
    expect((await raw("POST", `${base}finalizeMultipart/`)).status).toBe(422);
    expect((await raw("PUT", `${base}part/0/`, "a,b\n1,x\n2,y\n")).status).toBe(202);
    const outOfOrder = await raw("PUT", `${base}part/2/`, "a,b\n9,z\n");
    expect(outOfOrder.status).toBe(422);
    expect(JSON.parse(outOfOrder.text).message).toBe("Parts are uploaded in order: expected part 1, got part 2");
    expect((await raw("PUT", `${base}part/1/`, "a,b\n3,z\n")).status).toBe(202);
    await sleep(700);
    expect((await owner.get(`/batchPredictions/${job.id}/`)).body.status).toBe("INITIALIZING");
    expect((await raw("POST", `${base}finalizeMultipart/`)).status).toBe(202);
    const done = await waitForStatus(job.id, "COMPLETED");
    expect(done.scoredRows).toBe(3);
    const lines = (await raw("GET", done.links.download)).text.split("\r\n");
    expect(lines).toHaveLength(5); // header, three rows, and the final empty string
    expect(lines[0]).toBe("target_1_PREDICTION,target_0_PREDICTION,target_PREDICTION,THRESHOLD,POSITIVE_CLASS");
  });
});

describe("localFileUpload: not-required", () => {
  it("starts the job at once and serves made-up rows (the emulator's earlier behaviour)", async () => {
    await emu.admin.setConfig({ localFileUpload: "not-required", defaultRows: 4 });
    const job = await startLocalJob(owner);
    const done = await waitForStatus(job.id, "COMPLETED");
    const text = (await raw("GET", done.links.download)).text;
    expect(text.split("\r\n")[0]).toBe(
      "row_id,target_1_PREDICTION,target_0_PREDICTION,target_PREDICTION,THRESHOLD,POSITIVE_CLASS",
    );
    expect(text.split("\r\n")).toHaveLength(6);
  });
});
