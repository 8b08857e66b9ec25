/**
 * The client through an HTTP proxy, as a corporate network runs it: an http endpoint is sent to the proxy with its
 * absolute URL; an https endpoint goes through a CONNECT tunnel, so the proxy sees the host name and never the token;
 * `no_proxy` connects directly; a proxy that refuses the tunnel is a clear error that nothing reached DataRobot. The
 * proxy is a small node:http server on loopback; the DataRobot host names resolve only through it (or, for direct
 * connections, through the client's `lookup`), so no traffic leaves this machine.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { SEED } from "../../../emulator";
import { DataRobotClient, NetworkError } from "../../../provider/client";
import { exchange } from "../../../provider/client/exchange";
import { Connections } from "../../../provider/client/proxy";
import { loopbackLookup, useEmulator } from "../helpers";

jest.setTimeout(30_000);

const emu = useEmulator({}, { resetBeforeEach: false });
const PLAIN_HOST = "datarobot.plain.test";
const SECURE_HOST = "datarobot.secure.test";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A forwarding proxy: absolute-URL requests to PLAIN_HOST go to the emulator, CONNECTs to SECURE_HOST to `tlsPort`. */
class TestProxy {
  readonly seen: Seen[] = [];
  tlsPort = 0;
  refuseTunnel = false;
  readonly server = http.createServer((req, res) => {
    this.seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    const target = new URL(req.url!);
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: new URL(emu.url).port,
        method: req.method,
        path: target.pathname + target.search,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });

  constructor() {
    this.server.on("connect", (req: http.IncomingMessage, socket: net.Socket) => {
      this.seen.push({ method: req.method!, url: req.url!, headers: req.headers });
      if (this.refuseTunnel) {
        socket.end("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      const upstream = net.connect(this.tlsPort, "127.0.0.1", () => {
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on("error", () => socket.destroy());
      socket.on("error", () => upstream.destroy());
    });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
}

const proxy = new TestProxy();
let certDir: string;
let tlsServer: https.Server;
const tlsRequests: Seen[] = [];
const tlsServerNames: string[] = [];

beforeAll(async () => {
  await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
  // A certificate for SECURE_HOST, trusted only by the child process that NODE_EXTRA_CA_CERTS points at it.
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), "proxy-test-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=${SECURE_HOST}`,
      "-addext",
      `subjectAltName=DNS:${SECURE_HOST}`,
      "-keyout",
      path.join(certDir, "key.pem"),
      "-out",
      path.join(certDir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  tlsServer = https.createServer(
    {
      key: fs.readFileSync(path.join(certDir, "key.pem")),
      cert: fs.readFileSync(path.join(certDir, "cert.pem")),
      SNICallback: (name, done) => {
        tlsServerNames.push(name);
        done(null, undefined as never);
      },
    },
    (req, res) => {
      tlsRequests.push({ method: req.method!, url: req.url!, headers: req.headers });
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ id: "j1", status: "COMPLETED" }));
    },
  );
  await new Promise<void>((resolve) => tlsServer.listen(0, "127.0.0.1", resolve));
  proxy.tlsPort = (tlsServer.address() as AddressInfo).port;
});

afterAll(async () => {
  proxy.server.closeAllConnections();
  tlsServer.closeAllConnections();
  await new Promise((resolve) => proxy.server.close(resolve));
  await new Promise((resolve) => tlsServer.close(resolve));
  fs.rmSync(certDir, { recursive: true, force: true });
});

beforeEach(() => {
  proxy.seen.length = 0;
  proxy.refuseTunnel = false;
});

/** Resolves only PLAIN_HOST: a client that goes through the proxy must never resolve DataRobot's host itself. */
const { lookup, resolved } = loopbackLookup(PLAIN_HOST);

function plainClient(env: Record<string, string>): DataRobotClient {
  return new DataRobotClient({
    endpoint: emu.url.replace("127.0.0.1", PLAIN_HOST),
    token: emu.token,
    allowInsecureHttp: true,
    lookup,
    env,
    maxRetries: 0,
  });
}

