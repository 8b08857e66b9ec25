/**
 * `npx tsx bench/provider-ops.ts [--n 200] [--rounds 3] [--fake] [--json]`: the provider's own CPU per operation,
 * without the engine. The operations of both doors (the dynamic provider's `JobDefinitionProvider` and the plugin's
 * `PluginProvider`) run in this process against the emulator in a child process (bench/servers.ts), for N `fleet`
 * definitions: check and create, a no-op check and diff (a preview), a one-field check, diff and update, a read
 * (refresh). Printed: CPU µs per resource and operation (user + system of this process, the median of `rounds`).
 * `--fake`: an in-memory client instead of HTTP (answering as DataRobot does), so that only the core's own work is
 * counted: validation, canonical forms, the write check, the outputs.
 *
 * To see where the time goes: `node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/provider-ops.ts` and
 * open the .cpuprofile in Chrome's DevTools (Performance tab).
 */
import { parseArgs } from "node:util";
import { SEED } from "../emulator";
import type { ConfigSource } from "../provider/config";
import type { ClientFactory } from "../provider/connections";
import { SERVER_DEFAULTS } from "../provider/model";
import type { ApiJobDefinition, DataRobotClient } from "../provider/client";
import { JobDefinitionProvider } from "../provider/job-definition/provider";
import { PluginProvider } from "../plugin/provider";
import { PLUGIN_JOB_DEFINITION_TYPE_TOKEN } from "../sdk/type-tokens";
import { fleetArgs } from "./fleet-args";
import { startBenchServers } from "./servers-client";
import { middle } from "./stats";

type Props = Record<string, unknown>;

const PHASES = [
  "check (create)",
  "create",
  "check (no-op)",
  "diff (no-op)",
  "check (one field)",
  "diff",
  "update",
  "read",
];
type Phase = (typeof PHASES)[number];

/** What one door does per operation, with the engine's arguments (the plugin also takes the URN). */
interface Door {
  check(name: string, olds: Props, news: Props): Promise<Props>;
  diff(name: string, id: string, olds: Props, news: Props): Promise<unknown>;
  create(name: string, inputs: Props): Promise<{ id: string; outs: Props }>;
  update(name: string, id: string, olds: Props, news: Props): Promise<Props>;
  read(name: string, id: string, props: Props, inputs: Props): Promise<unknown>;
  delete(name: string, id: string, props: Props): Promise<void>;
}

const urn = (name: string) => `urn:pulumi:bench::bench::${PLUGIN_JOB_DEFINITION_TYPE_TOKEN}::${name}`;

/** The engine's config as both doors read it. */
const configOf = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });

/**
 * An in-memory stand-in for the HTTP client: each definition answered as DataRobot answers (the job spec with the
 * server's defaults and the fields it chooses, the computed fields).
 */
function fakeClientFactory(): ClientFactory {
  const held = new Map<string, ApiJobDefinition>();
  let next = 0;
  const TOP = new Set(["name", "enabled", "schedule"]);
  const answer = (id: string, body: Record<string, unknown>, previous?: ApiJobDefinition): ApiJobDefinition => {
    const spec = Object.fromEntries(Object.entries(body).filter(([key]) => !TOP.has(key)));
    const now = new Date().toISOString();
    const response = {
      ...previous,
      id,
      name: body.name ?? previous?.name,
      enabled: body.enabled ?? previous?.enabled ?? false,
      schedule: body.schedule ?? previous?.schedule,
      created: previous?.created ?? now,
      updated: now,
      createdBy: { username: "bench" },
      updatedBy: { username: "bench" },
      lastStartedJobStatus: null,
      batchPredictionJob: {
        ...SERVER_DEFAULTS,
        numConcurrent: 4,
        redactedFields: [],
        ...(previous?.batchPredictionJob as Record<string, unknown> | undefined),
        ...spec,
      },
    } as unknown as ApiJobDefinition;
    held.set(id, response);
    return structuredClone(response);
  };
  const client = {
    createJobDefinition: async (body: Record<string, unknown>) => answer(`fake${next++}`, body),
    updateJobDefinition: async (id: string, body: Record<string, unknown>) => answer(id, body, held.get(id)),
    getJobDefinition: async (id: string) => structuredClone(held.get(id)!),
    deleteJobDefinition: async (id: string) => void held.delete(id),
    findJobDefinitionByName: async () => undefined,
  };
  return () => client as unknown as DataRobotClient;
}

function dynamicDoor(endpoint: string, token: string, createClient?: ClientFactory): Door {
  const provider = new JobDefinitionProvider({ env: {}, createClient });
  void provider.configure({ config: configOf({ "datarobot:endpoint": endpoint, "datarobot:apiToken": token }) });
  return {
    check: async (_name, olds, news) => (await provider.check(olds, news)).inputs!,
    diff: (_name, id, olds, news) => provider.diff(id, olds, news),
    create: async (_name, inputs) => {
      const result = await provider.create(inputs);
      return { id: result.id, outs: result.outs as Props };
    },
    update: async (_name, id, olds, news) => (await provider.update(id, olds, news)).outs as Props,
    read: (_name, id, props) => provider.read(id, props),
    delete: (_name, id, props) => provider.delete(id, props),
  };
}

