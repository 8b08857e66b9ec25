/**
 * The end of a run whose job reached a terminal status (provider/run/outcome.ts): the result of a COMPLETED job, and
 * the errors of a FAILED or ABORTED one with what DataRobot said and the job's logs.
 */
import * as util from "node:util";
import { JobAbortedError, JobFailedError } from "../../../provider/run/errors";
import { outcome } from "../../../provider/run/outcome";
import { FAKE_TOKEN, fakeClock, fakeJob, scriptedClient, session } from "../helpers";

const remote = { localOutput: false };

describe("outcome", () => {
  it("resolves a COMPLETED job (any case) with the result as last read", async () => {
    const clock = fakeClock();
    const { client, calls } = scriptedClient([]);
    const { session: s } = session(client, clock, fakeJob("completed", { scoredRows: 10 }));
    s.polls = 2;
    await clock.sleep(3000);
    await expect(outcome(s, remote, {})).resolves.toEqual({
      definitionId: "d1",
      definitionName: "nightly",
      jobId: "j1",
      status: "completed",
      job: { id: "j1", status: "completed", scoredRows: 10 },
      waited: true,
      polls: 2,
      elapsedMs: 3000,
    });
    expect(calls).toEqual([]);
  });

  it("gives a localFile output's download link; without one no file can be written", async () => {
    const { client } = scriptedClient([]);
    const link = "http://127.0.0.1:1/api/v2/batchPredictions/j1/download/";
    const withLink = session(client, fakeClock(), fakeJob("COMPLETED", { links: { download: link } })).session;
    await expect(outcome(withLink, { localOutput: true }, {})).resolves.toMatchObject({ downloadUrl: link });
    const without = session(client, fakeClock(), fakeJob("COMPLETED")).session;
    await expect(outcome(without, { localOutput: true, outputFile: "out.csv" }, {})).rejects.toThrow(
      'Batch prediction job j1 of definition "nightly" (d1) completed but offers no links.download; ' +
        "no predictions file was written.",
    );
  });

  it("rejects a FAILED job with JobFailedError: status details, rows and the job's logs", async () => {
    const clock = fakeClock();
    const { client } = scriptedClient([]);
    const failed = fakeJob("FAILED", {
      statusDetails: "Intake failed: access denied",
      scoredRows: 5,
      failedRows: 2,
      logs: ["reading s3://bucket/in.csv", "403 Forbidden"],
    });
    const { session: s } = session(client, clock, failed);
    await clock.sleep(850);
    const error = (await outcome(s, remote, {}).catch((e: unknown) => e)) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.message).toBe(
      'Batch prediction job j1 of definition "nightly" (d1) ended with status FAILED after 850 ms ' +
        "(scored 5 rows, failed 2): Intake failed: access denied\nJob logs:\n  reading s3://bucket/in.csv\n  403 Forbidden",
    );
    expect(error).toMatchObject({ statusDetails: "Intake failed: access denied", elapsedMs: 850 });
  });

  it("scrubs what a FAILED job's statusDetails and logs quote (token, jobSpec secrets, controls); the job's spec is masked", async () => {
    const { client } = scriptedClient([]);
    const sig = "AbC/dEf+GhI=";
    const jobSpec = {
      intakeSettings: {
        type: "azure",
        url: `https://acct.blob.core.windows.net/in.csv?sv=1&sig=${encodeURIComponent(sig)}`,
      },
      outputSettings: {
        type: "http",
        url: "https://h.example.com/x",
        headers: { Authorization: 'Bearer tok"en\\HDR' },
      },
      predictionInstance: { hostName: "p.example.com", datarobotKey: "DRKEYSECRET66" },
    };
    const failed = fakeJob("FAILED", {
      jobSpec,
      statusDetails: `\u001b[31mfailed\u001b[0m with token ${FAKE_TOKEN} on ${JSON.stringify(jobSpec)}`,
      logs: [`GET ...?sig=${encodeURIComponent(encodeURIComponent(sig))}`, `\u202edatarobotKey=DRKEYSECRET66`],
    });
    const error = (await outcome(session(client, fakeClock(), failed).session, remote, {}).catch(
      (e: unknown) => e,
    )) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    const everything = [error.message, JSON.stringify(error), util.inspect(error, { depth: Infinity })].join("\n");
    for (const secret of [FAKE_TOKEN, sig, encodeURIComponent(sig), 'tok\\"en', "HDR", "DRKEYSECRET66"])
      expect(everything).not.toContain(secret);
    // eslint-disable-next-line no-control-regex -- the raw characters must be gone
    expect(everything).not.toMatch(/[\u001b\u202e]/);
    expect(error.statusDetails).toBe(
      '\\u001b[31mfailed\\u001b[0m with token [secret] on {"intakeSettings":{"type":"azure","url":"[secret]"},' +
        '"outputSettings":{"type":"http","url":"https://h.example.com/x","headers":{"Authorization":"[secret]"}},' +
        '"predictionInstance":{"hostName":"p.example.com","datarobotKey":"[secret]"}}',
    );
    expect(error.logs).toEqual(["GET ...?sig=[secret]", "\\u202edatarobotKey=[secret]"]);
    expect(error.job?.jobSpec).toEqual({
      intakeSettings: { type: "azure", url: "https://acct.blob.core.windows.net/in.csv?sv=1&sig=[secret]" },
      outputSettings: { type: "http", url: "https://h.example.com/x", headers: { Authorization: "[secret]" } },
      predictionInstance: { hostName: "p.example.com", datarobotKey: "[secret]" },
    });
  });

  it("rejects an ABORTED job (or any other terminal status) with JobAbortedError", async () => {
    const { client } = scriptedClient([]);
    const { session: s } = session(client, fakeClock(), fakeJob("aborted"));
    const error = (await outcome(s, remote, {}).catch((e: unknown) => e)) as JobAbortedError;
    expect(error).toBeInstanceOf(JobAbortedError);
    expect(error.message).toBe(
      'Batch prediction job j1 of definition "nightly" (d1) ended with status ABORTED after 0 ms (scored 0 rows, failed 0)',
    );
  });
});
