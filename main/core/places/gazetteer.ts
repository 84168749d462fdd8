import type { Db } from '../db/index.js';
import { median } from '../geo/robust.js';
import { normaliseKey } from '../util/keys.js';
import { canonicalPostcode, DWELLING } from '../util/postcode.js';
import { JobCancelledError } from '../workers/protocol.js';

/**
 * Where a dispatcher's "SE1" or "Waterloo & South Bank" is: the median position of the imported
 * incidents there (robust to the odd mis-geocoded record), and the station ground most of them fell in,
 * which is the default deploying station. Built from the incidents table, so it knows what the data
 * knows — and is rebuilt after every import.
 */

export interface GazetteerEntry {
  /** The name as most often spelt in the data. */
  readonly name: string;
  readonly easting: number;
  readonly northing: number;
  readonly incidents: number;
  /** The usual station ground (the commonest), or null when none was recorded. */
  readonly stationGround: string | null;
  /** The usual borough. */
  readonly borough: string | null;
}

export interface Gazetteer {
  /** Keyed by `normaliseKey` of the postcode district, e.g. "SE1". */
  readonly postcodeDistricts: Readonly<Record<string, GazetteerEntry>>;
  /**
   * Keyed by `normaliseKey` of the ward name. A name used in two boroughs keeps the one with more
   * incidents; the entry's `borough` says which.
   */
  readonly wards: Readonly<Record<string, GazetteerEntry>>;
  /**
   * Ward names that are two places (Belmont in Harrow and in Sutton): keyed like `wards`, one entry per
   * borough, most incidents first. Absent when no name is shared. A shared name is never answered by
   * its commoner place alone: the dispatcher is asked which borough (see find-place.ts).
   */
  readonly sharedWards?: Readonly<Record<string, readonly GazetteerEntry[]>>;
  /**
   * Keyed by the canonical full postcode, "SE1 7PB": the history's own gazetteer only (the LFB gives
   * full postcodes for non-dwellings only, and never for a home). A model file does not carry them:
   * on the real 10,000-incident sample they are 3,641 entries, 466 KB of JSON against 130 KB for
   * districts and wards, and they grow with every year of history.
   */
  readonly postcodes?: Readonly<Record<string, GazetteerEntry>>;
}

export interface GazetteerOptions {
  /** Include full-postcode entries (the history's gazetteer); a model's embedded one leaves them out. */
  readonly fullPostcodes?: boolean;
  /**
   * Polled every `STOP_CHECK_ROWS` incidents: true abandons the build (a newer one replaces it, or the
   * app is closing) with `JobCancelledError`.
   */
  readonly shouldStop?: () => boolean;
}

/** Rows between two polls of `shouldStop`: often enough to stop within milliseconds, rarely enough to cost nothing. */
const STOP_CHECK_ROWS = 4096;

interface PlaceRow {
  postcode_district: string | null;
  postcode_full: string | null;
  property_category: string | null;
  ward_name: string | null;
  borough_name: string | null;
  station_ground: string | null;
  easting: number | null;
  northing: number | null;
}

class Tally {
  private readonly counts = new Map<string, number>();
  add(value: string | null): void {
    if (value === null || value.trim() === '') return;
    const v = value.trim();
    this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
  }
  /** Commonest value; ties go to the alphabetically first, for a deterministic gazetteer. */
  top(): string | null {
    let best: string | null = null;
    let bestCount = 0;
    for (const [v, c] of this.counts) {
      if (c > bestCount || (c === bestCount && best !== null && v < best)) {
        best = v;
        bestCount = c;
      }
    }
    return best;
  }
}

class Place {
  readonly e: number[] = [];
  readonly n: number[] = [];
  readonly names = new Tally();
  readonly grounds = new Tally();
  readonly boroughs = new Tally();

  add(name: string, r: PlaceRow): void {
    this.e.push(r.easting as number);
    this.n.push(r.northing as number);
    this.names.add(name);
    this.grounds.add(r.station_ground);
    this.boroughs.add(r.borough_name);
  }

  entry(): GazetteerEntry {
    return {
      name: this.names.top() ?? '',
      easting: Math.round(median(this.e)),
      northing: Math.round(median(this.n)),
      incidents: this.e.length,
      stationGround: this.grounds.top(),
      borough: this.boroughs.top(),
    };
  }
}

function placeIn(map: Map<string, Place>, key: string): Place {
  let p = map.get(key);
  if (!p) {
    p = new Place();
    map.set(key, p);
  }
  return p;
}

