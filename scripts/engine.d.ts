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
  /** The YAML language host `pulumi-language-yaml` (runs programs whose Pulumi.yaml says `runtime: yaml`). */
  yamlHostPath: string;
  yamlHostSource: "path" | "cache" | "built";
  yamlHostBuildSeconds?: number;
  /** The Python language host `pulumi-language-python` (its exec script sits beside it); see engine/python-host.js. */
  pythonHostPath: string;
  pythonHostSource: "path" | "cache" | "built";
  pythonHostBuildSeconds?: number;
}
export function ensureEngine(): Promise<Engine>;
export function cacheRoot(): string;
export function sdkVersion(): string;
/** What a cached build of a language host must record (in its JSON file next to `bin/`) to count as current. */
export function languageHostCacheKey(kind: "nodejs" | "yaml"): Record<string, string>;
export const LANGUAGE_HOST: "pulumi-language-nodejs";
export const YAML_HOST: "pulumi-language-yaml";
