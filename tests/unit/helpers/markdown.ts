/** Small Markdown readers for the documentation tests: fenced code blocks, links and GitHub heading anchors. */

/** The bodies of the fenced blocks of one language (```ts ... ```). */
export function codeBlocks(markdown: string, language: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp("^```" + language + "\\n([\\s\\S]*?)^```", "gm");
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) blocks.push(match[1]);
  return blocks;
}

/** The text outside fenced code blocks, line by line (code blocks become empty lines, so line numbers hold). */
function proseLines(markdown: string): string[] {
  let inFence = false;
  return markdown.split("\n").map((line) => {
    if (line.startsWith("```")) {
      inFence = !inFence;
      return "";
    }
    return inFence ? "" : line;
  });
}

/** Every inline link target `[text](target)` outside code, with its 1-based line. Inline code spans are ignored. */
export function linksOf(markdown: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  proseLines(markdown).forEach((text, i) => {
    const withoutCode = text.replace(/`[^`]*`/g, "");
    for (const match of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      links.push({ target: match[1], line: i + 1 });
    }
  });
  return links;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (letters, digits, `-`, `_` kept), spaces → `-`. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors of every heading, with GitHub's `-1`, `-2` suffixes for repeated headings. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}
