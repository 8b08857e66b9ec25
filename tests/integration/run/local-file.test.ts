/**
 * Runs with local files against the emulator: the intake CSV is uploaded (single PUT, or parts + finalize), the
 * predictions are downloaded atomically, and every failure (no file given, failed job, interrupted upload or
 * download) fails clearly and leaves no partial predictions file; the CLI's --intake-file / --output-file.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { umask } from "node:process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { SEED } from "../../../emulator";
import type { ApiBatchJob } from "../../../provider/client/types";
import { main, EXIT } from "../../../sdk/cli/main";
import { JobTimeoutError, LocalFileError, LocalFileTransferError } from "../../../provider/run/errors";
import { csvParts, uploadIntakeFile, type TransferProgress } from "../../../provider/run/local-file";
import { formatSummary, runMany } from "../../../sdk/run/many";
import { runJobDefinition } from "../../../provider/run/run";
import { eventually, fakeCliIo, useRunHarness } from "../helpers";

jest.setTimeout(20_000);

const h = useRunHarness();
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "local-file-run-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const INPUT = ["id,age,city", ...Array.from({ length: 40 }, (_, i) => `${i},${20 + i},"Town ${i}, North"`)].join("\n");

function writeInput(text = INPUT): string {
  const file = join(dir, "data.csv");
  writeFileSync(file, text);
  return file;
}

async function localDefinition(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const definition = await h.client.createJobDefinition({
    name,
    deploymentId: SEED.deploymentId,
    intakeSettings: { type: "localFile" },
    outputSettings: { type: "localFile" },
    passthroughColumns: ["id"],
    ...extra,
  });
  return definition.id;
}

const run = (id: string, options: Parameters<typeof runJobDefinition>[1] = {}) =>
  runJobDefinition(id, { client: h.client, clock: h.clock(), ...options });

describe("runJobDefinition with local files", () => {
  it("uploads the CSV, waits for COMPLETED and writes one prediction row per input row", async () => {
    const id = await localDefinition("score-file", { includePredictionStatus: true });
    const transfers: TransferProgress[] = [];
    const output = join(dir, "predictions.csv");
    const result = await run(id, {
      intakeFile: writeInput(),
      outputFile: output,
      onTransfer: (p) => transfers.push(p),
    });

    expect(result).toMatchObject({ status: "COMPLETED", outputFile: output });
    expect(result.job.scoredRows).toBe(40);
    const lines = readFileSync(output, "utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "id,target_1_PREDICTION,target_0_PREDICTION,target_PREDICTION,THRESHOLD,POSITIVE_CLASS,prediction_status",
    );
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
    expect(result.outputBytes).toBe(readFileSync(output).length);
    expect(readdirSync(dir).sort()).toEqual(["data.csv", "predictions.csv"]); // no temp file left

    const uploadDone = transfers.find((p) => p.direction === "upload" && p.done);
    expect(uploadDone).toMatchObject({ bytes: INPUT.length, totalBytes: INPUT.length });
    expect(transfers.some((p) => p.direction === "download" && p.done)).toBe(true);
    const puts = await h.requests(/^PUT /);
    expect(puts.map((e) => [e.path, e.body])).toEqual([
      [`/batchPredictions/${result.jobId}/csvUpload/`, "<text/csv stream>"],
    ]);
  });

  it("fails at once, before starting a job, when a localFile definition gets no intakeFile", async () => {
    const id = await localDefinition("needs-file");
    await expect(run(id)).rejects.toThrow(
      new LocalFileError(
        `Definition "needs-file" (${id}) reads a local file (intakeSettings.type "localFile"): give the CSV to ` +
          "score with intakeFile (CLI: --intake-file data.csv). Without it the job would wait for an upload that never comes.",
      ),
    );
    expect(await h.requests(/^POST \/batchPredictions\/fromJobDefinition/)).toEqual([]);
  });

  it("refuses an intakeFile for a remote intake, and a missing file, before starting a job", async () => {
    const remote = await h.createDefinition("remote");
    await expect(run(remote, { intakeFile: writeInput() })).rejects.toThrow(
      /intakeFile was given, but definition "remote" \(\w+\) reads its data from "dataset"/,
    );
    const id = await localDefinition("missing-file");
    await expect(run(id, { intakeFile: join(dir, "nope.csv") })).rejects.toThrow(
      /^intakeFile: cannot read ".*nope\.csv" \(ENOENT/,
    );
    expect(await h.requests(/^POST \/batchPredictions\/fromJobDefinition/)).toEqual([]);
  });

  it("without outputFile completes and says where the results can be downloaded", async () => {
    const id = await localDefinition("link-only");
    const summary = await runMany([id], { client: h.client, clock: h.clock(), intakeFile: writeInput() });
    const line = summary.runs[0];
    expect(line.outcome).toBe("COMPLETED");
    expect(line.downloadUrl).toBe(`${h.emulator.url}/batchPredictions/${line.jobId}/download/`);
    expect(formatSummary(summary)).toContain(
      `link-only: predictions can be downloaded (GET with the API token) from ${line.downloadUrl}`,
    );
  });

  it("a failed job leaves no predictions file", async () => {
    const id = await localDefinition("fails");
    await h.emulator.admin.setBehavior(id, { outcome: "fail" });
    const output = join(dir, "predictions.csv");
    await expect(run(id, { intakeFile: writeInput(), outputFile: output })).rejects.toThrow(/ended with status FAILED/);
    expect(readdirSync(dir)).toEqual(["data.csv"]);
  });

  it("an interrupted download leaves no file and names the link to fetch the results from", async () => {
    const id = await localDefinition("cut-download");
    await h.emulator.admin.addFault({ method: "GET", path: "/batchPredictions/*/download", drop: "before" });
    const output = join(dir, "predictions.csv");
    const error = await run(id, { intakeFile: writeInput(), outputFile: output }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalFileTransferError);
    expect((error as LocalFileTransferError).message).toMatch(
      /completed, but downloading its results to .*predictions\.csv failed: .*; no file was written\. The results can be downloaded from http:\/\/127\.0\.0\.1:\d+\/api\/v2\/batchPredictions\/[0-9a-f]{24}\/download\/$/,
    );
    expect(readdirSync(dir)).toEqual(["data.csv"]);
  });

  it("an interrupted upload aborts the waiting job and writes nothing", async () => {
    const id = await localDefinition("cut-upload");
    await h.emulator.admin.addFault({ method: "PUT", path: "/batchPredictions/*/csvUpload", drop: "before" });
    const output = join(dir, "predictions.csv");
    const error = await run(id, { intakeFile: writeInput(), outputFile: output }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalFileTransferError);
    expect((error as LocalFileTransferError).disposition).toBe("aborted");
    expect((error as Error).message).toMatch(
      /^Uploading .*data\.csv to batch prediction job [0-9a-f]{24} of definition "cut-upload" .* failed: .*; the job was aborted/,
    );
    const jobs = await h.emulator.admin.jobs();
    expect(jobs.map((job) => job.status)).toEqual(["ABORTED"]);
    expect(readdirSync(dir)).toEqual(["data.csv"]);
  });

  it("with wait: false, a stalled upload still ends at the run's timeout and the job is aborted", async () => {
    const id = await localDefinition("stalled-upload");
    // The emulator holds its answer to the upload far longer than the run's timeout.
    await h.emulator.admin.addFault({ method: "PUT", path: "/batchPredictions/*/csvUpload", latencyMs: 15_000 });
    const started = Date.now();
    const error = await run(id, { intakeFile: writeInput(), wait: false, timeoutMs: 500 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect((error as JobTimeoutError).disposition).toBe("aborted");
    const jobs = await h.emulator.admin.jobs();
    expect(jobs.map((job) => job.status)).toEqual(["ABORTED"]);
  });

  it("refuses, before starting a job, an outputFile that is the intake file (also through a link) or a directory", async () => {
    const id = await localDefinition("bad-output");
    const intake = writeInput();
    await expect(run(id, { intakeFile: intake, outputFile: intake })).rejects.toThrow(
      new LocalFileError(
        `outputFile: "${intake}" is the intakeFile; writing the predictions there would replace the data being ` +
          "scored. Choose another outputFile.",
      ),
    );
    const link = join(dir, "link.csv");
    symlinkSync(intake, link);
    await expect(run(id, { intakeFile: intake, outputFile: link })).rejects.toThrow(
      /"[^"]*link\.csv" is the intakeFile/,
    );
    mkdirSync(join(dir, "outdir"));
    await expect(run(id, { intakeFile: intake, outputFile: join(dir, "outdir") })).rejects.toThrow(
      new LocalFileError(
        `outputFile: "${join(dir, "outdir")}" is a directory; give the path of the file to write, e.g. ` +
          `"${join(dir, "outdir", "predictions.csv")}".`,
      ),
    );
    expect(await h.requests(/^POST \/batchPredictions\/fromJobDefinition/)).toEqual([]);
    expect(readFileSync(intake, "utf8")).toBe(INPUT);
  });

  it("replaces an existing output file keeping its permissions; a new file gets the usual ones", async () => {
    const id = await localDefinition("keep-mode");
    const output = join(dir, "predictions.csv");
    for (const mode of [0o600, 0o640]) {
      writeFileSync(output, "PRECIOUS\n");
      chmodSync(output, mode);
      await run(id, { intakeFile: writeInput(), outputFile: output });
      expect(readFileSync(output, "utf8")).toMatch(/^id,target_1_PREDICTION/);
      expect(statSync(output).mode & 0o777).toBe(mode);
    }
    rmSync(output);
    await run(id, { intakeFile: writeInput(), outputFile: output });
    expect(statSync(output).mode & 0o777).toBe(0o666 & ~umask());
  });

  it("replaces a symbolic link at outputFile by the predictions file, leaving its target untouched", async () => {
    const id = await localDefinition("link-output");
    const target = join(dir, "target.csv");
    writeFileSync(target, "TARGET\n");
    const output = join(dir, "predictions.csv");
    symlinkSync(target, output);
    await run(id, { intakeFile: writeInput(), outputFile: output });
    expect(lstatSync(output).isFile()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("TARGET\n");
  });

  it("a refused links.csvUpload opens no file, leaks no descriptor and reports no finished upload", async () => {
    const big = writeInput(`${INPUT}\n${"1,2,x\n".repeat(400_000)}`); // 2.4 MB: more than the streams buffer
    const foreign: ApiBatchJob = {
      id: "0".repeat(24),
      status: "INITIALIZING",
      links: { csvUpload: "http://127.0.0.2:9/api/v2/batchPredictions/x/csvUpload/" },
    };
    const transfers: TransferProgress[] = [];
    /** This process's open descriptors on the intake file. */
    const fds = () =>
      readdirSync("/proc/self/fd").filter((fd) => {
        try {
          return readlinkSync(join("/proc/self/fd", fd)) === realpathSync(big);
        } catch {
          return false; // closed meanwhile
        }
      }).length;
    for (const multipart of [false, true, false]) {
      await expect(
        uploadIntakeFile(
          h.client,
          foreign,
          { file: big, size: statSync(big).size, multipart, quote: '"' },
          {
            onTransfer: (p) => transfers.push(p),
          },
        ),
      ).rejects.toThrow(/refusing to send the API token to http:\/\/127\.0\.0\.2:9/);
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // let closes complete
    expect(fds()).toBe(0);
    expect(transfers.filter((p) => p.done)).toEqual([]);
  });

  it("a multipart intake with an unclosed quote fails naming its line, without sending it as one giant part", async () => {
    const id = await localDefinition("open-quote", { intakeSettings: { type: "localFile", multipart: true } });
    const job = await h.client.startJobFromDefinition(id);
    const text = `id,age,city\n1,2,x\n2,3,"5'11\n${"3,4,y\n".repeat(20_000)}`;
    const file = writeInput(text);
    await expect(
      uploadIntakeFile(h.client, job, { file, size: text.length, multipart: true, quote: '"' }, { partBytes: 20_000 }),
    ).rejects.toThrow(
      new LocalFileError(
        'intakeFile: line 3 opens a quoted field (quote character ") that is not closed within 40000 bytes, so the ' +
          "file cannot be cut into multipart parts at a record boundary (intakeSettings.multipart). Check the quoting " +
          'from that line on: a quote inside a quoted field is written twice (""), and csvSettings.quotechar must be ' +
          "the file's quote character.",
      ),
    );
    const parts = await h.requests(/csvUpload\/part/);
    expect(parts.map((e) => e.path)).toEqual([`/batchPredictions/${job.id}/csvUpload/part/0/`]); // lines 1-2 only
  });

  it("uploads a multipart intake in parts at record boundaries, each with the header, then finalizes", async () => {
    const id = await localDefinition("parts", { intakeSettings: { type: "localFile", multipart: true } });
    const job = await h.client.startJobFromDefinition(id);
    // 5000 rows (~150 KB) arrive in 64 KB chunks: cut into a part per chunk at a record end.
    const big = ["id,age,city", ...Array.from({ length: 5000 }, (_, i) => `${i},${i % 90},"Town ${i}, North"`)].join(
      "\n",
    );
    const file = writeInput(big);
    await uploadIntakeFile(
      h.client,
      job,
      { file, size: big.length, multipart: true, quote: '"' },
      { partBytes: 20_000 },
    );
    const requests = await h.requests(/csvUpload/);
    expect(requests.length).toBeGreaterThanOrEqual(4); // three parts or more, then finalize
    expect(requests.at(-1)).toMatchObject({
      method: "POST",
      path: `/batchPredictions/${job.id}/csvUpload/finalizeMultipart/`,
    });
    expect(requests.slice(0, -1).map((e) => e.path)).toEqual(
      requests.slice(0, -1).map((_, n) => `/batchPredictions/${job.id}/csvUpload/part/${n}/`),
    );
    const finished = await eventually(async () => {
      const polled = await h.client.getJob(job.id);
      return polled.status === "COMPLETED" ? polled : undefined;
    }, 10_000);
    expect(finished.scoredRows).toBe(5000);
  });
});

describe("csvParts", () => {
  const collect = async (text: string, partBytes: number, chunk = 7) => {
    const chunks = [];
    for (let i = 0; i < text.length; i += chunk) chunks.push(Buffer.from(text.slice(i, i + chunk)));
    const parts: string[] = [];
    for await (const part of csvParts(Readable.from(chunks), partBytes)) parts.push(part.toString());
    return parts;
  };

  it("cuts only between records (never inside a quoted newline) and repeats the header", async () => {
    const text = 'h1,h2\n1,"a\nb"\n2,x\n3,"c,\nd"\n4,y';
    const parts = await collect(text, 8);
    expect(parts.every((part) => part.startsWith("h1,h2\n"))).toBe(true);
    expect(parts.map((part) => part.slice("h1,h2\n".length)).join("")).toBe(text.slice("h1,h2\n".length));
    expect(parts).toContain('h1,h2\n1,"a\nb"\n');
  });

  it("sends a header-only file as one part", async () => {
    expect(await collect("a,b\n", 100)).toEqual(["a,b\n"]);
  });

  it("keeps a record up to twice the part size; longer, it stops reading there and names the line", async () => {
    const long = `h\n1\n${"x".repeat(150)}\n2\n`;
    expect((await collect(long, 100, 10)).join("")).toBe(`h\n1\nh\n${"x".repeat(150)}\n2\n`);

    let read = 0;
    const source = (async function* () {
      yield Buffer.from('h\n1\n"open');
      for (; read < 10_000; read++) yield Buffer.from("line\n");
    })();
    await expect(
      (async () => {
        for await (const _part of csvParts(source, 100));
      })(),
    ).rejects.toThrow(
      /^intakeFile: line 3 opens a quoted field \(quote character "\) that is not closed within 200 bytes/,
    );
    expect(read).toBeLessThan(50); // it stopped after ~200 bytes, not at the end of the data
  });

  it("names a file without line breaks, at the start or after some records", async () => {
    await expect(collect("x".repeat(500), 100, 10)).rejects.toThrow(
      new LocalFileError(
        "intakeFile: no line break in the 200 bytes at the start of the file (the header line never ends), so the " +
          "file cannot be cut into multipart parts at a record boundary (intakeSettings.multipart). Check that the " +
          "file is CSV with one record per line.",
      ),
    );
    await expect(collect(`h\n1\n2\n${"x".repeat(500)}`, 100, 10)).rejects.toThrow(
      /^intakeFile: no line break in the 200 bytes from line 4 on, so/,
    );
  });
});

describe("datarobot-batch run --intake-file / --output-file", () => {
  it("scores a file end to end, with plain upload/download lines in CI", async () => {
    await localDefinition("cli-file");
    const t = fakeCliIo(h.emulator);
    const output = join(dir, "out.csv");
    expect(await main(["run", "cli-file", "--intake-file", writeInput(), "--output-file", output], t.io)).toBe(EXIT.OK);
    expect(t.stdout()).toMatch(/Z Uploaded .*data\.csv: 911 B of 911 B \(100%\), [\d.]+ [KM]?B\/s\n/);
    expect(t.stdout()).toContain(`cli-file: predictions written to ${output}`);
    expect(readFileSync(output, "utf8").trimEnd().split("\r\n")).toHaveLength(41);
  });

  it("exit 5 with the message when a localFile definition is run without --intake-file", async () => {
    await localDefinition("cli-nofile");
    const t = fakeCliIo(h.emulator);
    expect(await main(["run", "cli-nofile"], t.io)).toBe(EXIT.ERROR);
    expect(t.stdout()).toMatch(/cli-nofile: Definition "cli-nofile" \(\w+\) reads a local file/);
  });

  it("usage errors: --intake-file with several definitions or --stack; --output-file with --no-wait", async () => {
    const t = fakeCliIo(h.emulator);
    expect(await main(["run", "a", "b", "--intake-file", "x.csv"], t.io)).toBe(EXIT.USAGE);
    expect(t.stderr()).toContain("--intake-file runs one definition: give exactly one id or name (not --stack)");
    expect(await main(["run", "a", "--output-file", "x.csv", "--no-wait"], t.io)).toBe(EXIT.USAGE);
    expect(t.stderr()).toContain("--output-file needs the run to finish: leave out --no-wait");
  });
});
