import type { Suggestion } from '../../../contract/index.js';
import { looseKey } from '../util/fuzzy.js';
import { wardInBorough } from './find-place.js';
import type { Gazetteer, GazetteerEntry } from './gazetteer.js';

/**
 * Places whose name (or a word of it) starts with the query; case, `&`/`and` and punctuation aside.
 * Exact matches first, then the shorter names; a place in two gazetteers is offered once.
 */
export function suggestPlaces(gazetteers: readonly Gazetteer[], query: string, limit: number): Suggestion[] {
  const q = looseKey(query);
  if (!q) return [];
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  const consider = (kind: Suggestion['kind'], entries: Readonly<Record<string, GazetteerEntry>>) => {
    for (const [key, entry] of Object.entries(entries)) {
      const loose = looseKey(key);
      if (!loose.startsWith(q) && !loose.includes(` ${q}`)) continue;
      const id = `${kind}:${key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ kind, value: entry.name, stationGround: entry.stationGround });
    }
  };
  for (const g of gazetteers) {
    consider('postcodeDistrict', g.postcodeDistricts);
    // A ward name that is two places is offered as each, with its borough: choosing one says which.
    const shared = g.sharedWards ?? {};
    for (const [key, entries] of Object.entries(shared)) {
      const loose = looseKey(key);
      if (!loose.startsWith(q) && !loose.includes(` ${q}`)) continue;
      for (const entry of entries) {
        const id = `ward:${key}:${entry.borough ?? ''}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ kind: 'ward', value: wardInBorough(entry), stationGround: entry.stationGround });
      }
      seen.add(`ward:${key}`);
    }
    consider('ward', g.wards);
  }
  const exactFirst = (s: Suggestion) => (looseKey(s.value) === q ? 0 : 1);
  return out
    .sort(
      (a, b) =>
        exactFirst(a) - exactFirst(b) || a.value.length - b.value.length || a.value.localeCompare(b.value),
    )
    .slice(0, limit);
}
