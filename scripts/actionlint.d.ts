/** actionlint, built at a pinned version into a cache (see actionlint.js). */
export const ACTIONLINT_VERSION: string;
export function ensureActionlint(): string;
export function repositoryWorkflows(root?: string): string[];
export function lintWorkflows(files: string[], options?: { cwd?: string }): { ok: boolean; output: string };
