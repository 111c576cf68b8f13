/**
 * The "Did you mean …?" hint for an unknown property name.
 */

/**
 * The candidate closest to `name` (case-insensitive edit distance), or undefined when none is close
 * enough to be a plausible typo. Ties go to the earlier candidate.
 *
 * "Close enough" is at most 2 edits, or a third of the name's length for longer names: that
 * catches `SubnetId`, `Subnets` and `InterfaceService`, but does not suggest `Tags` for `Foo`.
 *
 * @example
 * nearestName('subnetid', ['VpcId', 'SubnetIds']) // => 'SubnetIds'
 * nearestName('Color', ['VpcId', 'SubnetIds']) // => undefined
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Levenshtein distance (insertions, deletions, substitutions), by UTF-16 unit: names are ASCII. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const deletion = (previous[j] as number) + 1;
      const insertion = (current[j - 1] as number) + 1;
      current.push(Math.min(substitution, deletion, insertion));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
