/**
 * A spreadsheet re-saved keeps numbers to 15 significant digits (Excel): 181692.21563917032 comes back
 * as 181692.21563917. That is not a correction, and must not be counted or stored as one — it would
 * bury real corrections and block the undo of earlier imports. A real correction still is one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../main/core/ingest/index.js';
import { real, tempDir } from '../fixtures/lfb-files.js';

const { dir, cleanup } = tempDir('pump-eta-precision-');
afterAll(() => cleanup());

/** The real stations list with every decimal rewritten by `rewrite`, as a spreadsheet would save it. */
function stationsWith(name: string, rewrite: (value: number, column: string, row: number) => number): string {
  const [header, ...lines] = fs.readFileSync(real('stations.csv'), 'utf8').trimEnd().split(/\r?\n/);
  const columns = header!.split(',');
  const numeric = new Set(['latitude', 'longitude', 'easting', 'northing']);
  const out = lines.map((line, row) =>
    line
      .split(',')
      .map((cell, i) =>
        numeric.has(columns[i]!) && cell !== '' ? String(rewrite(Number(cell), columns[i]!, row)) : cell,
      )
      .join(','),
  );
  const file = path.join(dir, name);
  fs.writeFileSync(file, [header, ...out].join('\n') + '\n');
  return file;
}

describe('numbers as spreadsheets save them', () => {
  it('15 significant digits change nothing; a station moved by 5 m is a correction', async () => {
    const db = path.join(dir, 'history.sqlite');
    const first = await importFiles(db, [real('stations.csv')]);
    expect(first.errors).toEqual([]);
    const stored = first.files[0]!.rowsImported;
    expect(stored).toBeGreaterThan(100);

    const excel = stationsWith('stations-excel.csv', (v) => Number(v.toPrecision(15)));
    // The file does differ from the stored values, in the last digits.
    expect(fs.readFileSync(excel, 'utf8')).not.toBe(fs.readFileSync(real('stations.csv'), 'utf8'));
    const resaved = await importFiles(db, [excel]);
    expect(resaved.errors).toEqual([]);
    expect(resaved.files[0]).toMatchObject({ rowsImported: 0, rowsChanged: 0, rowsDuplicate: stored });

    const moved = stationsWith('stations-one-moved.csv', (v, column, row) =>
      row === 0 && column === 'easting' ? v + 5 : v,
    );
    const corrected = await importFiles(db, [moved]);
    expect(corrected.errors).toEqual([]);
    expect(corrected.files[0]).toMatchObject({ rowsChanged: 1, rowsDuplicate: stored - 1 });
  });
});
