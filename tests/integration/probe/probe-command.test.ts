/**
 * The command `datarobot-batch probe` prints to reproduce a server is run as printed: the emulator's CLI starts with
 * exactly those flags and reports that configuration (its flags and the probe's advice come from one table,
 * emulator/state/behaviours.ts).
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { behaviourChoices } from "../../../emulator/state/behaviours";
import { emulatorCommand, emulatorOptions } from "../../../sdk/probe/report";
import type { BehaviourKey, Finding } from "../../../sdk/probe/steps";

const root = resolve(__dirname, "../../..");
const BIN = "datarobot-batch-emulator";

/** A finding for every behaviour the probe settles, each with a value other than the emulator's default. */
const KEYS: BehaviourKey[] = [
  "patchSemantics",
  "nullInWrite",
  "serverFilledFields",
  "unknownFields",
  "duplicateNameStatus",
  "chunkSizeRange",
  "localFileUpload",
];
const findings: Finding[] = KEYS.map((key) => ({
  key,
  unknown: key,
  behaviour: behaviourChoices(key)[1],
  evidence: "test",
}));

it("runs the printed emulator command: it starts and reports that configuration", async () => {
  const command = emulatorCommand(findings);
  expect(command).toContain("--local-file-upload not-required");
  const [bin, ...flags] = command.split(" ");
  expect(bin).toBe(BIN);
  // The package's bin runs emulator/cli; here from source, with exactly the printed flags.
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/cli.ts", ...flags], { cwd: root });
  try {
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const adminUrl = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no start within 20 s: ${out}${err}`)), 20_000);
      child.on("exit", (code) => fail(new Error(`exited with ${code}: ${err}`)));
      child.stdout.on("data", () => {
        const match = /Admin:\s+(\S+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          done(match[1]);
        }
      });
    });
    const config = (await (await fetch(`${adminUrl}/config`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject(emulatorOptions(findings));
  } finally {
    child.kill("SIGTERM");
  }
}, 30_000);
