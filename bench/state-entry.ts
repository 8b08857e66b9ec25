/**
 * `npx tsx bench/state-entry.ts [--json]`: where the bytes of one resource's state go. Creates one definition of the
 * bench's fleet (and one baseline item) on the emulator, exports the stack and prints, for each side, the bytes of
 * each part of the resource's state entry (inputs, outputs, and each output property), largest first. `--json`
 * prints the two entries themselves. Used to decide what to shrink (bench/README.md, "Bytes of state").
 */
import { parseArgs } from "node:util";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { SEED } from "../emulator";
import { ensureEngine } from "../scripts/engine";
import { linkSelf } from "../scripts/link-self";
import { baselineProgram, oursProgram } from "./programs";
import { BASELINE_TYPE, OURS_TYPE } from "./scale";
import { startBenchServers } from "./servers-client";
import { createBenchStack } from "./stacks";

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null));

function breakdown(entry: Record<string, unknown>): Array<[string, number]> {
  const rows: Array<[string, number]> = [["(whole entry)", bytes(entry)]];
  for (const [key, value] of Object.entries(entry)) rows.push([key, bytes(value)]);
  for (const part of ["inputs", "outputs"] as const) {
    const props = (entry[part] ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(props)) rows.push([`${part}.${key}`, bytes(value)]);
  }
  return rows.sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: "boolean", default: false } } });
  linkSelf();
  const engine = await ensureEngine();
  const pulumiCommand = await PulumiCommand.get({ root: engine.root });
  const servers = await startBenchServers();
  const stacks = [];
  try {
    const fixtures = await servers.emulator.admin.addFixtures({ deployments: [{ label: "state entry" }] });
    const shape = { deploymentIds: [fixtures.deployments[0].id], credentialId: SEED.credentialId };
    const state = { variant: "v1" };
    for (const [side, type, program, config] of [
      [
        "ours",
        OURS_TYPE,
        oursProgram(shape, state),
        {
          "datarobot:endpoint": { value: servers.emulator.url },
          "datarobot:apiToken": { value: servers.emulator.token, secret: true },
        },
      ],
      [
        "baseline",
        BASELINE_TYPE,
        baselineProgram(shape, state),
        { "baseline:endpoint": { value: servers.trivial.url } },
      ],
    ] as const) {
      const bench = await createBenchStack({ projectName: `state-${side}`, program, pulumiCommand, config });
      stacks.push(bench);
      await bench.stack.up();
      const exported = (await bench.stack.exportStack()).deployment as { resources: Array<Record<string, unknown>> };
      const entry = exported.resources.find((resource) => resource.type === type)!;
      if (values.json) {
        process.stdout.write(`${side}:\n${JSON.stringify(entry, null, 2)}\n`);
        continue;
      }
      process.stdout.write(`${side}\n`);
      for (const [part, size] of breakdown(entry)) process.stdout.write(`  ${String(size).padStart(6)}  ${part}\n`);
    }
  } finally {
    for (const bench of stacks) await bench.cleanup();
    await servers.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
