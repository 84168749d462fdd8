import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../main/core/lfb/cells.js';
import { detectHeader } from '../../../main/core/lfb/detect.js';
import { mobilisationNormaliser, performanceReporting } from '../../../main/core/lfb/mobilisations.js';
import { Rejection } from '../../../main/core/lfb/reasons.js';
import { MOBILISATION_COLUMNS, type MobilisationRow } from '../../../main/core/lfb/rows.js';
import { readCsv, real } from '../../fixtures/lfb-files.js';

function normaliserFor(header: string[]) {
  const d = detectHeader(header);
  if (d.status !== 'match' || d.header.kind !== 'mobilisations') throw new Error('not a mobilisation header');
  return mobilisationNormaliser(d.header.columns);
}

const sample = readCsv(real('mobilisations-2009-first20.csv'));
const normalise = normaliserFor(sample.header);
const set = (row: readonly Cell[], values: Record<string, Cell>) => {
  const copy: Cell[] = [...row];
  for (const [column, value] of Object.entries(values)) copy[sample.header.indexOf(column)] = value;
  return copy;
};
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('mobilisationNormaliser', () => {
  it('parses day-first 2009 times as GMT and keys the row by ResourceMobilisationId (within its incident)', () => {
    const row = normalise(sample.rows[1]!) as MobilisationRow;
    expect(row).toMatchObject({
      dedupe_key: '38427',
      incident_number: '235138081',
      resource_code: 'H212',
      performance_reporting: '2',
      mobilised_date_local: '2009-01-01',
      mobilised_hour: 0,
      turnout_seconds: 253,
      travel_seconds: 89,
      attendance_seconds: 342,
      station_code: 'H21',
      station_name: 'Clapham',
      deployed_from_location: 'Home Station',
      pump_order: 2,
    });
    expect(iso(row.mobilised_at)).toBe('2009-01-01T00:02:27.000Z');
    expect(iso(row.mobile_at)).toBe('2009-01-01T00:06:40.000Z');
    expect(iso(row.arrived_at)).toBe('2009-01-01T00:08:09.000Z');
    expect(Object.keys(row).sort()).toEqual([...MOBILISATION_COLUMNS].sort());
    expect((normalise(sample.rows[8]!) as MobilisationRow).delay_code_id).toBe('12');
  });

  it('reads BST in summer', () => {
    const row = normalise(
      set(sample.rows[1]!, {
        DateAndTimeMobilised: '01/07/2009 12:00:00',
        DateAndTimeArrived: '01/07/2009 12:05:42',
      }),
    ) as MobilisationRow;
    expect(iso(row.mobilised_at)).toBe('2009-07-01T11:00:00.000Z');
    expect(row.mobilised_hour).toBe(12);
  });

  it('derives the attendance time from the timestamps when the column is blank', () => {
    const row = normalise(set(sample.rows[0]!, { AttendanceTimeSeconds: '' })) as MobilisationRow;
    expect(row.attendance_seconds).toBe(319);
  });

  it('takes the second occurrence of an autumn-overlap arrival that would precede its mobilisation', () => {
    const row = normalise(
      set(sample.rows[1]!, {
        DateAndTimeMobilised: '25/10/2009 01:58:00',
        DateAndTimeMobile: '25/10/2009 01:59:30',
        DateAndTimeArrived: '25/10/2009 01:03:00',
        AttendanceTimeSeconds: '300',
      }),
    ) as MobilisationRow;
    expect(row).not.toBeInstanceOf(Rejection);
    expect(iso(row.mobilised_at)).toBe('2009-10-25T00:58:00.000Z');
    expect(iso(row.mobile_at)).toBe('2009-10-25T00:59:30.000Z');
    expect(iso(row.arrived_at)).toBe('2009-10-25T01:03:00.000Z');
  });

  it.each([
    [{ IncidentNumber: ' ' }, 'missing_incident_number'],
    [{ DateAndTimeMobilised: '' }, 'bad_date'],
    [{ DateAndTimeMobilised: '01/13/2009 00:00:00' }, 'bad_date'],
    [{ DateAndTimeArrived: 'later' }, 'bad_date'],
    [{ DateAndTimeArrived: '01/01/2009 00:01:00' }, 'arrival_before_mobilisation'],
    [{ AttendanceTimeSeconds: '-1' }, 'negative_time'],
    [{ AttendanceTimeSeconds: '9000' }, 'absurd_time'],
    [{ AttendanceTimeSeconds: '', DateAndTimeArrived: '01/01/2009 03:00:00' }, 'absurd_time'],
    [{ TravelTimeSeconds: 'x' }, 'bad_number'],
  ])('rejects %j as %s', (values, reason) => {
    const result = normalise(set(sample.rows[1]!, values));
    expect(result).toBeInstanceOf(Rejection);
    expect((result as Rejection).reason).toBe(reason);
  });

  it('keys rows without ResourceMobilisationId by their content, the same for text and number cells', () => {
    const header = sample.header.filter((h) => h !== 'ResourceMobilisationId');
    const withoutId = normaliserFor(header);
    const strip = (row: readonly Cell[]) =>
      row.filter((_, i) => i !== sample.header.indexOf('ResourceMobilisationId'));
    const a = withoutId(strip(sample.rows[1]!)) as MobilisationRow;
    const b = withoutId(
      strip(set(sample.rows[1]!, { TurnoutTimeSeconds: 253, PumpOrder: 2 })),
    ) as MobilisationRow;
    const c = withoutId(strip(sample.rows[0]!)) as MobilisationRow;
    expect(a.dedupe_key).toMatch(/^#[\w-]{22}$/);
    expect(b.dedupe_key).toBe(a.dedupe_key);
    expect(c.dedupe_key).not.toBe(a.dedupe_key);
  });
});

describe('performanceReporting', () => {
  it('undoes Excel reading 1/2 as the dates 1900-01-01/02', () => {
    expect(performanceReporting('1')).toBe('1');
    expect(performanceReporting(2)).toBe('2');
    expect(performanceReporting('1.0')).toBe('1');
    expect(performanceReporting('1900-01-01 00:00:00')).toBe('1');
    expect(performanceReporting('1900-01-02')).toBe('2');
    expect(performanceReporting('02/01/1900')).toBe('2');
    expect(performanceReporting(new Date(Date.UTC(1900, 0, 2)))).toBe('2');
    expect(performanceReporting('')).toBeNull();
  });
});
