import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../main/core/lfb/cells.js';
import { detectHeader } from '../../../main/core/lfb/detect.js';
import { incidentNormaliser } from '../../../main/core/lfb/incidents.js';
import { Rejection } from '../../../main/core/lfb/reasons.js';
import type { IncidentRow } from '../../../main/core/lfb/rows.js';
import { INCIDENT_COLUMNS } from '../../../main/core/lfb/rows.js';
import { readCsv, real } from '../../fixtures/lfb-files.js';

function normaliserFor(header: string[]) {
  const d = detectHeader(header);
  if (d.status !== 'match' || d.header.kind !== 'incidents') throw new Error('not an incident header');
  return incidentNormaliser(d.header.columns);
}

const sample2009 = readCsv(real('incidents-2009-first20.csv'));
const normalise = normaliserFor(sample2009.header);
const set = (row: string[], column: string, value: Cell) => {
  const copy: Cell[] = [...row];
  copy[sample2009.header.indexOf(column)] = value;
  return copy;
};

describe('incidentNormaliser', () => {
  it('turns a 2009 row (DateOfCall like 01 Jan 2009) into the DB row', () => {
    const row = normalise(sample2009.rows[0]!) as IncidentRow;
    expect(row).not.toBeInstanceOf(Rejection);
    expect(row).toMatchObject({
      incident_number: '235138081',
      call_at: Date.parse('2009-01-01T00:00:37Z'),
      call_date_local: '2009-01-01',
      hour_of_call: 0,
      incident_group: 'Special Service',
      property_type: 'Car',
      postcode_district: 'SW11',
      borough_name: 'WANDSWORTH',
      easting_rounded: 528650,
      northing_rounded: 176850,
      first_pump_seconds: 319,
      first_pump_station: 'Battersea',
      second_pump_seconds: 342,
      second_pump_station: 'Clapham',
      pump_minutes: 60,
      notional_cost: 255,
    });
    expect(Object.keys(row).sort()).toEqual([...INCIDENT_COLUMNS].sort());
  });

  it('reads a summer call as BST', () => {
    const row = normalise(set(sample2009.rows[0]!, 'DateOfCall', '01 Jul 2009')) as IncidentRow;
    expect(new Date(row.call_at).toISOString()).toBe('2009-06-30T23:00:37.000Z');
    expect([row.call_date_local, row.hour_of_call]).toEqual(['2009-07-01', 0]);
  });

  it('converts PumpHoursRoundUp to minutes', () => {
    const header = sample2009.header.map((h) => (h === 'PumpMinutesRounded' ? 'PumpHoursRoundUp' : h));
    const row = normaliserFor(header)(set(sample2009.rows[0]!, 'PumpMinutesRounded', '2')) as IncidentRow;
    expect(row.pump_minutes).toBe(120);
  });

  it('keys a numeric IncidentNumber cell the same as its text', () => {
    const row = normalise(set(sample2009.rows[0]!, 'IncidentNumber', 235138081)) as IncidentRow;
    expect(row.incident_number).toBe('235138081');
    expect(
      (normalise(set(sample2009.rows[0]!, 'IncidentNumber', '235138081.0')) as IncidentRow).incident_number,
    ).toBe('235138081');
  });

  it.each([
    ['IncidentNumber', '', 'missing_incident_number'],
    ['DateOfCall', '31 Feb 2009', 'bad_date'],
    ['TimeOfCall', '', 'bad_date'],
    ['DateOfCall', '01 Jan 1899', 'bad_date'],
    ['FirstPumpArriving_AttendanceTime', '-5', 'negative_time'],
    ['FirstPumpArriving_AttendanceTime', '7201', 'absurd_time'],
    ['SecondPumpArriving_AttendanceTime', 'abc', 'bad_number'],
  ])('rejects %s = %j as %s', (column, value, reason) => {
    const result = normalise(set(sample2009.rows[0]!, column, value));
    expect(result).toBeInstanceOf(Rejection);
    expect((result as Rejection).reason).toBe(reason);
  });

  it('keeps blank and garbage descriptive numbers as null rather than rejecting', () => {
    const row = normalise(set(sample2009.rows[1]!, 'Easting_m', 'n/a')) as IncidentRow;
    expect(row.easting_m).toBeNull();
    expect(row.first_pump_seconds).toBeNull();
  });
});
