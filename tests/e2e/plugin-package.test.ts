/**
 * `npm run plugin:package` (scripts/plugin-package.js) end to end, with the real plugin (dist/plugin/main.js, built
 * once for this file: about 30 s): the single executable it builds runs where there is neither node nor node_modules
 * and serves Pulumi's provider protocol; the engine's `pulumi plugin install --file` installs the tarball into an
 * empty plugin cache, from where the engine starts it for a YAML program that names no plugin in its Pulumi.yaml,
 * with only the engine's own folder on PATH (no node): up and destroy against the emulator.
 */
import * as grpc from "@grpc/grpc-js";
import * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as emptyProto from "google-protobuf/google/protobuf/empty_pb";
import * as structProto from "google-protobuf/google/protobuf/struct_pb";
import { packagePlugin, pluginTarget, type PluginPackage } from "../../scripts/plugin-package";
import { SEED } from "../../emulator";
import { PLUGIN_JOB_DEFINITION_TYPE_TOKEN, PLUGIN_JOB_RUN_TYPE_TOKEN } from "../../sdk/type-tokens";
import { CliSession, engineBinDir, useEmulator } from "./helpers";

jest.setTimeout(300_000);

/**
 * The tarball's version (`--version`), unlike package.json's: the executable reports it (bundled at build time, as it
 * has no package.json beside it to read), so the engine sees the version it installed.
 */
const VERSION = "0.1.0-e2e.1";

