import { describe, expect, it } from 'vitest';
import { headerKey } from '../../../main/core/lfb/columns.js';
import { detectHeader } from '../../../main/core/lfb/detect.js';
import { readCsv, real } from '../../fixtures/lfb-files.js';

const headerOf = (file: string) => readCsv(real(file)).header;

describe('headerKey', () => {
  it('ignores case, punctuation, a mangled £ and pandas merge suffixes', () => {
    expect(headerKey('Notional Cost (£)')).toBe('notionalcost');
    expect(headerKey('Notional Cost (Â£)')).toBe('notionalcost');
    expect(headerKey(' CalYear_x ')).toBe('calyear');
    expect(headerKey('HourOfCall_y')).toBe('hourofcall');
    expect(headerKey('DeployedFromStation_Code')).toBe('deployedfromstationcode');
  });
});

describe('detectHeader', () => {
  it('recognises the real Incident, Mobilisation and stations headers', () => {
    const inc = detectHeader(headerOf('incidents-2023-sample.csv'));
    expect(inc.status === 'match' && inc.header.kind).toBe('incidents');
    const mob = detectHeader(headerOf('mobilisations-2009-first20.csv'));
    expect(mob.status === 'match' && mob.header.kind).toBe('mobilisations');
    const sta = detectHeader(headerOf('stations.csv'));
    expect(sta.status === 'match' && sta.header.kind).toBe('stations');
  });

  it('maps renamed columns: PumpHoursRoundUp, a different cost spelling', () => {
    const header = headerOf('incidents-2009-first20.csv').map((h) =>
      h === 'PumpMinutesRounded' ? 'PumpHoursRoundUp' : h === 'Notional Cost (£)' ? 'NotionalCost' : h,
    );
    const d = detectHeader(header);
    if (d.status !== 'match' || d.header.kind !== 'incidents') throw new Error('not an incident header');
    expect(d.header.columns.pumpMinutes).toBe(-1);
    expect(d.header.columns.pumpHours).toBe(header.indexOf('PumpHoursRoundUp'));
    expect(d.header.columns.notionalCost).toBe(header.indexOf('NotionalCost'));
  });

  it('takes newer Mobilisation files with BoroughName and WardName', () => {
    const header = [...headerOf('mobilisations-2009-first20.csv'), 'BoroughName', 'WardName'];
    const d = detectHeader(header);
    if (d.status !== 'match' || d.header.kind !== 'mobilisations')
      throw new Error('not a mobilisation header');
    expect(d.header.columns.boroughName).toBe(22);
    expect(d.header.columns.wardName).toBe(23);
  });

  it('reads the joined notebook file (index column, _x/_y suffixes) as a Mobilisation file, with a note', () => {
    const header = headerOf('joined-2016-10rows.csv');
    expect(header[0]).toBe('');
    const d = detectHeader(header);
    if (d.status !== 'match' || d.header.kind !== 'mobilisations')
      throw new Error('not a mobilisation header');
    expect(d.header.columns.incidentNumber).toBe(1);
    expect(d.header.columns.mobilisedAt).toBe(header.indexOf('DateAndTimeMobilised'));
    expect(d.header.notes[0]).toMatch(/imported as a Mobilisation file/);
  });

  it('names the missing required columns', () => {
    const header = headerOf('incidents-2009-first20.csv').filter((h) => h !== 'IncidentNumber');
    expect(detectHeader(header)).toEqual({
      status: 'incomplete',
      kind: 'incidents',
      label: 'Incident',
      missing: ['IncidentNumber'],
    });
    const mob = headerOf('mobilisations-2009-first20.csv').filter(
      (h) => h !== 'DateAndTimeArrived' && h !== 'AttendanceTimeSeconds',
    );
    const d = detectHeader(mob);
    expect(d.status === 'incomplete' && d.missing).toEqual(['DateAndTimeArrived or AttendanceTimeSeconds']);
    const st = detectHeader(['name', 'callsign', 'borough', 'latitude']);
    expect(st.status === 'incomplete' && st.missing).toEqual(['latitude + longitude or easting + northing']);
  });

  it('accepts stations files with lat/lon only or a plain code column', () => {
    const d = detectHeader(['Station', 'Code', 'Lat', 'Lon']);
    expect(d.status === 'match' && d.header.kind).toBe('stations');
  });

  it('returns none for other tables', () => {
    expect(detectHeader(['Column', 'Sample record', 'Description'])).toEqual({ status: 'none' });
    expect(detectHeader([])).toEqual({ status: 'none' });
  });
});
