/**
 * Resource use of the processes serving one stack: the engine (`pulumi` CLI) and the provider process (Pulumi's
 * dynamic-provider process, or this package's plugin `dist/plugin/main.js`), all started with the stack's work
 * directory as their working directory (that is how they are told apart from processes of other stacks on the
 * machine, e.g. e2e tests running alongside).
 *
 * Every `intervalMs` it scans /proc: for the dynamic-provider process it keeps the largest VmHWM (the kernel's own
 * resident-set high-water mark, so a peak between two samples is not missed); for every process it keeps the last
 * CPU time seen (user + system). CPU used after a process's last sample (at most one interval) is not counted.
 */
import * as fs from "node:fs";

export interface ProcessFigures {
  /** Largest resident set of a provider process of the stack, bytes. */
  providerPeakRssBytes: number;
  /** CPU seconds of the provider process(es): the dynamic-provider process, or the plugin. */
  providerCpuS: number;
  /** CPU seconds of the engine (the `pulumi` CLI process). */
  engineCpuS: number;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

function statusField(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** utime + stime in seconds, from /proc/<pid>/stat (fields 14 and 15; the command name may contain spaces). */
function cpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** The plugin's entry point as its launcher runs it (`node …/dist/plugin/main.js`). */
function isPluginMain(arg: string): boolean {
  return /(^|\/)plugin\/main\.js$/.test(arg);
}

export function sampleStackProcesses(workDir: string, intervalMs = 150): { stop(): ProcessFigures } {
  const realWorkDir = fs.realpathSync(workDir);
  const cpu = new Map<number, { kind: "provider" | "engine" | "other"; seconds: number }>();
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
        if (fs.readlinkSync(`/proc/${pid}/cwd`) !== realWorkDir) continue;
        const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        const kind = argv.some((arg) => arg.includes("dynamic-provider") || isPluginMain(arg))
          ? "provider"
          : /(^|\/)pulumi$/.test(argv[0])
            ? "engine"
            : "other";
        cpu.set(Number(pid), { kind, seconds: cpuSeconds(fs.readFileSync(`/proc/${pid}/stat`, "utf8")) });
        if (kind === "provider") {
          const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
          peak = Math.max(peak, statusField(status, "VmHWM"), statusField(status, "VmRSS"));
        }
      } catch {
        // not ours to read, or the process ended between listing and reading: skip it
      }
    }
  };
  const timer = setInterval(sample, intervalMs);
  sample();
  const total = (kind: string) =>
    [...cpu.values()].filter((entry) => entry.kind === kind).reduce((sum, entry) => sum + entry.seconds, 0);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { providerPeakRssBytes: peak, providerCpuS: total("provider"), engineCpuS: total("engine") };
    },
  };
}
