/**
 * The baseline's API: a trivial in-memory REST endpoint on node:http (POST/GET/PATCH/DELETE /items[/id]).
 * It does as little as an HTTP server can while still answering like an API (JSON in, JSON out), so that the
 * baseline's wall time is the engine's floor plus the cost of the HTTP calls themselves. `GET /__counts` tells how
 * many requests it served per method; `DELETE /__counts` resets the counters.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface TrivialServer {
  url: string;
  close(): Promise<void>;
}

export async function startTrivialServer(): Promise<TrivialServer> {
  const items = new Map<string, Record<string, unknown>>();
  let counts: Record<string, number> = {};
  let nextId = 1;

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, text: string) => {
    const method = req.method ?? "GET";
    // The bench reads and resets the per-method counters here (not counted themselves).
    if (req.url === "/__counts") {
      if (method === "DELETE") counts = {};
      return send(res, 200, counts);
    }
    counts[method] = (counts[method] ?? 0) + 1;
    const match = /^\/items(?:\/([^/]+))?$/.exec(req.url ?? "");
    if (!match) return send(res, 404, { message: "not found" });
    const id = match[1];
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!id && method === "POST") {
      const item = { ...body, id: String(nextId++), created: new Date().toISOString() };
      items.set(item.id, item);
      return send(res, 201, item);
    }
    const item = id ? items.get(id) : undefined;
    if (!id || !item) return send(res, 404, { message: "not found" });
    if (method === "GET") return send(res, 200, item);
    if (method === "PATCH") {
      const updated = { ...item, ...body, id };
      items.set(id, updated);
      return send(res, 200, updated);
    }
    if (method === "DELETE") {
      items.delete(id);
      return send(res, 204);
    }
    return send(res, 405, { message: "method not allowed" });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
