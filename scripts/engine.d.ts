/** Obtains the real Pulumi engine (see engine.js). */
export interface Engine {
  root: string;
  binDir: string;
  pulumiPath: string;
  version: string;
  source: "path" | "cache" | "built";
  buildSeconds?: number;
  /** The Node.js language host `pulumi-language-nodejs` (runs the program of a folder with Pulumi.yaml). */
  languageHostPath: string;
  languageHostSource: "path" | "cache" | "built";
  languageHostBuildSeconds?: number;
  /** The Python language host `pulumi-language-python` (its exec script sits beside it); see engine/python-host.js. */
  pythonHostPath: string;
  pythonHostSource: "path" | "cache" | "built";
  pythonHostBuildSeconds?: number;
}
export function ensureEngine(): Promise<Engine>;
export function cacheRoot(): string;
export function sdkVersion(): string;
export const LANGUAGE_HOST: "pulumi-language-nodejs";
