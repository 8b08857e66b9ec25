/** The review as plain text for terminals and CI logs (no colours, no Markdown). */
import { isHiddenSecretChange, type Review, type ResourceReview } from "./types";
import { summaryLine } from "./markdown";
import { formatUtc } from "./warnings";

const SIGN = { create: "+", adopt: "=>", update: "~", replace: "+-", delete: "-" } as const;

function resourceLines(resource: ResourceReview): string[] {
  const name =
    resource.definitionName && resource.definitionName !== resource.resource ? ` [${resource.definitionName}]` : "";
  const lines = [`${SIGN[resource.operation]} ${resource.resource}${name} (${resource.operation})`];
  if (resource.replaceKeys.length > 0) lines.push(`    replaced because ${resource.replaceKeys.join(", ")} changed`);
  for (const warning of resource.warnings) lines.push(`    ! ${warning.message}`);
  const schedule = resource.schedule;
  if (schedule) {
    const state = (enabled: boolean | undefined) => (enabled === true ? "enabled" : "disabled");
    if (resource.operation === "delete")
      lines.push(`    schedule: ${schedule.before} (${state(schedule.enabledBefore)})`);
    else if (resource.operation === "update" || resource.operation === "replace") {
      lines.push(
        `    schedule: ${schedule.before ?? "none"} (${state(schedule.enabledBefore)}) -> ${schedule.after ?? "none"} (${state(schedule.enabledAfter)})`,
      );
    } else lines.push(`    schedule: ${schedule.after ?? "none"} (${state(schedule.enabledAfter)})`);
    if (schedule.nextRuns.length > 0) lines.push(`    next runs: ${schedule.nextRuns.map(formatUtc).join(", ")}`);
    else if (schedule.neverFires) lines.push(`    next runs: none, the schedule never fires (${schedule.neverFires})`);
  }
  for (const field of resource.fields) {
    const changed = isHiddenSecretChange(field) ? " (changed)" : "";
    lines.push(`    ${field.path}: ${field.before ?? "(none)"} -> ${field.after ?? "(none)"}${changed}`);
  }
  return lines;
}

export function renderText(review: Review): string {
  const stack = review.stack ? ` of stack ${review.stack}` : "";
  const lines = [`DataRobot batch prediction job definitions: preview${stack}`, summaryLine(review)];
  const warnings = review.resources.reduce((n, r) => n + r.warnings.length, 0);
  if (warnings > 0) lines.push(`${warnings} warning${warnings === 1 ? "" : "s"} (marked !)`);
  for (const resource of review.resources) lines.push("", ...resourceLines(resource));
  return `${lines.join("\n")}\n`;
}
