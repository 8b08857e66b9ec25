/**
 * The one shape every check of the model reports a problem in (the structure's zod issues once flattened, the
 * cross-field rules, the known-value warnings, the input guards): the property path, what is wrong and how to fix
 * it, and whether it blocks.
 */
import type { Path } from "./paths";

export interface PathIssue {
  path: Path;
  message: string;
  /**
   * "error" (the default): a source says DataRobot rejects it, or it can never work. "warning": a likely mistake that
   * no source says DataRobot rejects; shown in previews and reviews, never blocking, and the value is sent as written
   * (docs/validation-rules.md).
   */
  severity?: "error" | "warning";
}