export function buildGazetteer(db: Db, options: GazetteerOptions = {}): Gazetteer {
  const withPostcodes = options.fullPostcodes ?? true;
  const districts = new Map<string, Place>();
  const postcodes = new Map<string, Place>();
  // Wards by (name, borough): the same ward name can exist in two boroughs.
  const wards = new Map<string, Map<string, Place>>();
  const rows = db
    .prepare(
      `SELECT postcode_district, ${withPostcodes ? 'postcode_full, property_category' : 'NULL AS postcode_full, NULL AS property_category'}, ward_name, borough_name, station_ground,
              COALESCE(easting_m, easting_rounded) AS easting, COALESCE(northing_m, northing_rounded) AS northing
       FROM incidents`,
    )
    .iterate() as IterableIterator<PlaceRow>;
  let seen = 0;
  for (const r of rows) {
    if (options.shouldStop && ++seen % STOP_CHECK_ROWS === 0 && options.shouldStop()) {
      // Throwing out of for…of returns the statement's iterator, which releases it.
      throw new JobCancelledError('The gazetteer build was stopped; the gazetteer in use is unchanged.');
    }
    if (r.easting === null || r.northing === null) continue;
    if (r.postcode_district && r.postcode_district.trim() !== '') {
      placeIn(districts, normaliseKey(r.postcode_district)).add(r.postcode_district, r);
    }
    const postcode = r.postcode_full === null ? null : canonicalPostcode(r.postcode_full);
    // A dwelling's postcode is never stored; the check stays here so no history can leak one.
    if (postcode && !(r.property_category && normaliseKey(r.property_category) === DWELLING)) {
      placeIn(postcodes, postcode).add(postcode, r);
    }
    if (r.ward_name && r.ward_name.trim() !== '') {
      const key = normaliseKey(r.ward_name);
      let byBorough = wards.get(key);
      if (!byBorough) {
        byBorough = new Map();
        wards.set(key, byBorough);
      }
      placeIn(byBorough, normaliseKey(r.borough_name ?? '')).add(r.ward_name, r);
    }
  }

  const postcodeDistricts: Record<string, GazetteerEntry> = {};
  for (const key of [...districts.keys()].sort())
    postcodeDistricts[key] = (districts.get(key) as Place).entry();
  const wardEntries: Record<string, GazetteerEntry> = {};
  const shared: Record<string, GazetteerEntry[]> = {};
  for (const key of [...wards.keys()].sort()) {
    const candidates = [...(wards.get(key) as Map<string, Place>)]
      .sort((a, b) => b[1].e.length - a[1].e.length || (a[0] < b[0] ? -1 : 1))
      .map(([, place]) => place.entry());
    const top = candidates[0] as GazetteerEntry;
    wardEntries[key] = top;
    const elsewhere = candidates.filter((c, i) => i === 0 || isSeparatePlace(top, c));
    if (elsewhere.length > 1) shared[key] = elsewhere;
  }
  // Only when some name is shared: a gazetteer without any keeps exactly its former shape.
  const sharedWards = Object.keys(shared).length > 0 ? { sharedWards: shared } : {};
  if (!withPostcodes) return { postcodeDistricts, wards: wardEntries, ...sharedWards };
  const postcodeEntries: Record<string, GazetteerEntry> = {};
  for (const key of [...postcodes.keys()].sort())
    postcodeEntries[key] = (postcodes.get(key) as Place).entry();
  return { postcodeDistricts, wards: wardEntries, ...sharedWards, postcodes: postcodeEntries };
}

/**
 * A ward name recorded in a second borough is a second place when it is more than a stray record (at
 * least MIN_SHARED_INCIDENTS incidents) and lies apart from the first (a mis-coded borough on a
 * boundary ward would sit on top of it).
 */
const MIN_SHARED_INCIDENTS = 2;
const MIN_SHARED_APART_M = 1_000;

function isSeparatePlace(top: GazetteerEntry, other: GazetteerEntry): boolean {
  return (
    other.borough !== null &&
    other.borough !== top.borough &&
    other.incidents >= MIN_SHARED_INCIDENTS &&
    Math.hypot(other.easting - top.easting, other.northing - top.northing) >= MIN_SHARED_APART_M
  );
}

/** The entry for a full postcode as typed (any case or spacing), if the history has it. */
export function lookupPostcode(gazetteer: Gazetteer, query: string): GazetteerEntry | undefined {
  const key = canonicalPostcode(query);
  return key === null ? undefined : gazetteer.postcodes?.[key];
}

/** The entry for a postcode district or ward as typed (any case or spacing), if the data has it. */
export function lookupPlace(
  gazetteer: Gazetteer,
  kind: 'postcodeDistrict' | 'ward',
  query: string,
): GazetteerEntry | undefined {
  const table = kind === 'postcodeDistrict' ? gazetteer.postcodeDistricts : gazetteer.wards;
  return table[normaliseKey(query)];
}

/** What a model file embeds: districts and wards, never full postcodes (see `Gazetteer.postcodes`). */
export function modelGazetteer(g: Gazetteer): Gazetteer {
  return {
    postcodeDistricts: g.postcodeDistricts,
    wards: g.wards,
    ...(g.sharedWards ? { sharedWards: g.sharedWards } : {}),
  };
}
