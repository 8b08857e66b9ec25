/**
 * Everything the probe creates is registered here and removed at the end, also after a failure or Ctrl-C. Only what
 * this run created is touched: the ids it was given back, and (for a create whose answer was lost) definitions whose
 * name starts with this run's unique prefix.
 */
import type { ProbeHttp } from "./http";
import { isNonArrayObject } from "../../provider/values";
import { DEFINITIONS, JOBS } from "../../provider/client/api-paths";

export interface CleanupResult {
  deleted: string[];
  failed: { id: string; reason: string }[];
}

export class ProbeCleanup {
  readonly #definitions = new Set<string>();
  readonly #jobs = new Set<string>();

  constructor(
    private readonly http: ProbeHttp,
    /** e.g. "pulumi-datarobot-batch-probe-3f9a1c": unique to this run. */
    readonly runPrefix: string,
  ) {}

  trackDefinition(id: string): void {
    this.#definitions.add(id);
  }

  trackJob(id: string): void {
    this.#jobs.add(id);
  }

  forgetJob(id: string): void {
    this.#jobs.delete(id);
  }

  /** Aborts this run's unfinished jobs, then deletes its definitions. Never throws. */
  async run(): Promise<CleanupResult> {
    const result: CleanupResult = { deleted: [], failed: [] };
    for (const id of this.#jobs) {
      // 202 aborted, 409 already finished, 404 gone: all fine; the definition delete below reports real problems.
      await this.http.send("DELETE", `${JOBS}${encodeURIComponent(id)}/`).catch(() => undefined);
    }
    this.#jobs.clear();
    await this.findLostCreates();
    for (const id of [...this.#definitions]) {
      try {
        const response = await this.http.send("DELETE", `${DEFINITIONS}${encodeURIComponent(id)}/`);
        if (response.status === 204 || response.status === 200 || response.status === 404) {
          result.deleted.push(id);
          this.#definitions.delete(id);
        } else result.failed.push({ id, reason: `DELETE answered ${response.status}` });
      } catch (error) {
        result.failed.push({ id, reason: (error as Error).message });
      }
    }
    return result;
  }

  /** A create that was interrupted may have been stored without us seeing its id: find it by this run's prefix. */
  private async findLostCreates(): Promise<void> {
    try {
      const query = new URLSearchParams({ searchName: this.runPrefix, limit: "100" });
      const response = await this.http.send("GET", `${DEFINITIONS}?${query.toString()}`);
      const data = isNonArrayObject(response.body) && Array.isArray(response.body.data) ? response.body.data : [];
      for (const item of data) {
        if (isNonArrayObject(item) && typeof item.id === "string" && String(item.name).startsWith(`${this.runPrefix}-`))
          this.#definitions.add(item.id);
      }
    } catch {
      // The ids we hold are still deleted; a failure here is reported through them.
    }
  }
}
