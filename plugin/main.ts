#!/usr/bin/env node
/**
 * `pulumi-resource-datarobot-batch`: the native Pulumi provider plugin. The engine starts it with its own address as
 * the first argument (plus flags such as `--logtostderr`, `-v=9`, `--tracing <endpoint>`), reads the port it prints
 * on stdout, and talks to it over gRPC (server.ts). See docs/plugin.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bundledVersion } from "../provider/client/user-agent";
import { PluginProvider } from "./provider";
import { engineLog, serve } from "./server";

/** The engine's address: the first argument that is not a flag (a flag's value, as of `--tracing X`, is skipped). */
export function engineAddress(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--tracing" || arg === "--root") {
      i++;
      continue;
    }
    if (arg.startsWith("-")) continue;
    return arg;
  }
  return undefined;
}

/** This package's version (the plugin's, in GetPluginInfo and the schema): in a single executable, the bundled one. */
export function packageVersion(): string {
  const bundled = bundledVersion();
  if (bundled !== undefined) return bundled;
  for (const dir of [path.resolve(__dirname, ".."), path.resolve(__dirname, "..", "..")]) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
  }
  return "0.0.0";
}

async function main(): Promise<void> {
  const provider = new PluginProvider({ log: engineLog(engineAddress(process.argv.slice(2))) });
  const port = await serve(provider, packageVersion());
  process.stdout.write(`${port}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`fatal: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
