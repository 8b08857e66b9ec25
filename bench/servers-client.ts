/** Starts bench/servers.ts as a child process and gives typed access to it. */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { EmulatorAdmin } from "../emulator";
import type { ServerAddresses } from "./servers";

export interface BenchEmulator {
  url: string;
  token: string;
  admin: EmulatorAdmin;
}

export interface BenchTrivial {
  url: string;
  counts(): Promise<Record<string, number>>;
  resetCounts(): Promise<void>;
}

export interface BenchServers {
  emulator: BenchEmulator;
  trivial: BenchTrivial;
  /** Stops the child process (closing its stdin lets it shut its servers down). */
  close(): Promise<void>;
}

export async function startBenchServers(): Promise<BenchServers> {
  const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");
  const child: ChildProcess = spawn(tsx, [path.join(__dirname, "servers.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve(line));
    child.once("exit", (code) => reject(new Error(`bench servers exited early (code ${code})`)));
  });
  const addresses = JSON.parse(firstLine) as ServerAddresses;
  const trivialUrl = addresses.trivial.url;
  const countsRequest = async (method: "GET" | "DELETE") =>
    (await (await fetch(`${trivialUrl}/__counts`, { method })).json()) as Record<string, number>;
  return {
    emulator: {
      url: addresses.emulator.url,
      token: addresses.emulator.token,
      admin: new EmulatorAdmin(addresses.emulator.adminUrl),
    },
    trivial: {
      url: trivialUrl,
      counts: () => countsRequest("GET"),
      resetCounts: async () => {
        await countsRequest("DELETE");
      },
    },
    close: async () => {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill("SIGTERM"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
