import type { StationRef } from '../../../../contract/index.js';

/** The station a ground name or code refers to (the data names grounds by station name). */
export function findStation(
  stations: readonly StationRef[],
  nameOrCode: string | null | undefined,
): StationRef | null {
  if (!nameOrCode) return null;
  const wanted = nameOrCode.trim().toLowerCase();
  return stations.find((s) => s.code.toLowerCase() === wanted || s.name.toLowerCase() === wanted) ?? null;
}

export function sortedByName(stations: readonly StationRef[]): StationRef[] {
  return [...stations].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}
