import type { SchoolHolidayRange } from '../../../main/core/calendar/schoolHolidays.js';
import type { CallInput, StationRecord } from '../../../main/core/features/spec.js';

export const STATIONS: StationRecord[] = [
  { code: 'A21', name: 'Paddington', easting: 526_141, northing: 181_692 },
  { code: 'A23', name: 'Euston', easting: 529_765, northing: 182_624 },
  { code: 'H27', name: 'Battersea', easting: 528_200, northing: 176_500 },
];

export const SCHOOL: SchoolHolidayRange[] = [
  { name: 'February half-term 2023', start: '2023-02-11', end: '2023-02-19' },
  { name: 'Summer 2023', start: '2023-07-22', end: '2023-09-03' },
  { name: 'Christmas 2023/24', start: '2023-12-23', end: '2024-01-07' },
];

export const BASE: CallInput = {
  easting: 527_000,
  northing: 182_000,
  callTime: new Date('2023-03-14T10:15:00Z'),
  stationCode: 'A21',
  stationGround: 'Paddington',
  borough: 'WESTMINSTER',
  ward: 'Little Venice',
  postcodeDistrict: 'W2',
  propertyCategory: 'Dwelling',
  propertyType: 'Purpose Built Flats/Maisonettes - 4 to 9 storeys ',
  incidentGroup: 'Fire',
  stopCode: 'Primary Fire',
  specialServiceType: null,
  addressQualifier: 'Correct incident location',
  pumpOrder: 1,
  deployedFromHome: true,
};

/** A deterministic mix of calls over three stations, boroughs and times, with a target that depends on them. */
export function syntheticRows(n: number, seed = 7): { inputs: CallInput[]; target: number[] } {
  let s = seed;
  const rnd = () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const boroughs = ['WESTMINSTER', 'Camden', 'WANDSWORTH', 'Islington'];
  const types = ['Fire', 'False Alarm', 'Special Service'];
  const inputs: CallInput[] = [];
  const target: number[] = [];
  const from = Date.UTC(2022, 0, 1);
  for (let i = 0; i < n; i++) {
    const station = STATIONS[Math.floor(rnd() * STATIONS.length)]!;
    const e = station.easting + (rnd() - 0.5) * 6000;
    const north = station.northing + (rnd() - 0.5) * 6000;
    const borough = boroughs[Math.floor(rnd() * boroughs.length)]!;
    const input: CallInput = {
      ...BASE,
      easting: e,
      northing: north,
      callTime: new Date(from + Math.floor(rnd() * 2 * 365 * 86_400_000)),
      stationCode: station.code,
      stationGround: STATIONS[Math.floor(rnd() * STATIONS.length)]!.name,
      borough,
      ward: `Ward ${Math.floor(rnd() * 40)}`,
      postcodeDistrict: `W${Math.floor(rnd() * 12)}`,
      incidentGroup: types[Math.floor(rnd() * types.length)]!,
      pumpOrder: 1 + Math.floor(rnd() * 3),
      deployedFromHome: rnd() < 0.9 ? true : rnd() < 0.5 ? false : null,
      temperatureC: rnd() < 0.5 ? 5 + rnd() * 20 : null,
    };
    inputs.push(input);
    const d = Math.hypot(e - station.easting, north - station.northing);
    target.push(120 + d / 6 + (borough === 'Camden' ? 60 : 0) + input.pumpOrder * 30 + rnd() * 30);
  }
  return { inputs, target };
}
