/**
 * The two APIs of the bench, run in a child process of their own (`tsx bench/servers.ts`): the emulator for this
 * package and the trivial endpoint for the baseline. Out of the bench process, their request handling does not
 * compete with the inline Pulumi program for the bench's event loop, and their CPU is not booked as the program's.
 *
 * Prints one JSON line with their addresses, then serves until its stdin closes (the bench exiting or killing it).
 */
import { startEmulator } from "../emulator";
import { startTrivialServer } from "./baseline/server";

export interface ServerAddresses {
  emulator: { url: string; adminUrl: string; token: string };
  trivial: { url: string };
}

async function main(): Promise<void> {
  // No artificial latency, no faults, no persistence: the emulator's defaults.
  const emu = await startEmulator();
  const trivial = await startTrivialServer();
  const addresses: ServerAddresses = {
    emulator: { url: emu.url, adminUrl: emu.adminUrl, token: emu.token },
    trivial: { url: trivial.url },
  };
  process.stdout.write(`${JSON.stringify(addresses)}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => {
    void Promise.all([emu.close(), trivial.close()]).then(() => process.exit(0));
  });
}

void main();