function pluginDoor(endpoint: string, token: string, createClient?: ClientFactory): Door {
  const provider = new PluginProvider({ env: {}, log: () => undefined, createClient });
  provider.configure(configOf({ "datarobot-batch:endpoint": endpoint, "datarobot-batch:apiToken": token }));
  return {
    check: async (name, olds, news) => (await provider.check(urn(name), olds, news)).inputs,
    diff: (name, id, olds, news) => provider.diff(urn(name), id, olds, news, olds),
    create: (name, inputs) => provider.create(urn(name), inputs),
    update: (name, id, olds, news) => provider.update(urn(name), id, olds, news),
    read: (name, id, props, inputs) => provider.read(urn(name), id, props, inputs),
    delete: (name, id, props) => provider.delete(urn(name), id, props),
  };
}

/** CPU µs of this process spent in `run` over the N items (8 at a time, as the engine's default parallelism). */
async function timed<T>(items: T[], run: (item: T) => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / items.length;
}

async function round(door: Door, deploymentIds: string[], prefix: string): Promise<Record<Phase, number>> {
  const items = deploymentIds.map((deploymentId, index) => ({
    name: `scoring-${prefix}${index}`,
    index,
    deploymentId,
    label: `${prefix}${index}`,
    inputs: {} as Props,
    outs: {} as Props,
    id: "",
    next: {} as Props,
  }));
  const figures = {} as Record<Phase, number>;
  figures["check (create)"] = await timed(items, async (item) => {
    item.inputs = await door.check(
      item.name,
      {},
      fleetArgs(item.label, item.index, item.deploymentId, "v1", SEED.credentialId),
    );
  });
  figures.create = await timed(items, async (item) => {
    ({ id: item.id, outs: item.outs } = await door.create(item.name, item.inputs));
  });
  figures["check (no-op)"] = await timed(items, async (item) => {
    item.next = await door.check(
      item.name,
      item.inputs,
      fleetArgs(item.label, item.index, item.deploymentId, "v1", SEED.credentialId),
    );
  });
  figures["diff (no-op)"] = await timed(items, async (item) => {
    await door.diff(item.name, item.id, item.inputs, item.next);
  });
  figures["check (one field)"] = await timed(items, async (item) => {
    item.next = await door.check(
      item.name,
      item.inputs,
      fleetArgs(item.label, item.index, item.deploymentId, "v2", SEED.credentialId),
    );
  });
  figures.diff = await timed(items, async (item) => {
    await door.diff(item.name, item.id, item.inputs, item.next);
  });
  figures.update = await timed(items, async (item) => {
    item.outs = await door.update(item.name, item.id, item.inputs, item.next);
    item.inputs = item.next;
  });
  figures.read = await timed(items, async (item) => {
    await door.read(item.name, item.id, item.outs, item.inputs);
  });
  await Promise.all(items.map((item) => door.delete(item.name, item.id, item.outs)));
  return figures;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "200" },
      rounds: { type: "string", default: "3" },
      json: { type: "boolean", default: false },
      fake: { type: "boolean", default: false },
    },
  });
  const n = Number(values.n);
  const rounds = Number(values.rounds);
  const servers = values.fake ? undefined : await startBenchServers();
  try {
    const emulator = servers?.emulator;
    const deploymentIds = emulator
      ? (
          await emulator.admin.addFixtures({
            deployments: Array.from({ length: n }, (_, index) => ({ label: `ops deployment ${index}` })),
          })
        ).deployments.map((d) => d.id)
      : Array.from({ length: n }, () => SEED.deploymentId);
    const [url, token, createClient] = emulator
      ? [emulator.url, emulator.token, undefined]
      : ["http://127.0.0.1:1/api/v2", "fake-token", fakeClientFactory()];
    const doors = { dynamic: dynamicDoor(url, token, createClient), plugin: pluginDoor(url, token, createClient) };
    const samples: Record<string, Array<Record<Phase, number>>> = { dynamic: [], plugin: [] };
    // A first round of each warms up (module loading, JIT): not counted.
    for (const [name, door] of Object.entries(doors)) await round(door, deploymentIds, `w${name[0]}`);
    for (let r = 0; r < rounds; r++) {
      for (const [name, door] of Object.entries(doors))
        samples[name]!.push(await round(door, deploymentIds, `${name[0]}${r}-`));
    }
    const result = Object.fromEntries(
      Object.entries(samples).map(([name, list]) => [
        name,
        Object.fromEntries(PHASES.map((phase) => [phase, Math.round(middle(list.map((s) => s[phase])))])),
      ]),
    );
    if (values.json) {
      const output = { n, rounds, fake: values.fake, cpuMicrosecondsPerResource: result };
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      return;
    }
    const client = values.fake ? "in-memory client" : "HTTP to the emulator";
    process.stdout.write(`CPU µs per resource and operation (N = ${n}, median of ${rounds} rounds, ${client})\n`);
    process.stdout.write(`${"operation".padEnd(18)}${"dynamic".padStart(9)}${"plugin".padStart(9)}\n`);
    for (const phase of PHASES) {
      process.stdout.write(
        `${phase.padEnd(18)}${String(result.dynamic![phase]).padStart(9)}${String(result.plugin![phase]).padStart(9)}\n`,
      );
    }
  } finally {
    await servers?.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