describe("an http endpoint through a proxy", () => {
  it("is sent to the proxy with its absolute URL and the proxy's credentials; DataRobot's host is not resolved here", async () => {
    resolved.length = 0;
    const proxyUrl = proxy.url.replace("http://", "http://ops%40corp:pa%3Ass@");
    const client = plainClient({ HTTP_PROXY: proxyUrl });
    const created = await client.createJobDefinition({
      name: "through-a-proxy",
      deploymentId: SEED.deploymentId,
      intakeSettings: { type: "localFile" },
      outputSettings: { type: "localFile" },
    });
    expect(created.name).toBe("through-a-proxy");
    const port = new URL(emu.url).port;
    expect(proxy.seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      `POST http://${PLAIN_HOST}:${port}/api/v2/batchPredictionJobDefinitions/`,
    ]);
    expect(proxy.seen[0]!.headers.host).toBe(`${PLAIN_HOST}:${port}`);
    expect(proxy.seen[0]!.headers["proxy-authorization"]).toBe(
      `Basic ${Buffer.from("ops@corp:pa:ss").toString("base64")}`,
    );
    expect(resolved).toEqual([]);
    await client.deleteJobDefinition(created.id);
  });

  it("connects directly when no_proxy names the host (or a domain above it)", async () => {
    resolved.length = 0;
    const client = plainClient({ http_proxy: proxy.url, no_proxy: "example.com,.plain.test" });
    await client.listJobDefinitions();
    expect(proxy.seen).toEqual([]);
    expect(resolved).toEqual([PLAIN_HOST]);
  });
});

describe("an https endpoint through a proxy", () => {
  it("goes through a CONNECT tunnel: the proxy sees the host, never the token; TLS is made with DataRobot's name", async () => {
    tlsRequests.length = 0;
    tlsServerNames.length = 0;
    // A separate process, so that the test certificate is trusted there only (NODE_EXTRA_CA_CERTS is read at start).
    const script = `
      const { DataRobotClient } = require(${JSON.stringify(path.resolve("dist/provider/client"))});
      new DataRobotClient({ endpoint: "https://${SECURE_HOST}", token: "tunnel-token-123", maxRetries: 0 })
        .getJob("j1").then((job) => console.log(JSON.stringify(job)), (e) => { console.error(e.message); process.exit(1); });`;
    const child = spawn(process.execPath, ["-e", script], {
      env: {
        ...process.env,
        HTTPS_PROXY: proxy.url.replace("http://", "http://ops:secret@"),
        NO_PROXY: "",
        NODE_EXTRA_CA_CERTS: path.join(certDir, "cert.pem"),
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ id: "j1", status: "COMPLETED" });
    expect(proxy.seen.map((s) => `${s.method} ${s.url}`)).toEqual([`CONNECT ${SECURE_HOST}:443`]);
    expect(proxy.seen[0]!.headers["proxy-authorization"]).toBe(`Basic ${Buffer.from("ops:secret").toString("base64")}`);
    expect(JSON.stringify(proxy.seen)).not.toContain("tunnel-token-123");
    expect(tlsServerNames).toEqual([SECURE_HOST]);
    expect(tlsRequests.map((r) => `${r.method} ${r.url} ${r.headers.authorization}`)).toEqual([
      "GET /api/v2/batchPredictions/j1/ Bearer tunnel-token-123",
    ]);
  });

  it("a refused tunnel fails at once, says the proxy refused it, and counts as never sent", async () => {
    proxy.refuseTunnel = true;
    const client = new DataRobotClient({
      endpoint: `https://${SECURE_HOST}`,
      token: "refused-token-456",
      env: { https_proxy: proxy.url },
      maxRetries: 0,
    });
    const error = (await client.getJob("j1").catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe("EPROXYTUNNEL");
    expect(error.phase).toBe("connect");
    expect(error.message).toBe(
      `DataRobot API: GET /batchPredictions/j1/ failed: the proxy ${new URL(proxy.url).host} refused the tunnel to ` +
        `${SECURE_HOST}:443: 407 Proxy Authentication Required (EPROXYTUNNEL)`,
    );
    expect(JSON.stringify(error)).not.toContain("refused-token-456");
  });

  it("a proxy that never answers the CONNECT gives up after the tunnel's timeout, not the request's", async () => {
    // Accepts the connection, reads the CONNECT (and whatever follows, so that it sees the client close), says nothing.
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => {
      held.push(socket);
      socket.on("error", () => undefined);
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentHost = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const connections = new Connections({ env: { https_proxy: `http://${silentHost}` }, tunnelTimeoutMs: 300 });
      const started = Date.now();
      const error = (await exchange(connections, {
        method: "GET",
        url: new URL(`https://${SECURE_HOST}/api/v2/batchPredictions/j1/`),
        headers: { Authorization: "Bearer silent-token-789" },
        timeoutMs: 20_000,
        maxBytes: 1_000_000,
      }).catch((e: unknown) => e)) as Error & { code?: string };
      const waited = Date.now() - started;
      expect(error.code).toBe("EPROXYTUNNEL");
      expect(error.message).toBe(`the proxy ${silentHost} did not answer the CONNECT within 0.3 s`);
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(10_000);
      expect(held).toHaveLength(1);
      // The tunnel's socket is given up, not left open on the proxy.
      await new Promise<void>((resolve) => (held[0]!.destroyed ? resolve() : held[0]!.once("close", () => resolve())));
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
