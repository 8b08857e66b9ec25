/**
 * Peak memory of Pulumi's dynamic-provider processes serving one stack.
 *
 * Every `intervalMs` it scans /proc for processes whose command line contains `dynamic-provider` and whose working
 * directory is the stack's work directory (the engine starts the provider there), so that provider processes of
 * other stacks on the machine (other benchmarks, e2e tests) are not counted. It keeps the largest VmHWM (the
 * kernel's own resident-set high-water mark, so a peak between two samples is not missed) and VmRSS seen.
 */
import * as fs from "node:fs";

export interface MemoryPeak {
  /** Largest resident set seen in any matching process, bytes (max of VmHWM and sampled VmRSS). */
  peakRssBytes: number;
  /** How many distinct matching processes were seen. */
  processes: number;
}

function statusField(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

export function sampleProviderMemory(workDir: string, intervalMs = 150): { stop(): MemoryPeak } {
  const realWorkDir = fs.realpathSync(workDir);
  const seen = new Set<number>();
  let peak = 0;
  const sample = () => {
    let pids: string[];
    try {
      pids = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
    } catch {
      return; // no /proc (not Linux): nothing to report
    }
    for (const pid of pids) {
      try {
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        if (!cmdline.includes("dynamic-provider")) continue;
        if (fs.readlinkSync(`/proc/${pid}/cwd`) !== realWorkDir) continue;
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        seen.add(Number(pid));
        peak = Math.max(peak, statusField(status, "VmHWM"), statusField(status, "VmRSS"));
      } catch {
        // the process ended between listing and reading: skip it
      }
    }
  };
  const timer = setInterval(sample, intervalMs);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { peakRssBytes: peak, processes: seen.size };
    },
  };
}
