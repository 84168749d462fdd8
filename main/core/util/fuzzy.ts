/**
 * Forgiving name matching for what a dispatcher types: "waterloo and south bank" finds
 * "Waterloo & South Bank", and "Lambth" is answered with "did you mean Lambeth?" instead of a bare refusal.
 */

/** How far a typed name may be from a known one to be offered, relative to its length. */
const MAX_DISTANCE_SHARE = 0.34;
/** Short names need at least this much room for one slip of the finger. */
const MIN_MAX_DISTANCE = 1;
/** How many near misses an error message names. */
export const SUGGESTION_LIMIT = 3;

/**
 * A key that ignores case, `&` versus `and`, punctuation and spacing: the ways the same ward or
 * station is written differently by people and by LFB files.
 */
export function looseKey(raw: string): string {
  return (
    raw
      .toUpperCase()
      // An apostrophe joins, it does not separate: "KATHARINE'S" and "KATHARINES" are one spelling.
      .replace(/['’‘`]/g, '')
      .replace(/&/g, ' AND ')
      .replace(/[^A-Z0-9]+/g, ' ')
      .trim()
  );
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prevPrev = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prevPrev[j - 2]! + 1);
      cur[j] = d;
    }
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[b.length]!;
}

/**
 * The known names nearest to `query` (by `looseKey`), closest first, within a distance that grows
 * with the name's length; a known name that starts with the query counts as near too ("Lamb").
 */
export function nearestNames(
  query: string,
  names: Iterable<string>,
  limit: number = SUGGESTION_LIMIT,
): string[] {
  const q = looseKey(query);
  if (!q) return [];
  const allowed = Math.max(MIN_MAX_DISTANCE, Math.floor(q.length * MAX_DISTANCE_SHARE));
  const scored: { name: string; d: number }[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const key = looseKey(name);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    // A prefix is a strong hint; rank it just after exact-ish matches. A prefix continued by a letter
    // ("W1" → "W1D", "Lamb" → "Lambeth") is a part of what was typed; one continued by a digit ("W1" →
    // "W10") is another place, so it ranks after.
    const d = key.startsWith(q) ? (/^[0-9]/.test(key.slice(q.length)) ? 0.75 : 0.5) : editDistance(q, key);
    if (d <= allowed) scored.push({ name, d });
  }
  return scored
    .sort((a, b) => a.d - b.d || a.name.length - b.name.length || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((s) => s.name);
}

/** "did you mean A, B or C?" — empty when there is nothing close. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  const quoted = suggestions.map((s) => `'${s}'`);
  const list =
    quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]!}`;
  return `did you mean ${list}?`;
}
