import type { FeatureSpec, StationRecord } from '../features/spec.js';
import { distanceMetres } from '../geo/london.js';
import { didYouMean, nearestNames } from '../util/fuzzy.js';
import { InputError } from '../util/input-error.js';
import { normaliseKey } from '../util/keys.js';

/**
 * The station directory of a model: every station its feature spec knows, found by code or name
 * (case and spacing aside, near misses answered with the nearest names), by the station ground an
 * incident lies in, or as the nearest to a point; and which of them a dispatcher may be offered.
 */

/** What the directory needs of a model: its stations and when its training data ends. */
export interface StationSource {
  readonly featureSpec: FeatureSpec;
  readonly window: { readonly trainTo: string };
}

/** A station that has not deployed for this long before the training data ends is taken as closed. */
export const STATION_STALE_MS = 365 * 86_400_000;

interface SpecIndex {
  readonly byCode: ReadonlyMap<string, StationRecord>;
  readonly byName: ReadonlyMap<string, StationRecord>;
  /** Normalised ground → normalised code of the station whose ground it is. */
  readonly groundToCode: ReadonlyMap<string, string>;
}

const specIndexes = new WeakMap<FeatureSpec, SpecIndex>();

function specIndex(spec: FeatureSpec): SpecIndex {
  let index = specIndexes.get(spec);
  if (!index) {
    const byCode = new Map<string, StationRecord>();
    const byName = new Map<string, StationRecord>();
    for (const record of spec.stations) {
      byCode.set(normaliseKey(record.code), record);
      byName.set(normaliseKey(record.name), record);
    }
    const groundToCode = new Map(
      Object.entries(spec.groundToStation).map(([g, code]) => [normaliseKey(g), normaliseKey(code)]),
    );
    index = { byCode, byName, groundToCode };
    specIndexes.set(spec, index);
  }
  return index;
}

/** The station a form names by code or by name (case and spacing ignored), or undefined. */
export function findStation(spec: FeatureSpec, codeOrName: string): StationRecord | undefined {
  const index = specIndex(spec);
  const key = normaliseKey(codeOrName);
  return index.byCode.get(key) ?? index.byName.get(key);
}

/** The station whose ground a named ground is, if the spec knows it. */
export function stationForGround(spec: FeatureSpec, ground: string): StationRecord | undefined {
  const index = specIndex(spec);
  const code = index.groundToCode.get(normaliseKey(ground));
  return code === undefined ? undefined : index.byCode.get(code);
}

/**
 * Stations a dispatcher can be offered: those the training data saw deploying pumps, recently. Leaves
 * out stations closed since (their history still trains the model) and units that never deploy a
 * pump (a fireboat in the stations file). Models whose spec predates these fields keep every station.
 */
export function servableStations(source: StationSource): StationRecord[] {
  const all = source.featureSpec.stations;
  const trainTo = Date.parse(source.window.trainTo);
  const servable = all.filter(
    (s) =>
      (s.rows === undefined || s.rows > 0) &&
      (s.lastSeenAt === undefined || !Number.isFinite(trainTo) || trainTo - s.lastSeenAt <= STATION_STALE_MS),
  );
  return servable.length > 0 ? servable : [...all];
}

/** The nearest of `stations` to a point; ties go to the first listed. */
export function nearestStation(
  stations: readonly StationRecord[],
  easting: number,
  northing: number,
): StationRecord {
  let best = stations[0]!;
  let bestD = Infinity;
  for (const s of stations) {
    const d = distanceMetres(s.easting, s.northing, easting, northing);
    if (d < bestD) {
      bestD = d;
      best = s;
    }
  }
  return best;
}

/** One model's directory; `stationDirectory` keeps one per model, built on first use. */
export class StationDirectory {
  /** Stations a dispatcher may be offered (see `servableStations`), in the spec's order. */
  readonly servable: readonly StationRecord[];
  private readonly servableCodes: ReadonlySet<string>;

  constructor(private readonly source: StationSource) {
    this.servable = servableStations(source);
    this.servableCodes = new Set(this.servable.map((s) => s.code));
  }

  /** By code or name, any case and spacing; undefined when the spec does not know it. */
  find(codeOrName: string): StationRecord | undefined {
    return findStation(this.source.featureSpec, codeOrName);
  }

  /** The station whose ground `ground` is. */
  byGround(ground: string): StationRecord | undefined {
    return stationForGround(this.source.featureSpec, ground);
  }

  /** The servable station nearest to a point. */
  nearest(easting: number, northing: number): StationRecord {
    return nearestStation(this.servable, easting, northing);
  }

  isServable(station: StationRecord): boolean {
    return this.servableCodes.has(station.code);
  }

  /**
   * The station a dispatcher typed, which must be one the model may be asked about; otherwise an
   * `InputError` naming the nearest names, or why a known station is not offered.
   */
  require(typed: string): StationRecord {
    const station = this.find(typed);
    if (!station) {
      const names = this.servable.map((s) => s.name);
      const hint = didYouMean(nearestNames(typed, names));
      throw new InputError(
        'station',
        `unknown station '${typed}' — ${hint ? `${hint} ` : ''}` +
          `The station list ('pump-eta stations') has all ${names.length}; leave the station out for the incident's own station ground`,
      );
    }
    if (!this.isServable(station))
      throw new InputError(
        'station',
        `${station.name} (${station.code}) is not offered for road incidents: it sent no pump in the history ` +
          `this model learned from (a fireboat, or a station closed since). Choose another ('pump-eta stations')`,
      );
    return station;
  }
}

const directories = new WeakMap<StationSource, StationDirectory>();

/** The directory of a model (its metadata is the key: a loaded model's never changes). */
export function stationDirectory(source: StationSource): StationDirectory {
  let directory = directories.get(source);
  if (!directory) {
    directory = new StationDirectory(source);
    directories.set(source, directory);
  }
  return directory;
}
