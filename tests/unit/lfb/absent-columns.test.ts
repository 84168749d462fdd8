import { describe, expect, it } from 'vitest';
import { ABSENT_COLUMN_SOURCES, absentStoredColumns } from '../../../main/core/lfb/absent-columns.js';
import { detectHeader } from '../../../main/core/lfb/detect.js';
import { columnsOf } from '../../../main/core/lfb/rows.js';
import { readCsv, real } from '../../fixtures/lfb-files.js';

describe('absentStoredColumns', () => {
  it('names only stored columns', () => {
    for (const kind of ['incidents', 'mobilisations', 'stations'] as const) {
      const stored = new Set(columnsOf(kind));
      for (const column of Object.keys(ABSENT_COLUMN_SOURCES[kind])) expect(stored).toContain(column);
    }
  });

  it('is empty for the full real Incident header and names a renamed column', () => {
    const { header } = readCsv(real('incidents-2023-sample.csv'));
    const full = detectHeader(header);
    if (full.status !== 'match') throw new Error('header not recognised');
    expect(absentStoredColumns(full.header)).toEqual([]);
    const renamed = detectHeader(
      header.map((h) => (h === 'FirstPumpArriving_AttendanceTime' ? 'FirstPump_Attendance' : h)),
    );
    if (renamed.status !== 'match') throw new Error('header not recognised');
    expect(absentStoredColumns(renamed.header)).toEqual(['first_pump_seconds']);
  });
});
