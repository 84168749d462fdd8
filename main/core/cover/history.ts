import type { BoundaryLayer } from '../../../contract/index.js';
import type { Db } from '../db/index.js';

/**
 * What the maps read of the history: every imported incident's position, and the imported boundary
 * layers. Positions are the exact ones where the LFB gives them, else the 50 m rounded ones (always
 * present; dwellings have only those), as the gazetteer places incidents.
 */

/** Easting and northing interleaved, one pair per incident with a position. */
export function readIncidentPositions(db: Db): Float64Array {
  const count = (db.prepare('SELECT COUNT(*) FROM incidents').pluck().get() as number) ?? 0;
  const out = new Float64Array(count * 2);
  let n = 0;
  const rows = db
    .prepare(
      `SELECT COALESCE(easting_m, easting_rounded), COALESCE(northing_m, northing_rounded) FROM incidents`,
    )
    .raw()
    .iterate() as IterableIterator<[number | null, number | null]>;
  for (const [e, no] of rows) {
    if (e === null || no === null || n >= out.length) continue;
    out[n++] = e;
    out[n++] = no;
  }
  return out.subarray(0, n);
}

/** The imported boundary layers, oldest first; none before the boundaries table exists. */
export function readBoundaries(db: Db): BoundaryLayer[] {
  const table = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'boundary_layers'`)
    .get();
  if (!table) return [];
  const rows = db.prepare('SELECT id, name, areas_json FROM boundary_layers ORDER BY id').all() as {
    id: number;
    name: string;
    areas_json: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    areas: JSON.parse(r.areas_json) as BoundaryLayer['areas'],
  }));
}
