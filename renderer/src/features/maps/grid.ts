/**
 * The maps draw on the British National Grid in metres: Leaflet's CRS.Simple with latitude = northing and
 * longitude = easting, so no projection is ever involved and a position reads back as it was given.
 */
import type { LatLngBoundsExpression, LatLngTuple } from 'leaflet';
import type { GridBounds } from '../../../../contract/maps.js';

export function toLatLng(easting: number, northing: number): LatLngTuple {
  return [northing, easting];
}

export function toLatLngBounds(bounds: GridBounds): LatLngBoundsExpression {
  return [toLatLng(bounds.west, bounds.south), toLatLng(bounds.east, bounds.north)];
}

/** Greater London with a margin, shown before the history or the cover says where London is. */
export const LONDON_BOUNDS: GridBounds = { west: 500_000, south: 153_000, east: 563_000, north: 204_000 };

/** Several stations' points as one rectangle; null for none. */
export function boundsOfPoints(
  points: readonly { readonly easting: number; readonly northing: number }[],
): GridBounds | null {
  if (points.length === 0) return null;
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const p of points) {
    west = Math.min(west, p.easting);
    east = Math.max(east, p.easting);
    south = Math.min(south, p.northing);
    north = Math.max(north, p.northing);
  }
  return { west, south, east, north };
}
