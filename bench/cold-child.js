/**
 * One operation of `bench/cold.ts` in a process of its own, as Pulumi's dynamic-provider process runs it: the
 * provider is loaded, configured once, then called for each resource in turn (check, diff, create, read, update,
 * delete, as the engine calls them for that operation). Prints one JSON line: the CPU of loading and configuring,
 * and of the calls (`process.cpuUsage()`: every thread of the process, the compiler's and the garbage collector's
 * included, as the bench's figure of the provider process counts them).
 *
 * Plain CommonJS on purpose: the provider process loads compiled JavaScript, without a TypeScript loader.
 *
 *   node bench/cold-child.js <ours|floor> <create|preview|refresh|update|delete> <state.json> [<dist folder>]
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const [side, operation, stateFile, distFolder = path.join(__dirname, "..", "dist")] = process.argv.slice(2);
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function main() {
  const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
  const start = cpuMs();
  const provider =
    side === "ours"
      ? require(path.join(path.resolve(distFolder), "provider")).jobDefinitionProvider
      : require(path.join(__dirname, "baseline", "provider.js"));
  const config = side === "ours" ? { "datarobot:endpoint": state.endpoint, "datarobot:apiToken": state.token } : {};
  if (side === "floor") config["baseline:endpoint"] = state.endpoint;
  await provider.configure({ config: { get: (key) => config[key] } });
  const loaded = cpuMs();
  for (const item of state.items) await run(provider, item);
  const done = cpuMs();
  fs.writeFileSync(stateFile, JSON.stringify(state));
  process.stdout.write(`${JSON.stringify({ loadMs: loaded - start, callsMs: done - loaded })}\n`);
}

/** The calls the engine makes for one resource in `operation` (the dynamic host passes `__provider` along). */
async function run(provider, item) {
  switch (operation) {
    case "create": {
      const checked = await check(provider, {}, item.args);
      const { id, outs } = await provider.create(checked);
      Object.assign(item, { id, inputs: checked, outs });
      return;
    }
    case "preview": {
      const checked = await check(provider, item.inputs, item.args);
      await provider.diff(item.id, item.outs, checked);
      return;
    }
    case "refresh": {
      const read = await provider.read(item.id, item.outs);
      await provider.diff(item.id, read.props, read.inputs);
      return;
    }
    case "update": {
      const checked = await check(provider, item.inputs, item.changedArgs);
      await provider.diff(item.id, item.outs, checked);
      const { outs } = await provider.update(item.id, item.outs, checked);
      Object.assign(item, { inputs: checked, outs });
      return;
    }
    case "delete":
      await provider.delete(item.id, item.outs);
      return;
    default:
      throw new Error(`unknown operation ${operation}`);
  }
}

async function check(provider, olds, args) {
  const result = await provider.check(olds, { ...args, __provider: "bench" });
  if (result.failures && result.failures.length > 0) throw new Error(JSON.stringify(result.failures));
  return result.inputs;
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
