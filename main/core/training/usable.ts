import { isInLondon } from '../geo/london.js';

/**
 * Whether one vehicle row can be learned from or scored, and why not: the one rule training's reader
 * (`dataset.ts`) and the monitor's (`monitor/vehicles.ts`) both keep rows by, so the model is never
 * judged on rows it would not have been taught with, nor taught with rows it is not judged on.
 */

/** Attendance times outside this range are recording errors (a pump cannot arrive in 10 s). */
export const MIN_ATTENDANCE_SECONDS = 30;
export const MAX_ATTENDANCE_SECONDS = 3600;
/** Straight-line distance over attendance time above this (144 km/h) means a wrong station or place. */
export const MAX_SPEED_M_PER_S = 40;

export type DropReason =
  | 'noIncident'
  | 'missingTarget'
  | 'implausibleTime'
  | 'unknownStation'
  | 'noLocation'
  | 'outsideLondon'
  | 'noPumpOrder'
  | 'implausibleSpeed';

/** A station as the check needs it: where it is. */
export interface PlacedStation {
  readonly easting: number;
  readonly northing: number;
}

/**
 * The row's station, or the reason it is dropped, checked in this order: its time (when one is
 * required), its station (looked up only for a row with a usable time, so the unknown stations a
 * caller lists are those of rows that would otherwise count), its place, its pump order, and the speed
 * the time implies. `target` NaN or null stands for "no time". Positional arguments: it runs once per
 * vehicle of a million-row history, and an object per call would cost more than the check.
 */
export function usableRow<S extends PlacedStation>(
  requireTarget: boolean,
  target: number | null,
  findStation: (code: string | null, name: string | null) => S | null,
  code: string | null,
  name: string | null,
  easting: number,
  northing: number,
  pumpOrder: number | null,
): S | Exclude<DropReason, 'noIncident'> {
  const seconds = target ?? NaN;
  if (requireTarget && !Number.isFinite(seconds)) return 'missingTarget';
  if (requireTarget && (seconds < MIN_ATTENDANCE_SECONDS || seconds > MAX_ATTENDANCE_SECONDS)) {
    return 'implausibleTime';
  }
  const station = findStation(code, name);
  if (!station) return 'unknownStation';
  if (Number.isNaN(easting) || Number.isNaN(northing)) return 'noLocation';
  if (!isInLondon(easting, northing)) return 'outsideLondon';
  if (pumpOrder === null || !Number.isInteger(pumpOrder) || pumpOrder < 1) return 'noPumpOrder';
  if (
    requireTarget &&
    Math.hypot(easting - station.easting, northing - station.northing) / seconds > MAX_SPEED_M_PER_S
  ) {
    return 'implausibleSpeed';
  }
  return station;
}
