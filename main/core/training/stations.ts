import type { Db } from '../db/index.js';
import type { StationRecord } from '../features/spec.js';
import {
  estimateStationPositions,
  type EstimateOptions,
  type EstimatedStation,
} from '../geo/stationPositions.js';
import { normaliseKey } from '../util/keys.js';

/**
 * The station table a model is trained with: the imported stations file where there is one, plus an
 * estimated position for every other station the data shows working its own ground — which covers
 * stations closed since (ten closed in 2014) whose history is still worth learning from — and, with
 * no stations file at all, estimates for every station.
 */

export interface StationTableEntry extends StationRecord {
  readonly source: 'imported' | 'estimated';
  /** For estimates: how many incidents the position rests on. */
  readonly points?: number;
}

export interface StationTable {
  readonly stations: readonly StationTableEntry[];
  readonly imported: number;
  readonly estimated: number;
}

interface ImportedRow {
  code: string;
  name: string;
  easting: number;
  northing: number;
}

interface CodeRow {
  station_code: string;
  station_name: string;
  n: number;
}

interface GroundRow {
  station_ground: string | null;
  first_pump_station: string | null;
  first_pump_seconds: number | null;
  easting: number | null;
  northing: number | null;
}

export function buildStationTable(db: Db, options: EstimateOptions = {}): StationTable {
  const imported = db
    .prepare('SELECT code, name, easting, northing FROM stations ORDER BY code')
    .all() as ImportedRow[];
  const stations: StationTableEntry[] = imported.map((s) => ({ ...s, source: 'imported' }));
  const codes = new Set(imported.map((s) => normaliseKey(s.code)));
  const names = new Set(imported.map((s) => normaliseKey(s.name)));

  // Incident files name stations; Mobilisation files give code and name: learn the code of each name.
  const codeOfName = new Map<string, string>();
  const pairs = db
    .prepare(
      `SELECT station_code, station_name, COUNT(*) AS n FROM mobilisations
       WHERE station_code IS NOT NULL AND station_name IS NOT NULL
       GROUP BY station_code, station_name ORDER BY n DESC, station_code`,
    )
    .all() as CodeRow[];
  for (const p of pairs) {
    const key = normaliseKey(p.station_name);
    if (!codeOfName.has(key) && p.station_code.trim() !== '') codeOfName.set(key, p.station_code.trim());
  }

  const rows = db
    .prepare(
      `SELECT station_ground, first_pump_station, first_pump_seconds,
              COALESCE(easting_m, easting_rounded) AS easting, COALESCE(northing_m, northing_rounded) AS northing
       FROM incidents WHERE station_ground IS NOT NULL`,
    )
    .iterate() as IterableIterator<GroundRow>;
  const observations = (function* () {
    for (const r of rows) {
      if (r.easting === null || r.northing === null) continue;
      yield {
        stationGround: r.station_ground,
        firstPumpStation: r.first_pump_station,
        firstPumpSeconds: r.first_pump_seconds,
        easting: r.easting,
        northing: r.northing,
      };
    }
  })();

  let estimated = 0;
  for (const e of estimateStationPositions(observations, options)) {
    if (names.has(e.key)) continue;
    const code = codeOfName.get(e.key) ?? e.name;
    if (codes.has(normaliseKey(code))) continue;
    stations.push(toEntry(e, code));
    codes.add(normaliseKey(code));
    names.add(e.key);
    estimated += 1;
  }
  return { stations, imported: imported.length, estimated };
}

function toEntry(e: EstimatedStation, code: string): StationTableEntry {
  return {
    code,
    name: e.name,
    easting: Math.round(e.easting),
    northing: Math.round(e.northing),
    source: 'estimated',
    points: e.points,
  };
}
