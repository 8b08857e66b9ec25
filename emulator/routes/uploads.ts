/**
 * The routes that carry CSV instead of JSON, served as streams (never buffered whole, whatever the size):
 *   PUT  /batchPredictions/{id}/csvUpload/                      the intake data of a localFile job; starts it
 *   PUT  /batchPredictions/{id}/csvUpload/part/{n}/             one part (intakeSettings.multipart), n = 0, 1, ...
 *   POST /batchPredictions/{id}/csvUpload/finalizeMultipart/    all parts are in; starts the job
 *   GET  /batchPredictions/{id}/download/                       the scored CSV of a COMPLETED localFile output
 * The upload is scored as it arrives (rules/scoring.ts) into a file in the emulator's results directory.
 */
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { EmulatorContext } from "../state/context";
import { HttpError, mediaType } from "../http/router";
import { findJob, requireJobOwner } from "./jobs";
import { isTerminal, jobProgress } from "../state/lifecycle";
import { CsvSyntaxError } from "../http/csv";
import { CsvScorer, syntheticOutput } from "../rules/scoring";
import type { StoredJob, UploadState, UserKey } from "../state/store";

export type StreamingRoute =
  | { kind: "upload"; jobId: string }
  | { kind: "part"; jobId: string; part: number }
  | { kind: "finalize"; jobId: string }
  | { kind: "download"; jobId: string };

const ROUTES: Array<[string, RegExp, (m: RegExpExecArray) => StreamingRoute]> = [
  ["PUT", /^\/batchPredictions\/([^/]+)\/csvUpload\/?$/, (m) => ({ kind: "upload", jobId: m[1] })],
  [
    "PUT",
    /^\/batchPredictions\/([^/]+)\/csvUpload\/part\/(\d+)\/?$/,
    (m) => ({ kind: "part", jobId: m[1], part: Number(m[2]) }),
  ],
  [
    "POST",
    /^\/batchPredictions\/([^/]+)\/csvUpload\/finalizeMultipart\/?$/,
    (m) => ({ kind: "finalize", jobId: m[1] }),
  ],
  ["GET", /^\/batchPredictions\/([^/]+)\/download\/?$/, (m) => ({ kind: "download", jobId: m[1] })],
];

/** The streaming route for method + path (after /api/v2), if it is one. */
export function matchStreamingRoute(method: string, path: string): StreamingRoute | undefined {
  for (const [routeMethod, pattern, build] of ROUTES) {
    const match = pattern.exec(path);
    if (match && routeMethod === method) return build(match);
  }
  return undefined;
}

export interface StreamingEnv {
  ctx: EmulatorContext;
  user: UserKey;
}

/** A handled streaming request: the status sent, for the request log. */
export type StreamingResult = { status: number; body?: unknown; stream?: Readable; headers?: Record<string, string> };

function adapterType(job: StoredJob, key: "intakeSettings" | "outputSettings"): unknown {
  return (job.spec[key] as Record<string, unknown> | undefined)?.type;
}

/** The upload state of a job that can take data now; otherwise the error DataRobot would (plausibly) give. */
function uploadTarget(ctx: EmulatorContext, job: StoredJob): UploadState {
  if ((adapterType(job, "intakeSettings") ?? "localFile") !== "localFile")
    throw new HttpError(404, `Batch prediction job ${job.id} does not read a local file (it has no csvUpload link)`);
  const status = jobProgress(job, ctx.now()).status;
  if (isTerminal(status)) throw new HttpError(409, `Job ${job.id} has already finished with status ${status}`);
  const upload = job.upload;
  if (!upload || upload.receivedAt !== null)
    throw new HttpError(409, `The intake data of job ${job.id} has already been uploaded`);
  if (upload.receiving) throw new HttpError(409, `An upload to job ${job.id} is already in progress`);
  return upload;
}

function requireCsv(req: IncomingMessage): void {
  const type = mediaType(req);
  if (type !== "text/csv")
    throw new HttpError(415, `The intake data must be sent with Content-Type: text/csv (got "${type || "none"}")`);
}

