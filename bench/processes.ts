/**
 * Resource use of the processes serving one stack: the engine (`pulumi` CLI) and the provider process (Pulumi's
 * dynamic-provider process, or this package's plugin `dist/plugin/main.js`), all started with the stack's work
 * directory as their working directory (that is how they are told apart from processes of other stacks on the
 * machine, e.g. e2e tests running alongside).
 *
 * Every `intervalMs` it scans /proc: for the dynamic-provider process it keeps the largest VmHWM (the kernel's own
 * resident-set high-water mark, so a peak between two samples is not missed); for every process it keeps the last
 * CPU time seen (user + system). CPU used after a process's last sample (at most one interval) is not counted here:
 * for the provider processes the bench reads the exact figure each writes when it exits (bench/cpu-hook.js,
 * `exactProviderCpu`), and keeps the sampled one only for a process that wrote none.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface ProcessFigures {
  /** Largest resident set of a provider process of the stack, bytes. */
  providerPeakRssBytes: number;
  /**
   * CPU seconds of each provider process (the dynamic-provider process, or the plugin) by process id, as last sampled:
   * `exactProviderCpu` replaces them with what the processes report.
   */
  providerCpuByPid: Map<number, number>;
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
      const providerCpuByPid = new Map(
        [...cpu].filter(([, entry]) => entry.kind === "provider").map(([pid, entry]) => [pid, entry.seconds]),
      );
      return {
        providerPeakRssBytes: peak,
        providerCpuByPid,
        engineCpuS: total("engine"),
      };
    },
  };
}

/** Where the provider processes of a stack write their CPU (bench/cpu-hook.js), and the environment that says so. */
export interface ProviderCpuReports {
  folder: string;
  /** For the stack's engine, which passes it to the processes it starts. */
  env: Record<string, string>;
  /** Empties the folder: before each operation. */
  clear(): void;
}

export function providerCpuReports(folder: string): ProviderCpuReports {
  const hook = path.join(__dirname, "cpu-hook.js");
  return {
    folder,
    env: {
      // After whatever the caller's environment has there (the profile hook, for one).
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${JSON.stringify(hook)}`].filter(Boolean).join(" "),
      BENCH_CPU_DIR: folder,
    },
    clear: () => {
      fs.rmSync(folder, { recursive: true, force: true });
      fs.mkdirSync(folder, { recursive: true });
    },
  };
}

/**
 * The provider processes' CPU seconds of one operation: each process's own figure from `folder` where it wrote one
 * (it does so when it exits, which may be a while after the engine returns: waited for while the process lives, up
 * to `waitMs`), the sampled one otherwise (a process killed outright writes none). `exact` counts the processes that
 * reported, `sampledOnly` those that did not and used CPU.
 */
export async function exactProviderCpu(
  folder: string,
  sampled: Map<number, number>,
  waitMs = 15_000,
): Promise<{ cpuS: number; exact: number; sampledOnly: number }> {
  const reported = (): Map<number, number> => {
    const out = new Map<number, number>();
    for (const name of fs.existsSync(folder) ? fs.readdirSync(folder) : []) {
      const match = /^(\d+)\.json$/.exec(name);
      if (!match) continue;
      try {
        out.set(
          Number(match[1]),
          (JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")) as { cpuS: number }).cpuS,
        );
      } catch {
        // being written: read on the next look
      }
    }
    return out;
  };
  const deadline = Date.now() + waitMs;
  let figures = reported();
  const pending = (pid: number) => !figures.has(pid) && fs.existsSync(`/proc/${pid}`);
  while ([...sampled.keys()].some(pending) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    figures = reported();
  }
  let cpuS = 0;
  let sampledOnly = 0;
  for (const [pid, seconds] of sampled) {
    // Without a report: a process killed outright, or one that is not Node.js (the engine's `sh` wrapper that starts
    // the dynamic-provider host, whose CPU is nil): only the former is worth a mention.
    if (!figures.has(pid) && seconds >= 0.05) sampledOnly++;
    cpuS += figures.get(pid) ?? seconds;
  }
  // A provider process too short-lived for any sample still counts.
  for (const [pid, seconds] of figures) if (!sampled.has(pid)) cpuS += seconds;
  return { cpuS, exact: figures.size, sampledOnly };
}