describe("the native plugin's single executable and tarball", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-package-"));
  /** Where the tarball is unpacked: no node_modules up the tree, and PATH below has no node. */
  const unpacked = path.join(work, "unpacked");
  const emptyBin = path.join(work, "empty-bin");
  let built: PluginPackage;
  const children: ChildProcess[] = [];
  const emu = useEmulator(); // for the YAML program run by the installed plugin

  beforeAll(async () => {
    if (!fs.existsSync(path.join(__dirname, "..", "..", "dist", "plugin", "main.js"))) {
      throw new Error("dist/plugin/main.js is missing: run `npm run build` before the e2e tests");
    }
    built = await packagePlugin({ out: path.join(work, "out"), version: VERSION });
    fs.mkdirSync(unpacked);
    fs.mkdirSync(emptyBin);
    const untar = spawnSync("tar", ["-xzf", built.tarball, "-C", unpacked], { encoding: "utf8" });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  });

  afterAll(() => {
    children.forEach((child) => child.kill("SIGKILL"));
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("packs one executable and the licenses under Pulumi's plugin tarball name for this platform", () => {
    expect(path.basename(built.tarball)).toBe(`pulumi-resource-datarobot-batch-v${VERSION}-${pluginTarget()}.tar.gz`);
    const listing = spawnSync("tar", ["-tzf", built.tarball], { encoding: "utf8" }).stdout.trim().split("\n");
    expect(listing.sort()).toEqual(["LICENSE", "THIRD-PARTY-NOTICES", "pulumi-resource-datarobot-batch"]);
    // The licenses of the bundled packages travel with them: those the plugin imports, and their dependencies.
    const notices = fs.readFileSync(path.join(unpacked, "THIRD-PARTY-NOTICES"), "utf8");
    for (const name of ["@grpc/grpc-js", "@pulumi/pulumi", "google-protobuf", "zod", "protobufjs"]) {
      const { version, license } = JSON.parse(
        fs.readFileSync(path.join(__dirname, "..", "..", "node_modules", name, "package.json"), "utf8"),
      ) as { version: string; license: string };
      expect(notices).toContain(`\n${name}@${version} (${license})\n`);
    }
    expect(fs.statSync(path.join(unpacked, "pulumi-resource-datarobot-batch")).mode & 0o111).toBe(0o111);
    // The figures the docs quote, printed for whoever runs this test.
    process.stderr.write(
      `${JSON.stringify({ ...built, tarball: undefined, executable: undefined, bundle: undefined })}\n`,
    );
    expect(built.bundleBytes).toBeGreaterThan(0);
    expect(built.executableBytes).toBeGreaterThan(fs.statSync(process.execPath).size);
  });

  it("the folder it runs from in these tests has no node", () => {
    // The shell by its absolute path: with this PATH, "sh" itself would not be found, and the check would prove nothing.
    const lookup = spawnSync("/bin/sh", ["-c", "command -v node"], { env: { PATH: emptyBin } });
    expect(lookup.error).toBeUndefined();
    expect(lookup.status).not.toBe(0);
  });

  it("serves the provider protocol without node: plugin info, and Check naming the property", async () => {
    const child = spawn(path.join(unpacked, "pulumi-resource-datarobot-batch"), ["127.0.0.1:1"], {
      cwd: unpacked,
      env: { PATH: emptyBin, HOME: work },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes("\n")) resolve(stdout.split("\n")[0]);
      });
      child.on("exit", (code) => reject(new Error(`the plugin exited ${code} before printing its port: ${stderr}`)));
    });
    expect(port).toMatch(/^\d+$/);

    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = <T>(invoke: (callback: (error: grpc.ServiceError | null, response: T) => void) => void) =>
      new Promise<T>((resolve, reject) => invoke((error, response) => (error ? reject(error) : resolve(response))));
    const urn = `urn:pulumi:dev::sea::${PLUGIN_JOB_DEFINITION_TYPE_TOKEN}::nightly`;
    const check = (news: Record<string, structProto.JavaScriptValue>) =>
      call<providerProto.CheckResponse>((callback) =>
        client.check(
          new providerProto.CheckRequest().setUrn(urn).setNews(structProto.Struct.fromJavaScript(news)),
          callback,
        ),
      );

    try {
      const info = await call<pluginProto.PluginInfo>((callback) =>
        client.getPluginInfo(new emptyProto.Empty(), callback),
      );
      expect(info.getVersion()).toBe(VERSION);

      // The model (zod and this package's rules) runs inside the executable.
      const invalid = await check({ deploymentId: SEED.deploymentId, intakeSettings: { type: "s3" } });
      expect(invalid.getFailuresList().map((failure) => [failure.getProperty(), failure.getReason()])).toEqual([
        ["", expect.stringMatching(/^intakeSettings\.url( \(Python: intake_settings\.url\))?: /)], // the path in the reason (see PluginProvider.check)
      ]);
      const valid = await check({
        deploymentId: SEED.deploymentId,
        intakeSettings: { type: "s3", url: "s3://scoring/in.csv", credentialId: SEED.credentialId },
      });
      expect(valid.getFailuresList()).toEqual([]);
      expect(valid.getInputs()?.toJavaScript()).toMatchObject({ name: expect.stringMatching(/^nightly-[0-9a-f]{7}$/) });
    } finally {
      client.close();
      child.kill("SIGTERM");
    }
  });

  it("installs with `pulumi plugin install --file` into an empty plugin cache; a YAML program uses it with no node on PATH", async () => {
    const session = new CliSession();
    try {
      const home = path.join(session.root, "home");
      expect(fs.readdirSync(home)).toEqual([]);
      await session.ok(".", "pulumi", [
        "plugin",
        "install",
        "resource",
        "datarobot-batch",
        VERSION,
        "--file",
        built.tarball,
      ]);
      const installed = path.join(home, "plugins", `resource-datarobot-batch-v${VERSION}`);
      expect(fs.readdirSync(installed).sort()).toEqual([
        "LICENSE",
        "THIRD-PARTY-NOTICES",
        "pulumi-resource-datarobot-batch",
      ]);
      const list = JSON.parse(await session.ok(".", "pulumi", ["plugin", "ls", "--json"])) as {
        name: string;
        kind: string;
        version: string;
      }[];
      expect(list.map(({ name, kind, version }) => ({ name, kind, version }))).toEqual([
        { name: "datarobot-batch", kind: "resource", version: VERSION },
      ]);
      // The engine starts the installed executable and asks it for its schema over gRPC.
      const schema = JSON.parse(
        await session.ok(".", "pulumi", ["package", "get-schema", `datarobot-batch@${VERSION}`]),
      ) as { name: string; version: string; resources: Record<string, unknown> };
      expect(schema).toMatchObject({ name: "datarobot-batch", version: VERSION });
      expect(Object.keys(schema.resources).sort()).toEqual([
        PLUGIN_JOB_DEFINITION_TYPE_TOKEN,
        PLUGIN_JOB_RUN_TYPE_TOKEN,
      ]);

      // A YAML program that names no plugin: the engine finds the installed one by the package of its type token.
      // PATH holds only the engine's own folder (pulumi, its YAML host): no node, nothing else.
      const onlyEngine = { env: { PATH: engineBinDir() } };
      expect(fs.readdirSync(engineBinDir())).not.toContain("node");
      const pulumi = (...args: string[]) => session.ok("yaml", "pulumi", [...args, "--non-interactive"], onlyEngine);
      const program = (hour: string) =>
        `name: plugin-yaml\nruntime: yaml\nresources:\n  nightly:\n    type: ${PLUGIN_JOB_DEFINITION_TYPE_TOKEN}\n` +
        `    properties:\n      deploymentId: ${SEED.deploymentId}\n      intakeSettings:\n        type: s3\n` +
        `        url: s3://scoring/in.csv\n        credentialId: ${SEED.credentialId}\n` +
        `      schedule:\n        minute: [0]\n        hour: [${hour}]\n        dayOfMonth: ["*"]\n` +
        `        month: ["*"]\n        dayOfWeek: ["*"]\n      enabled: true\n` +
        `outputs:\n  name: \${nightly.name}\n`;
      fs.mkdirSync(path.join(session.root, "yaml"));
      fs.writeFileSync(path.join(session.root, "yaml", "Pulumi.yaml"), program("25"));
      await session.login();
      await pulumi("stack", "init", "dev");
      await pulumi("config", "set", "datarobot-batch:endpoint", emu.url);
      await pulumi("config", "set", "--secret", "datarobot-batch:apiToken", emu.token);
      // The executable's own check, through the engine: the error names the property.
      const bad = await session.run("yaml", "pulumi", ["preview", "--non-interactive"], onlyEngine);
      expect(bad.status).not.toBe(0);
      expect(bad.output).toMatch(/BatchPredictionJobDefinition resource 'nightly'.*schedule\.hour\[0\]: /s);

      fs.writeFileSync(path.join(session.root, "yaml", "Pulumi.yaml"), program("2"));
      const up = await pulumi("up", "--yes");
      expect(up).toContain("+ 2 created");
      expect(up).not.toContain("from $PATH"); // the installed plugin, not one found on PATH
      expect(await emu.admin.definitions()).toEqual([
        expect.objectContaining({ name: expect.stringMatching(/^nightly-[0-9a-f]{7}$/), enabled: true }),
      ]);
      const destroy = await pulumi("destroy", "--yes");
      expect(destroy).toContain("- 2 deleted");
      expect(await emu.admin.definitions()).toEqual([]);
    } finally {
      session.cleanup();
    }
  });
});
