/**
 * Where in an adapter a path lies: `intakeSettings.url` of an input whose intake type is "s3" reads
 * ` for intake type "s3"` in messages, and picks the hints of that type. Shared by the error map (messages.ts) and
 * the unknown-key issues (flatten.ts).
 */
import { INTAKE_TYPES, OUTPUT_TYPES } from "./adapters";
import { getAt, type Path } from "./paths";
import { TIMESERIES_TYPES } from "./settings";

/** The sections with a `type` that selects their fields, and what a message calls that type. */
export const ADAPTER_SECTIONS: Record<string, { kind: string; types: string[] }> = {
  intakeSettings: { kind: "intake", types: INTAKE_TYPES },
  outputSettings: { kind: "output", types: OUTPUT_TYPES },
  timeseriesSettings: { kind: "time series", types: TIMESERIES_TYPES },
};

/** ` for intake type "s3"` when the path lies inside an adapter whose type is known, else "". */
export function adapterContext(root: unknown, path: Path): { label: string; type?: string } {
  const section = typeof path[0] === "string" ? ADAPTER_SECTIONS[path[0]] : undefined;
  if (!section || path.length < 2) return { label: "" };
  const type = getAt(root, [path[0], "type"]) ?? (path[0] === "timeseriesSettings" ? "forecast" : undefined);
  if (typeof type !== "string" || !section.types.includes(type)) return { label: "" };
  return { label: ` for ${section.kind} type "${type}"`, type };
}
