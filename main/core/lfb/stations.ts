import { cellKey, describeCell, type Row } from './cells.js';
import type { ColumnMap, StationField } from './columns.js';
import { wgs84ToBng } from '../geo/bng.js';
import { Rejection } from './reasons.js';
import type { StationRow } from './rows.js';
import { optionalNumber, optionalText, rowIndexes } from './validate.js';

/** Valid Great Britain grid references lie within these bounds (metres). */
const BNG_MAX_EASTING = 700_000;
const BNG_MAX_NORTHING = 1_300_000;
/** A generous box around Great Britain: coordinates outside it are swapped or mistyped. */
const GB_LATITUDE = [49, 61] as const;
const GB_LONGITUDE = [-9, 3] as const;

function onGrid(e: number | null, n: number | null): boolean {
  return e !== null && n !== null && e > 0 && e < BNG_MAX_EASTING && n > 0 && n < BNG_MAX_NORTHING;
}

function inGreatBritain(lat: number | null, lon: number | null): boolean {
  return (
    lat !== null &&
    lon !== null &&
    lat >= GB_LATITUDE[0] &&
    lat <= GB_LATITUDE[1] &&
    lon >= GB_LONGITUDE[0] &&
    lon <= GB_LONGITUDE[1]
  );
}

/**
 * Builds the per-row function for a stations list. Grid coordinates are used when given; otherwise
 * they are computed from latitude/longitude.
 */
export function stationNormaliser(columns: ColumnMap<StationField>): (row: Row) => StationRow | Rejection {
  const c = rowIndexes(columns);
  return (row) => {
    const name = optionalText(row[c.name]);
    if (name === null) return new Rejection('missing_station_name', 'station name is blank', '(blank)');
    const code = cellKey(row[c.code]);
    if (code === null) return new Rejection('missing_station_code', 'station code is blank', name);
    const latitude = optionalNumber(row[c.latitude]);
    const longitude = optionalNumber(row[c.longitude]);
    let easting = optionalNumber(row[c.easting]);
    let northing = optionalNumber(row[c.northing]);
    if (!onGrid(easting, northing)) {
      if (!inGreatBritain(latitude, longitude)) {
        const value = [row[c.latitude], row[c.longitude], row[c.easting], row[c.northing]]
          .map((v) => describeCell(v))
          .join(', ');
        return new Rejection(
          'bad_coordinates',
          'no easting/northing or latitude/longitude in Great Britain',
          value,
        );
      }
      ({ easting, northing } = wgs84ToBng(latitude!, longitude!));
    }
    const hasLatLon = inGreatBritain(latitude, longitude);
    return {
      code: code.toUpperCase(),
      name,
      borough: optionalText(row[c.borough]),
      latitude: hasLatLon ? latitude : null,
      longitude: hasLatLon ? longitude : null,
      easting: easting!,
      northing: northing!,
    };
  };
}
