/** Obtains the real Pulumi engine (see engine.js). */
export interface Engine {
  root: string;
  binDir: string;
  pulumiPath: string;
  version: string;
  source: "path" | "cache" | "built";
  buildSeconds?: number;
}
export function ensureEngine(): Promise<Engine>;
export function cacheRoot(): string;
export function sdkVersion(): string;
