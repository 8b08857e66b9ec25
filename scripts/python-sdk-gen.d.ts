/** Generates the Python SDK from the package schema (see python-sdk-gen.js). */
export const DEFAULT_SCHEMA: "plugin/schema.json";
export const DEFAULT_OUT: "generated/python";
export const PYTHON_LANGUAGE: { packageName: string; pyproject: { enabled: boolean } };
export function ensureCodegen(): Promise<{ binary: string; source: "cache" | "built"; buildSeconds?: number }>;
export function generatePythonSdk(options?: { schemaPath?: string; outDir?: string }): Promise<number>;
export function staleFiles(options?: { schemaPath?: string; outDir?: string }): Promise<string[]>;
export function checkPythonLanguage(schemaPath: string): void;
export function readmeHeader(schemaPath: string): string;
export function setupVenv(): string;
export function buildWheel(options: { python: string; sdkDir?: string; wheelDir: string }): string;
export function installWheel(options: { python: string; wheel: string }): void;
