import { FULL_POSTCODE } from '../util/postcode.js';
import { didYouMean, looseKey, nearestNames } from '../util/fuzzy.js';
import { InputError } from '../util/input-error.js';
import type { Gazetteer, GazetteerEntry } from './gazetteer.js';
import { lookupPlace, lookupPostcode } from './gazetteer.js';

/**
 * Places as dispatchers type them: a postcode district or a full postcode, a ward in any case, with
 * `&` or `and`, with or without punctuation. What is not known is answered with the nearest names.
 */

export type PlaceKind = 'postcodeDistrict' | 'ward';

export interface FoundPlace {
  readonly entry: GazetteerEntry;
  /** The kind of place that matched (a full postcode typed as a ward still finds its district). */
  readonly kind: PlaceKind;
  /** How it was read, for the answer: "postcode SE1 7PB (from 4 incidents)". */
  readonly description: string;
  /** The postcode district the place lies in (a model feature), or null for a ward. */
  readonly postcodeDistrict: string | null;
}

interface LooseIndex {
  readonly postcodeDistrict: ReadonlyMap<string, GazetteerEntry>;
  readonly ward: ReadonlyMap<string, GazetteerEntry>;
  /** Ward names that are places in more than one borough, by loose key. */
  readonly sharedWard: ReadonlyMap<string, readonly GazetteerEntry[]>;
}

const looseIndexes = new WeakMap<Gazetteer, LooseIndex>();

function looseIndex(g: Gazetteer): LooseIndex {
  let index = looseIndexes.get(g);
  if (!index) {
    const byLoose = (table: Readonly<Record<string, GazetteerEntry>>) => {
      const map = new Map<string, GazetteerEntry>();
      for (const [key, entry] of Object.entries(table)) {
        const loose = looseKey(key);
        // The gazetteer's own keys are sorted; the first spelling of a loose key wins, deterministically.
        if (!map.has(loose)) map.set(loose, entry);
      }
      return map;
    };
    const sharedWard = new Map<string, readonly GazetteerEntry[]>();
    for (const [key, entries] of Object.entries(g.sharedWards ?? {})) {
      if (!sharedWard.has(looseKey(key))) sharedWard.set(looseKey(key), entries);
    }
    index = { postcodeDistrict: byLoose(g.postcodeDistricts), ward: byLoose(g.wards), sharedWard };
    looseIndexes.set(g, index);
  }
  return index;
}

function lookup(
  gazetteers: readonly Gazetteer[],
  kind: PlaceKind,
  value: string,
): GazetteerEntry | undefined {
  for (const g of gazetteers) {
    const hit = lookupPlace(g, kind, value) ?? looseIndex(g)[kind].get(looseKey(value));
    if (hit) return hit;
  }
  return undefined;
}

function names(gazetteers: readonly Gazetteer[], kind: PlaceKind): string[] {
  return gazetteers.flatMap((g) =>
    Object.values(kind === 'ward' ? g.wards : g.postcodeDistricts).map((e) => e.name),
  );
}

/**
 * Finds a postcode (district or full), or a ward. `demoOnly` says the only gazetteer is the demo
 * model's synthetic one, so an unknown real name gets that explanation rather than a bare refusal.
 */
export function findPlace(
  gazetteers: readonly Gazetteer[],
  kind: PlaceKind,
  typed: string,
  demoOnly: boolean,
): FoundPlace {
  const value = typed.trim();
  const full = FULL_POSTCODE.exec(value);
  if (full) {
    const district = full[1]!.toUpperCase();
    const postcode = `${district} ${full[2]!.toUpperCase()}`;
    const known = lookup(gazetteers, 'postcodeDistrict', district);
    // Placed exactly where the history has incidents at that postcode (non-dwellings only).
    const exact = gazetteers.map((g) => lookupPostcode(g, postcode)).find((e) => e !== undefined);
    if (exact) {
      return {
        entry: exact,
        kind: 'postcodeDistrict',
        description: `postcode ${postcode} (from ${exact.incidents} incident${exact.incidents === 1 ? '' : 's'})`,
        postcodeDistrict: known?.name ?? district,
      };
    }
    if (known) {
      return {
        entry: known,
        kind: 'postcodeDistrict',
        description: `postcode district ${known.name} (the history has no incidents at ${postcode}, so it is placed at its district)`,
        postcodeDistrict: known.name,
      };
    }
    throw unknownPlace(gazetteers, 'postcodeDistrict', district, `postcode ${postcode}'s district`, demoOnly);
  }
  if (kind === 'ward') {
    const shared = findSharedWard(gazetteers, value);
    if (shared) return shared;
  }
  const entry = lookup(gazetteers, kind, value);
  if (entry) {
    const isWard = kind === 'ward';
    return {
      entry,
      kind,
      description: `${isWard ? 'ward' : 'postcode district'} ${entry.name}`,
      postcodeDistrict: isWard ? null : entry.name,
    };
  }
  throw unknownPlace(gazetteers, kind, value, kind === 'ward' ? 'ward' : 'postcode district', demoOnly);
}

/** "Belmont (Harrow)", "Belmont, Harrow": a ward name with the borough that tells it apart. */
const WITH_BOROUGH = /^(.+?)\s*(?:\(([^()]+)\)|,\s*([^,]+))$/;

/** How a ward in two boroughs is written to say which: the form suggestions offer. */
export function wardInBorough(entry: GazetteerEntry): string {
  return `${entry.name} (${entry.borough ?? 'borough unknown'})`;
}

/**
 * A ward name that is a place in more than one borough (in the first gazetteer that knows the name):
 * with a borough that matches one of them, that one; without, a question rather than the commoner
 * place, which may be at the other end of London. Undefined when the name is not shared.
 */
function findSharedWard(gazetteers: readonly Gazetteer[], value: string): FoundPlace | undefined {
  const qualified = WITH_BOROUGH.exec(value);
  for (const g of gazetteers) {
    const index = looseIndex(g);
    const whole = index.sharedWard.get(looseKey(value));
    const named = qualified ? index.sharedWard.get(looseKey(qualified[1]!)) : undefined;
    if (named) {
      const borough = looseKey(qualified![2] ?? qualified![3] ?? '');
      const entry = named.find((e) => e.borough !== null && looseKey(e.borough) === borough);
      if (entry) {
        return { entry, kind: 'ward', description: `ward ${wardInBorough(entry)}`, postcodeDistrict: null };
      }
    }
    const entries = whole ?? named;
    if (entries) {
      const options = entries.map((e) => `'${wardInBorough(e)}'`);
      throw new InputError(
        'location',
        `ward '${value}' is the name of wards in ${entries.length} boroughs: say which — ${options.join(', ')}`,
      );
    }
    // A gazetteer that knows the name as one place answers for it (see lookup).
    if (lookup([g], 'ward', qualified ? qualified[1]! : value) || lookup([g], 'ward', value))
      return undefined;
  }
  return undefined;
}

function unknownPlace(
  gazetteers: readonly Gazetteer[],
  kind: PlaceKind,
  value: string,
  what: string,
  demoOnly: boolean,
): InputError {
  const hint = didYouMean(nearestNames(value, names(gazetteers, kind)));
  const advice = demoOnly
    ? `the demo model knows only its synthetic ${kind === 'ward' ? 'wards (e.g. Lambeth North)' : 'postcode districts'}: import LFB incident data for real ones, or give coordinates`
    : 'import incident data that covers it, or give coordinates';
  return new InputError(
    'location',
    `unknown ${what} '${value}' — ${hint ? `${hint} Otherwise ` : ''}${advice}`,
  );
}
