/** "Did you mean": the closest of a few known names to a misspelt one. */

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * A known name close to `given`: the same in another case, at most two edits away, or one it abbreviates (3+
 * characters). Undefined when none is close: then `given` is taken to be deliberate, not a typo.
 */
export function closestName(given: string, known: readonly string[]): string | undefined {
  const lower = given.toLowerCase();
  return (
    known.find((name) => name.toLowerCase() === lower) ??
    known.find((name) => editDistance(name.toLowerCase(), lower) <= 2) ??
    known.find((name) => lower.length >= 3 && name.toLowerCase().startsWith(lower))
  );
}
