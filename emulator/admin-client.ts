/**
 * Typed client of the /__admin routes. Uses node:http directly (no keep-alive agent) so it works in and out of
 * process and never keeps a test runner alive.
 */
import { request } from "node:http";
import type { FaultSpec } from "./http/faults";
import type { RequestLogEntry } from "./state/request-log";
import type { Behavior, Fixtures } from "./state/store";
import type { EmulatorConfig } from "./state/context";

export type FixturesInput = {
  deployments?: Array<{ id?: string; label: string }>;
  datasets?: Array<{ id?: string; name: string }>;
  credentials?: Array<{ id?: string; name: string; credentialType?: string }>;
  dataStores?: Array<{ id?: string; canonicalName: string; type?: string }>;
};

export type TunableConfig = Partial<EmulatorConfig>;
export type ApiObject = Record<string, unknown>;

export class EmulatorAdmin {
  private readonly base: URL;

  constructor(readonly adminUrl: string) {
    this.base = new URL(adminUrl.endsWith("/") ? adminUrl : `${adminUrl}/`);
  }

  /** Drops definitions, jobs, faults, request log and config overrides; re-seeds fixtures. */
  async reset(): Promise<void> {
    await this.call("POST", "reset");
  }

  async addFault(fault: FaultSpec): Promise<{ id: string }> {
    return (await this.call("POST", "faults", fault)) as { id: string };
  }

  async faults(): Promise<FaultSpec[]> {
    return (await this.call("GET", "faults")) as FaultSpec[];
  }

  async clearFaults(): Promise<void> {
    await this.call("DELETE", "faults");
  }

  async requests(): Promise<RequestLogEntry[]> {
    return (await this.call("GET", "requests")) as RequestLogEntry[];
  }

  async clearRequests(): Promise<void> {
    await this.call("DELETE", "requests");
  }

  /** Stored definitions in API shape (creator's view, nothing redacted). */
  async definitions(): Promise<ApiObject[]> {
    return (await this.call("GET", "definitions")) as ApiObject[];
  }

  /** Out-of-band edit (like a UI change): no validation, no request log entry; bumps `updated`. */
  async editDefinition(id: string, patch: ApiObject): Promise<ApiObject> {
    return (await this.call("PATCH", `definitions/${encodeURIComponent(id)}`, patch)) as ApiObject;
  }

  /** Out-of-band deletion. */
  async deleteDefinition(id: string): Promise<void> {
    await this.call("DELETE", `definitions/${encodeURIComponent(id)}`);
  }

  /** How future runs of the definition end. */
  async setBehavior(id: string, behavior: Behavior): Promise<void> {
    await this.call("POST", `definitions/${encodeURIComponent(id)}/behavior`, behavior);
  }

  async addFixtures(fixtures: FixturesInput): Promise<Fixtures> {
    return (await this.call("POST", "fixtures", fixtures)) as Fixtures;
  }

  async config(): Promise<EmulatorConfig> {
    return (await this.call("GET", "config")) as EmulatorConfig;
  }

  async setConfig(config: TunableConfig): Promise<EmulatorConfig> {
    return (await this.call("PUT", "config", config)) as EmulatorConfig;
  }

  async jobs(): Promise<ApiObject[]> {
    return (await this.call("GET", "jobs")) as ApiObject[];
  }

  /** The emulated clock (runs timeScale times faster than real time). */
  async clock(): Promise<{ now: string; timeScale: number }> {
    return (await this.call("GET", "clock")) as { now: string; timeScale: number };
  }

  private call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL(path, this.base);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: false,
          headers: payload ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              reject(new Error(`Emulator admin ${method} ${url.pathname} failed with ${status}: ${text}`));
              return;
            }
            resolve(text ? (JSON.parse(text) as unknown) : undefined);
          });
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }
}
