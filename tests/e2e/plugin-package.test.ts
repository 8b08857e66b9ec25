/**
 * `npm run plugin:package` (scripts/plugin-package.js) end to end, with a fixture entry that uses what the native
 * plugin will (tests/e2e/fixtures/native-plugin/main.ts): the single executable it builds runs where there is neither
 * node nor node_modules and serves Pulumi's provider protocol, and the engine's `pulumi plugin install --file`
 * installs the tarball into an empty plugin cache, from where the engine starts it (its schema, a YAML program's
 * preview).
 */
import * as grpc from "@grpc/grpc-js";
import * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as emptyProto from "google-protobuf/google/protobuf/empty_pb";
import * as structProto from "google-protobuf/google/protobuf/struct_pb";
import { packagePlugin, pluginTarget, type PluginPackage } from "../../scripts/plugin-package";
import { CliSession } from "./helpers/cli";

jest.setTimeout(300_000);

/** The tarball's version (`--version`); the fixture itself reports package.json's, which it imports. */
const VERSION = "0.1.0-fixture.1";
const packageVersion = (
  JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
    version: string;
  }
).version;
const FIXTURE = "tests/e2e/fixtures/native-plugin/main.ts";

describe("the native plugin's single executable and tarball", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-package-"));
  /** Where the tarball is unpacked: no node_modules up the tree, and PATH below has no node. */
  const unpacked = path.join(work, "unpacked");
  const emptyBin = path.join(work, "empty-bin");
  let built: PluginPackage;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    built = await packagePlugin({ entry: FIXTURE, out: path.join(work, "out"), version: VERSION });
    fs.mkdirSync(unpacked);
    fs.mkdirSync(emptyBin);
    const untar = spawnSync("tar", ["-xzf", built.tarball, "-C", unpacked], { encoding: "utf8" });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  });

  afterAll(() => {
    children.forEach((child) => child.kill("SIGKILL"));
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** Runs the unpacked executable with an environment that has no node on PATH and no NODE_* variables. */
  const runPlugin = (args: string[]) =>
    spawnSync(path.join(unpacked, "pulumi-resource-datarobot-batch"), args, {
      cwd: unpacked,
      env: { PATH: emptyBin, HOME: work },
      encoding: "utf8",
    });

  it("packs one executable and the licenses under Pulumi's plugin tarball name for this platform", () => {
    expect(path.basename(built.tarball)).toBe(`pulumi-resource-datarobot-batch-v${VERSION}-${pluginTarget()}.tar.gz`);
    const listing = spawnSync("tar", ["-tzf", built.tarball], { encoding: "utf8" }).stdout.trim().split("\n");
    expect(listing.sort()).toEqual(["LICENSE", "THIRD-PARTY-NOTICES", "pulumi-resource-datarobot-batch"]);
    // The licenses of the bundled packages travel with them: those the plugin imports, and their dependencies.
    const notices = fs.readFileSync(path.join(unpacked, "THIRD-PARTY-NOTICES"), "utf8");
    for (const name of ["@grpc/grpc-js", "@pulumi/pulumi", "axios", "google-protobuf", "zod", "protobufjs"]) {
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

  it("runs without node on PATH or node_modules around it, as a single executable", () => {
    // The shell by its absolute path: with this PATH, "sh" itself would not be found, and the check would prove nothing.
    const lookup = spawnSync("/bin/sh", ["-c", "command -v node"], { env: { PATH: emptyBin } });
    expect(lookup.error).toBeUndefined();
    expect(lookup.status).not.toBe(0);
    const version = runPlugin(["--version"]);
    expect(version.stderr).toBe(""); // no "experimental feature" warning for the engine to show users
    expect(version.stdout).toBe(`${packageVersion}\n`); // the fixture's static import of package.json, bundled
    const echo = runPlugin(["--echo", "127.0.0.1:1234", "--logtostderr", "-v=9"]);
    expect(echo.status).toBe(0);
    expect(JSON.parse(echo.stdout)).toEqual({
      args: ["127.0.0.1:1234", "--logtostderr", "-v=9"], // the engine's arguments arrive as for `node main.js`
      isSea: true,
      dirname: unpacked, // __dirname is the executable's folder: files the entry reads from there must be shipped
      pulumiConfig: "function",
    });
  });

  it("serves the provider protocol: plugin info, and Check running zod and axios inside the executable", async () => {
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
    const check = (news: Record<string, structProto.JavaScriptValue>) =>
      call<providerProto.CheckResponse>((callback) =>
        client.check(new providerProto.CheckRequest().setNews(structProto.Struct.fromJavaScript(news)), callback),
      );

    // A page for axios to fetch, as the provider's HTTP client fetches DataRobot's.
    const server = http.createServer((_request, response) => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ from: "the test's server" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const info = await call<pluginProto.PluginInfo>((callback) =>
        client.getPluginInfo(new emptyProto.Empty(), callback),
      );
      expect(info.getVersion()).toBe(packageVersion);

      const invalid = await check({ name: "" });
      expect(invalid.getFailuresList().map((failure) => [failure.getProperty(), failure.getReason()])).toEqual([
        ["name", "String must contain at least 1 character(s)"],
      ]);

      const probeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/probe`;
      const valid = await check({ name: "fixture", probeUrl });
      expect(valid.getFailuresList()).toEqual([]);
      expect(valid.getInputs()?.toJavaScript()).toEqual({
        name: "fixture",
        probeUrl,
        probed: { from: "the test's server" },
      });
    } finally {
      client.close();
      server.close();
      child.kill("SIGTERM");
    }
  });

  it("installs with `pulumi plugin install --file` into an empty plugin cache, where the engine and a YAML program use it", async () => {
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
      ) as { name: string; resources: Record<string, unknown> };
      expect(schema.name).toBe("datarobot-batch");
      expect(Object.keys(schema.resources)).toEqual(["datarobot-batch:index:Fixture"]);

      // A YAML program finds the installed plugin by its package name: the YAML host type-checks against the
      // schema the executable serves, and the engine runs the executable's Check.
      const program = (properties: string) =>
        `name: plugin-yaml\nruntime: yaml\nresources:\n  fixture:\n    type: datarobot-batch:index:Fixture\n` +
        `    options:\n      version: ${VERSION}\n    properties:\n${properties}`;
      const preview = async (properties: string) => {
        fs.writeFileSync(path.join(session.root, "yaml", "Pulumi.yaml"), program(properties));
        return session.run("yaml", "pulumi", ["preview", "--non-interactive"]);
      };
      fs.mkdirSync(path.join(session.root, "yaml"));
      fs.writeFileSync(path.join(session.root, "yaml", "Pulumi.yaml"), program('      name: "fixture"\n'));
      await session.login();
      await session.pulumi("yaml", "stack", "init", "dev");
      const typo = await preview('      mesage: "hello"\n');
      expect(typo.status).not.toBe(0);
      expect(typo.output).toContain("name: Missing required property 'name'");
      const empty = await preview('      name: ""\n');
      expect(empty.status).not.toBe(0);
      expect(empty.output).toContain(
        "error: datarobot-batch:index:Fixture resource 'fixture': property name value {} has a problem: " +
          "String must contain at least 1 character(s)",
      );
      const valid = await preview('      name: "fixture"\n');
      expect(valid.output).toContain("+ 2 to create");
      expect(valid.status).toBe(0);
    } finally {
      session.cleanup();
    }
  });
});
