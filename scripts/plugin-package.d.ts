/** Packages the native provider plugin as a Node single executable and a Pulumi plugin tarball (see plugin-package.js). */
export interface PluginPackage {
  tarball: string;
  executable: string;
  bundle: string;
  version: string;
  /** `<os>-<arch>` in Pulumi's plugin naming, e.g. linux-amd64. */
  target: string;
  bundleBytes: number;
  executableBytes: number;
  tarballBytes: number;
  seconds: number;
  bundleSeconds: number;
  executableSeconds: number;
  tarballSeconds: number;
}
export interface PluginPackageOptions {
  /** The entry to bundle, relative to the repository root; default dist/executable/main.js (the plugin and the commands). */
  entry?: string;
  /** The output folder, relative to the repository root; default build/plugin. */
  out?: string;
  /** The plugin version in the tarball's name; default package.json's version. */
  version?: string;
}
export function packagePlugin(options?: PluginPackageOptions): Promise<PluginPackage>;
export function pluginTarget(platform?: string, arch?: string): string;
export function tarballName(version: string, target: string): string;
export function parseArgs(argv: string[]): PluginPackageOptions;
export const EXECUTABLE: "pulumi-resource-datarobot-batch";
export const PLUGIN_NAME: "datarobot-batch";
export const DEFAULT_ENTRY: "dist/executable/main.js";
