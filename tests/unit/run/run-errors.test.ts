/**
 * The run errors docs/runs.md names are what a program can import from the package, and each is a `RunError`: one
 * `catch` with `instanceof RunError` takes a failed job, a busy definition, a local file that cannot be used and a
 * definition that is not found. A local file problem is raised before any job is started (no request here).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as sdk from "../../../sdk";
import { planLocalFiles } from "../../../provider/run/local-file";
import type { ApiJobDefinition } from "../../../provider/client/types";

const RUNS_DOC = fs.readFileSync(path.join(__dirname, "..", "..", "..", "docs", "runs.md"), "utf8");

describe("run errors", () => {
  it("every error docs/runs.md names is exported by the package and is a RunError", () => {
    const named = [...new Set([...RUNS_DOC.matchAll(/`([A-Z][A-Za-z]*Error)`/g)].map((m) => m[1]!))].sort();
    expect(named).toEqual([
      "DefinitionBusyError",
      "DefinitionNotFoundError",
      "JobAbortedError",
      "JobCancelledError",
      "JobFailedError",
      "JobTimeoutError",
      "LocalFileError",
      "LocalFileTransferError",
      "RunError",
    ]);
    const exported = sdk as unknown as Record<string, unknown>;
    for (const name of named) {
      const error = exported[name];
      expect({ name, exported: typeof error }).toEqual({ name, exported: "function" });
      const isRunError = error === sdk.RunError || (error as { prototype: unknown }).prototype instanceof sdk.RunError;
      expect({ name, isRunError }).toEqual({ name, isRunError: true });
    }
  });

  it("a localFile definition run without its file fails with a LocalFileError a RunError catch takes", async () => {
    const definition = {
      id: "64b000000000000000000d01",
      name: "churn-on-demand",
      batchPredictionJob: { intakeSettings: { type: "localFile" }, outputSettings: { type: "localFile" } },
    } as unknown as ApiJobDefinition;
    let caught: unknown;
    try {
      await planLocalFiles(definition, {}, '"churn-on-demand"');
    } catch (error) {
      if (!(error instanceof sdk.RunError)) throw error;
      caught = error;
    }
    expect(caught).toBeInstanceOf(sdk.LocalFileError);
    expect(caught).not.toBeInstanceOf(sdk.JobRunError);
    expect((caught as Error).name).toBe("LocalFileError");
    expect((caught as Error).message).toMatch(
      /^Definition "churn-on-demand" reads a local file \(intakeSettings.type "localFile"\): give the CSV to score with intakeFile/,
    );
  });
});
