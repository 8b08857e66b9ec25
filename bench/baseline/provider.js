/**
 * The baseline dynamic provider's implementation: the least a dynamic provider can do for a resource that lives
 * behind an HTTP API. One request per create (POST), update (PATCH), read (GET) and delete (DELETE), none for check
 * and diff, to the bench's trivial endpoint (bench/baseline/server.ts).
 *
 * Plain CommonJS on purpose: Pulumi's dynamic-provider process loads it with a bare `require` (no TypeScript loader),
 * exactly as it loads this package's compiled provider from dist/.
 */
"use strict";
const http = require("node:http");
const { Buffer } = require("node:buffer");
const { URL } = require("node:url");

const agent = new http.Agent({ keepAlive: true });
/** The payload keys: everything the program sets (outputs add only `id`-like server fields). */
const PAYLOAD_KEYS = ["name", "deploymentId", "enabled", "schedule", "intakeSettings", "outputSettings"];
let endpoint = process.env.BASELINE_ENDPOINT;

function payload(props) {
  const out = {};
  for (const key of PAYLOAD_KEYS) if (props[key] !== undefined) out[key] = props[key];
  return out;
}

/** JSON with sorted keys: the engine does not preserve the key order of nested objects. */
function stable(value) {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stable(value[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function call(method, path, body) {
  const url = new URL(endpoint + path);
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers:
          data === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(data) },
      },
      (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode >= 300) return reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
          resolve(text ? JSON.parse(text) : undefined);
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

module.exports = {
  async configure(req) {
    endpoint = req.config.get("baseline:endpoint") || endpoint;
  },
  async check(_olds, news) {
    return { inputs: news };
  },
  async diff(_id, olds, news) {
    return { changes: stable(payload(olds)) !== stable(payload(news)) };
  },
  async create(inputs) {
    const created = await call("POST", "/items", payload(inputs));
    return { id: created.id, outs: { ...inputs, ...created } };
  },
  async read(id, props) {
    const item = await call("GET", `/items/${id}`);
    return { id, props: { ...props, ...item }, inputs: payload(item) };
  },
  async update(id, _olds, news) {
    const updated = await call("PATCH", `/items/${id}`, payload(news));
    return { outs: { ...news, ...updated } };
  },
  async delete(id) {
    await call("DELETE", `/items/${id}`);
  },
};
