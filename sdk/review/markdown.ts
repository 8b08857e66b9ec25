/**
 * The review as Markdown for a pull-request comment: a hidden marker first (a bot finds and updates its own
 * comment by it), a summary, every warning, then one section per job definition with a field table (collapsed when
 * long). Deterministic: the same review always renders the same text.
 */
import {
  isHiddenSecretChange,
  OPERATIONS,
  type FieldChange,
  type Review,
  type ResourceReview,
  type ReviewOperation,
} from "./types";
import { escapeControlCharacters } from "../../provider/model";
import { formatUtc } from "./warnings";

/** The first line of every rendered comment; `<stack>` makes one comment per stack. */
export function commentMarker(stack: string | undefined): string {
  return `<!-- datarobot-batch-preview${stack ? ` stack=${stack.replace(/-->/g, "")}` : ""} -->`;
}

/** Above this many rows, or with a value longer than LONG_VALUE, a resource's table is collapsed. */
export const MAX_INLINE_ROWS = 8;
const LONG_VALUE = 100;

const VERB: Record<ReviewOperation, string> = {
  create: "create",
  adopt: "adopt (take over the existing definition of this name)",
  update: "update",
  replace: "replace (delete and create again)",
  delete: "delete",
};

const SYMBOL: Record<ReviewOperation, string> = {
  create: "🟢",
  adopt: "🔵",
  update: "🟡",
  replace: "🟠",
  delete: "🔴",
};

/**
 * Any user-supplied text (names, table names, warning messages quoting values) as inert inline Markdown: line breaks
 * become spaces (no new block can start: the text never begins a line), and every character that opens HTML or
 * inline Markdown (tags, entities, emphasis, code spans, strikethrough, math, table cells, and the `](` / `][` of a
 * link or image) becomes a character reference, which renders as the character itself. Other control and
 * bidirectional-override characters are written visibly (`\u202e`), so a value cannot reverse the text around it.
 */
