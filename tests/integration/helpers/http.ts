/**
 * Raw HTTP helper for emulator tests: exact status, headers and JSON body, no client library in between
 * (the emulator is tested on its own, not through the project's client).
 */
import { request } from "node:http";
import { SEED, type RunningEmulator } from "../../../emulator";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

export interface CallOptions {
  /** Full Authorization header value; null sends none. Default: Bearer <token>. */
  auth?: string | null;
  token?: string;
  rawBody?: string;
}

/** Calls `${base}${path}`; `path` is used exactly as given (trailing slash or not). */
export function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<RawResponse> {
  const url = new URL(base + path);
  const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  const headers: Record<string, string | number> = { Accept: "application/json" };
  const auth = options.auth === undefined ? (options.token ? `Bearer ${options.token}` : undefined) : options.auth;
  if (auth) headers.Authorization = auth;
  if (payload !== undefined) {
    headers["Content-Type"] = "application/json";
    headers["Content-Length"] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: unknown = undefined;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** A client bound to one emulator and token. */
export function client(base: string, token: string) {
  return boundClient(
    () => base,
    () => token,
  );
}

/**
 * A client of an emulator as its owner (or as the other user), reading its address and token at each call: it can be
 * made at the top of a file, before useEmulator's beforeAll has started the emulator.
 */
export function clientOf(emu: Pick<RunningEmulator, "url" | "token" | "otherToken">, as: "owner" | "other" = "owner") {
  return boundClient(
    () => emu.url,
    () => (as === "owner" ? emu.token : emu.otherToken),
  );
}

function boundClient(base: () => string, token: () => string) {
  const options = (extra?: CallOptions): CallOptions => ({ token: token(), ...extra });
  return {
    get: (path: string, extra?: CallOptions) => call(base(), "GET", path, undefined, options(extra)),
    post: (path: string, body?: unknown, extra?: CallOptions) => call(base(), "POST", path, body, options(extra)),
    patch: (path: string, body?: unknown, extra?: CallOptions) => call(base(), "PATCH", path, body, options(extra)),
    delete: (path: string, extra?: CallOptions) => call(base(), "DELETE", path, undefined, options(extra)),
  };
}

/** Creates a definition from definitionBody(overrides) as `as` (a client of this file), expecting 202: the body. */
export async function createDefinitionAs(
  as: ReturnType<typeof client>,
  overrides: Record<string, unknown> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> {
  const res = await as.post("/batchPredictionJobDefinitions/", definitionBody(overrides));
  expect(res.status).toBe(202);
  return res.body;
}

/** A valid minimal create body (s3 in, s3 out). */
export function definitionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    deploymentId: SEED.deploymentId,
    intakeSettings: { type: "s3", url: "s3://bucket/in.csv", credentialId: SEED.credentialId },
    outputSettings: { type: "s3", url: "s3://bucket/out.csv", credentialId: SEED.credentialId },
    ...overrides,
  };
}

/**
 * Creates a definition from definitionBody(overrides) with localFile intake and output, and starts a job of it as
 * `owner`, expecting 202 for both: the started job, waiting for its CSV at links.csvUpload.
 */
export async function startLocalJob(
  owner: ReturnType<typeof clientOf>,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; links: { csvUpload: string } }> {
  const definition = await owner.post(
    "/batchPredictionJobDefinitions/",
    definitionBody({ intakeSettings: { type: "localFile" }, outputSettings: { type: "localFile" }, ...overrides }),
  );
  expect(definition.status).toBe(202);
  const started = await owner.post("/batchPredictions/fromJobDefinition/", { jobDefinitionId: definition.body.id });
  expect(started.status).toBe(202);
  return started.body;
}

export const EVERY_MINUTE = { minute: ["*"], hour: ["*"], dayOfMonth: ["*"], month: ["*"], dayOfWeek: ["*"] };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value or the deadline passes (then fails with the last value). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 5000,
  stepMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(stepMs);
  }
}

/** Polls GET /batchPredictions/{id}/ (each answer 200) until the job has `status`; returns that job. */
export async function jobWithStatus(owner: ReturnType<typeof clientOf>, jobId: string, status: string) {
  return eventually(async () => {
    const res = await owner.get(`/batchPredictions/${jobId}/`);
    expect(res.status).toBe(200);
    return res.body.status === status ? res.body : undefined;
  });
}