/**
 * Streams the request body through the scorer into `file`; the file exists only if the whole body was scored.
 * Malformed data (a CsvSyntaxError, e.g. a field past the reader's limits) fails the job, not the request: the rest
 * of the body is read and dropped, then the upload is answered. The body reaches the scorer through a PassThrough
 * so that stopping the scoring does not destroy the request (which would reset the connection before the answer).
 */
async function scoreInto(
  req: IncomingMessage,
  job: StoredJob,
  file: string,
  continuing: { header: string[] } | null,
  ctx: EmulatorContext,
): Promise<{ scorer: CsvScorer; malformed?: string }> {
  const scorer = new CsvScorer(job.spec, continuing, ctx.csvLimits);
  const partial = `${file}.partial`;
  const body = new PassThrough();
  const cut = (error: Error) => body.destroy(error);
  const closed = () => {
    if (!req.complete) cut(new Error("the client closed the connection"));
  };
  req.on("error", cut).on("close", closed).pipe(body);
  try {
    await pipeline(body, scorer, createWriteStream(partial));
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof CsvSyntaxError) {
      await drain(req);
      return { scorer, malformed: error.message };
    }
    throw new HttpError(400, `The upload was interrupted: ${(error as Error).message}`);
  } finally {
    req.unpipe(body);
    req.off("error", cut).off("close", closed);
  }
  renameSync(partial, file);
  return { scorer };
}

/** Reads the rest of a request body without keeping it. */
function drain(req: IncomingMessage): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    req.once("end", resolve).once("close", resolve).resume();
  });
}

/** Marks the whole intake as received (the job's run starts now), or failed because of its data. */
function received(ctx: EmulatorContext, job: StoredJob, upload: UploadState, rows: number, malformed?: string): void {
  upload.receivedAt = ctx.now();
  job.rows = rows;
  if (malformed) {
    job.outcome = "fail";
    job.failureReason = `the uploaded CSV is malformed: ${malformed}`;
  }
}

function keepResult(job: StoredJob, file: string): void {
  if (adapterType(job, "outputSettings") === "localFile") job.resultFile = file;
  else rmSync(file, { force: true }); // scored only to count rows: the output goes elsewhere
}

async function putWhole(req: IncomingMessage, job: StoredJob, { ctx }: StreamingEnv): Promise<StreamingResult> {
  const upload = uploadTarget(ctx, job);
  if (upload.multipart) {
    throw new HttpError(
      422,
      `Job ${job.id} takes a multipart upload (intakeSettings.multipart is true): PUT csvUpload/part/{n}/ then POST csvUpload/finalizeMultipart/`,
    );
  }
  requireCsv(req);
  upload.receiving = true;
  try {
    const file = join(ctx.resultsDir(), `${job.id}.csv`);
    const { scorer, malformed } = await scoreInto(req, job, file, null, ctx);
    if (!malformed && scorer.counts.bytesIn === 0) {
      rmSync(file, { force: true });
      throw new HttpError(422, "The uploaded CSV file is empty: send a header row and the rows to score");
    }
    job.intakeBytes = scorer.counts.bytesIn;
    job.outputBytes = scorer.counts.bytesOut;
    if (!malformed) keepResult(job, file);
    received(ctx, job, upload, scorer.counts.rows, malformed);
    return { status: 202, body: { message: "Intake data received" } };
  } finally {
    upload.receiving = false;
  }
}