const NAMED_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export function escapeMarkdown(text: string): string {
  return escapeControlCharacters(text.replace(/\r\n|[\r\n\u2028\u2029]/g, " ")).replace(
    /[&<>"'`*_|~\\$]|\](?=[([])/g,
    (c) => NAMED_ENTITIES[c] ?? `&#${c.charCodeAt(0)};`,
  );
}

/** A name or path shown as code, whatever characters it holds (a back-tick cannot close the span). */
function code(text: string): string {
  return `<code>${escapeMarkdown(text)}</code>`;
}

/** A table cell: a value as code (pipes, HTML and Markdown inside it are escaped). */
function cell(value: string | undefined): string {
  if (value === undefined) return "—";
  return code(value);
}

export function summaryLine(review: Review): string {
  const total = review.resources.length;
  if (total === 0) return "No job definition changes.";
  const parts = OPERATIONS.filter((op) => review.counts[op] > 0).map((op) => `${review.counts[op]} to ${op}`);
  return `${total} job definition${total === 1 ? "" : "s"} change${total === 1 ? "s" : ""}: ${parts.join(", ")}.`;
}

function fieldTable(fields: FieldChange[]): string[] {
  const lines = ["| Field | Before | After |", "|---|---|---|"];
  for (const field of fields) {
    const changed = isHiddenSecretChange(field) ? " (changed)" : "";
    lines.push(
      `| ${code(field.path)}${field.secret ? " 🔒" : ""} | ${cell(field.before)} | ${cell(field.after)}${changed} |`,
    );
  }
  return lines;
}

function scheduleLines(resource: ResourceReview): string[] {
  const raw = resource.schedule;
  if (!raw) return [];
  const text = (value: string | undefined) => (value === undefined ? undefined : escapeMarkdown(value));
  const schedule = { ...raw, before: text(raw.before), after: text(raw.after) };
  const state = (enabled: boolean | undefined) => (enabled === true ? "enabled" : "disabled");
  const lines: string[] = [];
  const changed = schedule.before !== schedule.after || schedule.enabledBefore !== schedule.enabledAfter;
  if (resource.operation === "delete") {
    lines.push(`**Schedule:** ${schedule.before} (${state(schedule.enabledBefore)}) → none`);
  } else if (resource.operation === "create" || resource.operation === "adopt") {
    lines.push(`**Schedule:** ${schedule.after ?? "none"} (${state(schedule.enabledAfter)})`);
  } else if (changed) {
    lines.push(
      `**Schedule:** ${schedule.before ?? "none"} (${state(schedule.enabledBefore)}) → ` +
        `${schedule.after ?? "none"} (${state(schedule.enabledAfter)})`,
    );
  } else {
    lines.push(`**Schedule (unchanged):** ${schedule.after ?? "none"} (${state(schedule.enabledAfter)})`);
  }
  if (resource.operation !== "delete") {
    lines.push(
      schedule.nextRuns.length > 0
        ? `**Next runs:** ${schedule.nextRuns.map(formatUtc).join(", ")}`
        : schedule.neverFires
          ? `**Next runs:** none: the schedule never fires (${schedule.neverFires})`
          : "**Next runs:** none (not scheduled)",
    );
  }
  return lines.map((line) => `${line}  `);
}

function resourceSection(resource: ResourceReview): string[] {
  const name =
    resource.definitionName && resource.definitionName !== resource.resource
      ? ` (definition ${code(resource.definitionName)})`
      : "";
  const lines = [
    `### ${SYMBOL[resource.operation]} ${code(resource.resource)}${name}: ${VERB[resource.operation]}`,
    "",
  ];
  if (resource.replaceKeys.length > 0) {
    lines.push(`Replaced because ${resource.replaceKeys.map(code).join(", ")} changed.`, "");
  }
  for (const warning of resource.warnings) lines.push(`> ⚠️ ${escapeMarkdown(warning.message)}`, ">");
  if (resource.warnings.length > 0) lines.splice(lines.length - 1, 1, "");
  const schedule = scheduleLines(resource);
  if (schedule.length > 0) lines.push(...schedule, "");
  if (resource.fields.length > 0) {
    const long =
      resource.fields.length > MAX_INLINE_ROWS ||
      resource.fields.some((f) => (f.before ?? "").length > LONG_VALUE || (f.after ?? "").length > LONG_VALUE);
    const noun = resource.operation === "update" || resource.operation === "replace" ? "changed field" : "field";
    const count = `${resource.fields.length} ${noun}${resource.fields.length === 1 ? "" : "s"}`;
    if (long) {
      lines.push("<details>", `<summary>${count}</summary>`, "", ...fieldTable(resource.fields), "", "</details>", "");
    } else {
      lines.push(...fieldTable(resource.fields), "");
    }
  }
  return lines;
}

/** The pull-request comment. */
export function renderMarkdown(review: Review): string {
  const lines = [commentMarker(review.stack)];
  const stack = review.stack ? ` of stack ${code(review.stack)}` : "";
  lines.push(`## DataRobot batch prediction job definitions: preview${stack}`, "", `**${summaryLine(review)}**`, "");
  if (review.resources.length > 0) {
    lines.push("| Definition | Operation | Warnings |", "|---|---|---|");
    for (const resource of review.resources) {
      lines.push(
        `| ${code(resource.resource)} | ${SYMBOL[resource.operation]} ${resource.operation} | ${resource.warnings.length || ""} |`,
      );
    }
    lines.push("");
  }
  const warnings = review.resources.flatMap((r) => r.warnings.map((w) => ({ resource: r.resource, warning: w })));
  if (warnings.length > 0) {
    lines.push(`#### ⚠️ ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`, "");
    for (const { resource, warning } of warnings) lines.push(`- ${code(resource)}: ${escapeMarkdown(warning.message)}`);
    lines.push("");
  }
  for (const resource of review.resources) lines.push(...resourceSection(resource));
  lines.push("<sub>Generated by <code>datarobot-batch preview</code>. Secrets are masked (🔒).</sub>");
  return `${lines.join("\n")}\n`;
}
