/** One version's section of a Keep a Changelog text, without its heading (see changelog-section.js). */
export function changelogSection(text: string, version: string): string;
