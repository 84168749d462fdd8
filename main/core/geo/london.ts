/**
 * Planar geometry on the National Grid. Over London the grid's scale factor is within 0.02 % of 1, so
 * Euclidean distance between grid points is the ground distance to a few metres in 10 km.
 */

/** Greater London's extent on the National Grid (metres), from its boundary's extreme points. */
export const GREATER_LONDON_BOUNDS = {
  minEasting: 503_500,
  maxEasting: 562_000,
  minNorthing: 155_800,
  maxNorthing: 201_000,
} as const;

/**
 * Stations just outside the boundary (and incidents they attend over it) are legitimate; a point tens of
 * kilometres out is a data error or a typed-in typo.
 */
export const DEFAULT_LONDON_MARGIN_M = 5_000;

export function distanceMetres(e1: number, n1: number, e2: number, n2: number): number {
  return Math.hypot(e2 - e1, n2 - n1);
}

/** True when the grid point lies within Greater London's bounding box widened by `marginM`. */
export function isInLondon(
  easting: number,
  northing: number,
  marginM: number = DEFAULT_LONDON_MARGIN_M,
): boolean {
  const b = GREATER_LONDON_BOUNDS;
  return (
    Number.isFinite(easting) &&
    Number.isFinite(northing) &&
    easting >= b.minEasting - marginM &&
    easting <= b.maxEasting + marginM &&
    northing >= b.minNorthing - marginM &&
    northing <= b.maxNorthing + marginM
  );
}
