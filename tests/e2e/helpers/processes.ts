/** Child processes of the end-to-end tests: runners in process groups of their own, and reaping what they leave. */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./stack";

/** SIGKILLs every process whose working directory is `dir` (Linux /proc). */
export function killProcessesIn(dir: string): void {
  for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let cwd: string;
    try {
      cwd = fs.readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, "");
    } catch {
      continue; // gone, or not ours to inspect
    }
    if (cwd === dir || cwd.startsWith(`${dir}/`)) process.kill(Number(pid), "SIGKILL");
  }
}

export interface TsChild {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  /** SIGKILLs the whole process group (the Node host and the pulumi CLI it started). */
  killGroup(): void;
}

/** Runs `tsx <script> <args...>` from the repository root in a process group of its own. */
export function spawnTs(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): TsChild {
  const child = spawn(path.join(repoRoot, "node_modules", ".bin", "tsx"), [script, ...args], {
    cwd: repoRoot,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, output })),
  );
  return {
    child,
    output: () => output,
    exited,
    killGroup: () => process.kill(-child.pid!, "SIGKILL"),
  };
}