async function putPart(
  req: IncomingMessage,
  job: StoredJob,
  part: number,
  { ctx }: StreamingEnv,
): Promise<StreamingResult> {
  const upload = uploadTarget(ctx, job);
  if (!upload.multipart) {
    throw new HttpError(
      422,
      `Job ${job.id} takes its data in one PUT to csvUpload/ (intakeSettings.multipart is not true)`,
    );
  }
  if (part !== upload.partFiles.length)
    throw new HttpError(422, `Parts are uploaded in order: expected part ${upload.partFiles.length}, got part ${part}`);
  requireCsv(req);
  upload.receiving = true;
  try {
    const file = join(ctx.resultsDir(), `${job.id}.part${part}.csv`);
    const { scorer, malformed } = await scoreInto(
      req,
      job,
      file,
      upload.header ? { header: upload.header } : null,
      ctx,
    );
    job.intakeBytes = (job.intakeBytes ?? 0) + scorer.counts.bytesIn;
    job.outputBytes = (job.outputBytes ?? 0) + scorer.counts.bytesOut;
    job.rows = (upload.partFiles.length === 0 ? 0 : job.rows) + scorer.counts.rows;
    if (malformed) {
      removeParts(upload);
      received(ctx, job, upload, job.rows, `part ${part}: ${malformed}`);
      return { status: 202, body: { message: `Part ${part} received` } };
    }
    if (scorer.counts.bytesIn === 0) {
      rmSync(file, { force: true });
      throw new HttpError(422, `Part ${part} is empty`);
    }
    upload.header ??= scorer.header;
    upload.partFiles.push(file);
    return { status: 202, body: { message: `Part ${part} received` } };
  } finally {
    upload.receiving = false;
  }
}

function removeParts(upload: UploadState): void {
  for (const file of upload.partFiles) rmSync(file, { force: true });
  upload.partFiles = [];
}

async function finalize(job: StoredJob, { ctx }: StreamingEnv): Promise<StreamingResult> {
  const upload = uploadTarget(ctx, job);
  if (!upload.multipart)
    throw new HttpError(422, `Job ${job.id} is not a multipart upload (intakeSettings.multipart is not true)`);
  if (upload.partFiles.length === 0)
    throw new HttpError(422, `No parts were uploaded to job ${job.id}: PUT csvUpload/part/0/ first`);
  upload.receiving = true;
  try {
    const file = join(ctx.resultsDir(), `${job.id}.csv`);
    const out = createWriteStream(file);
    const parts = upload.partFiles;
    // Part 0 carries the output header; later parts' outputs have none (their repeated input header was dropped).
    await pipeline(
      Readable.from(
        (async function* () {
          for (const part of parts) yield* createReadStream(part);
        })(),
      ),
      out,
    );
    removeParts(upload);
    keepResult(job, file);
    received(ctx, job, upload, job.rows);
    return { status: 202, body: { message: "Multipart upload finalized" } };
  } finally {
    upload.receiving = false;
  }
}

function download(job: StoredJob, { ctx }: StreamingEnv): StreamingResult {
  if (adapterType(job, "outputSettings") !== "localFile")
    throw new HttpError(404, `Batch prediction job ${job.id} does not write a local file (it has no download link)`);
  const status = jobProgress(job, ctx.now()).status;
  if (status !== "COMPLETED")
    throw new HttpError(404, `The results of job ${job.id} are not available: the job is ${status}`);
  const headers = { "Content-Type": "text/csv; charset=utf-8" };
  if (job.resultFile) {
    if (!existsSync(job.resultFile))
      throw new HttpError(404, `The results of job ${job.id} were deleted (the emulator keeps them until it stops)`);
    const stream = createReadStream(job.resultFile);
    return { status: 200, headers, stream };
  }
  // No upload (remote intake, or localFileUpload "not-required"): made-up rows.
  return { status: 200, headers, stream: Readable.from(syntheticOutput(job.spec, job.rows)) };
}

/** Serves one streaming route; throws HttpError for the JSON error answer. */
export async function handleStreaming(
  route: StreamingRoute,
  req: IncomingMessage,
  env: StreamingEnv,
): Promise<StreamingResult> {
  const job = findJob(env.ctx, route.jobId);
  requireJobOwner(job, env.user, "access");
  switch (route.kind) {
    case "upload":
      return putWhole(req, job, env);
    case "part":
      return putPart(req, job, route.part, env);
    case "finalize":
      return finalize(job, env);
    default:
      return download(job, env);
  }
}

/** Sends a streamed answer (download), or ends the response with a JSON body. */
export async function sendStreaming(res: ServerResponse, result: StreamingResult): Promise<void> {
  if (!result.stream) return;
  res.writeHead(result.status, result.headers);
  try {
    await pipeline(result.stream, res);
  } catch {
    res.destroy(); // the client went away or the file vanished mid-way: cut the connection, never a short 200
  }
}
