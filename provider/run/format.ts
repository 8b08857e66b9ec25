/** Small text helpers shared by errors, the CLI and the pipeline summary. */
import { escapeControlCharacters } from "../model";

/** "850 ms", "12.3 s", "4 min 05 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "∞";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = String(totalSeconds % 60).padStart(2, "0");
  return `${minutes} min ${seconds} s`;
}

/** `"nightly" (5f0c...)` or just the id when the name is unknown; both come from the server, so controls are escaped. */
export function definitionLabel(id: string, name?: string): string {
  return escapeControlCharacters(name ? `"${name}" (${id})` : id);
}
