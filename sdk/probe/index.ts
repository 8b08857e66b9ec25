/**
 * `datarobot-batch probe`: settles on a real DataRobot what its documentation leaves open (see steps.ts), with raw
 * requests on throwaway definitions that are always deleted at the end, also after a failure or an interruption.
 */
import { randomBytes } from "node:crypto";
import { ProbeCleanup } from "./cleanup";
import type { ProbeHttp } from "./http";
import type { ProbeResult } from "./report";
import { STEPS, type Finding, type StepContext } from "./steps";

export { ProbeHttp } from "./http";
export { formatReport, reportJson, emulatorCommand, emulatorOptions, type ProbeResult } from "./report";
export type { Finding, BehaviourKey } from "./steps";

/** Every definition the probe creates is named `<NAME_PREFIX>-<run id>-<step>`. */
export const NAME_PREFIX = "pulumi-datarobot-batch-probe";

export interface ProbeOptions {
  http: ProbeHttp;
  deploymentId: string;
  /** Aborting stops after the request in flight; cleanup still runs. */
  signal?: AbortSignal;
  /** How long to watch a localFile run for an upload wait (default 5000 ms). */
  localFileWatchMs?: number;
  pollMs?: number;
  /** Only these steps (by name: patch, null, echo, unknown, duplicate, chunk, upload); default all. */
  steps?: string[];
  /** Called after each step (progress). */
  onFinding?: (finding: Finding) => void;
  sleep?: (ms: number) => Promise<void>;
}

class Interrupted extends Error {}

export async function runProbe(options: ProbeOptions): Promise<ProbeResult> {
  const runPrefix = `${NAME_PREFIX}-${randomBytes(4).toString("hex")}`;
  const cleanup = new ProbeCleanup(options.http, runPrefix);
  const ctx: StepContext = {
    http: options.http,
    cleanup,
    deploymentId: options.deploymentId,
    runPrefix,
    localFileWatchMs: options.localFileWatchMs ?? 5000,
    pollMs: options.pollMs ?? 500,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    checkAborted: () => {
      if (options.signal?.aborted) throw new Interrupted("interrupted");
    },
  };
  const findings: Finding[] = [];
  const errors: ProbeResult["errors"] = [];
  let interrupted = false;
  try {
    for (const step of STEPS.filter((s) => !options.steps || options.steps.includes(s.name))) {
      try {
        const finding = await step.run(ctx, findings);
        findings.push(finding);
        options.onFinding?.(finding);
      } catch (error) {
        if (error instanceof Interrupted) throw error;
        errors.push({ step: step.name, message: options.http.scrub((error as Error).message) });
      }
    }
  } catch (error) {
    if (!(error instanceof Interrupted)) {
      await cleanup.run(); // an unexpected exception still leaves nothing behind
      throw error;
    }
    interrupted = true;
  }
  const cleaned = await cleanup.run();
  return {
    endpoint: options.http.endpoint,
    deploymentId: options.deploymentId,
    runPrefix,
    findings,
    errors,
    interrupted,
    cleanup: cleaned,
  };
}
