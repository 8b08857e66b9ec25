/**
 * Flattening zod issues into one issue per problem, each at the most precise path, and the verdict on unknown keys
 * (always a warning, with "did you mean" for a likely typo). The texts of the other issues come from the error map
 * (messages.ts).
 */
import { z, type ZodIssue } from "zod";
import { adapterContext } from "./adapter-context";
import type { PathIssue } from "./issues";
import { closestName } from "./names";
import type { Path } from "./paths";
import { objectSchemaAt, otherAdapterTypesTaking } from "./schema-at";

/**
 * An unknown key is sent as written, with a warning: no source says DataRobot rejects a key it does not know, and a
 * key close to a known one may be a field DataRobot added (Terraform's request struct has `maxNGramExplanations` next
 * to `maxNgramExplanations`). A likely typo (close to a known field) gets a "did you mean"; a key far from every known
 * one is taken as deliberate (a field DataRobot added after this release).
 */
function unknownKeyIssue(root: unknown, objectPath: Path, key: string): PathIssue {
  const { label } = adapterContext(root, [...objectPath, key]);
  const allowed = Object.keys(objectSchemaAt(root, objectPath)?.shape ?? {});
  const close = closestName(key, allowed);
  const path = [...objectPath, key];
  if (!close) {
    const elsewhere = otherAdapterTypesTaking(objectPath, key);
    return {
      path,
      severity: "warning",
      message: elsewhere
        ? `not a field${label} (intake/output types ${elsewhere} take it) — it is sent to DataRobot as written; remove it unless DataRobot documents it for this type`
        : `not a field this package knows${label} — it is sent to DataRobot as written (a newer DataRobot field?); check its spelling against DataRobot's API docs`,
    };
  }
  const where = objectPath.length === 0 ? "" : label || "";
  return {
    path,
    severity: "warning",
    message: `unknown field${where}, sent to DataRobot as written — did you mean "${close}"? If not a typo, check it against DataRobot's API docs (known fields: ${allowed.join(", ")})`,
  };
}

/**
 * Flattens zod issues into one issue per problem, each at the most precise path:
 * - an `invalid_union` whose value matched the kind of one member (e.g. the list form of columnNamesRemapping) is
 *   replaced by that member's own issues, which point inside the value;
 * - `unrecognized_keys` becomes one issue per unknown key, at that key's path (an error or a warning, see
 *   unknownKeyIssue).
 */
export function flattenIssues(issues: readonly ZodIssue[], root: unknown): PathIssue[] {
  const out: PathIssue[] = [];
  for (const issue of issues) {
    if (issue.code === z.ZodIssueCode.invalid_union) {
      const atSelf = (i: ZodIssue) =>
        i.path.length === issue.path.length &&
        (i.code === "invalid_type" || i.code === "invalid_literal" || i.code === "invalid_enum_value");
      const matching = issue.unionErrors.find((error) => !error.issues.some(atSelf));
      if (matching) {
        out.push(...flattenIssues(matching.issues, root));
        continue;
      }
    }
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) out.push(unknownKeyIssue(root, issue.path, key));
      continue;
    }
    out.push({ path: issue.path, message: issue.message });
  }
  return out;
}
