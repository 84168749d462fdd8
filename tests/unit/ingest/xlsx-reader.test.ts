import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFormatError } from '../../../main/core/ingest/errors.js';
import { openXlsx } from '../../../main/core/ingest/xlsx-reader.js';
import { readZipDirectory } from '../../../main/core/ingest/zip.js';
import type { Row } from '../../../main/core/lfb/cells.js';
import { tempDir, writeXlsx } from '../../fixtures/lfb-files.js';

/** A minimal zip of stored entries (the reader does not check CRCs, so they are left zero). */
function storedZip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const nameBuf = Buffer.from(name);
    const data = Buffer.from(text);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

async function allRows(
  file: string,
  sheetIndex = 0,
): Promise<{ name: string; rows: Row[]; numbers: number[] }> {
  const source = await openXlsx(file, fs.statSync(file).size);
  let i = 0;
  for await (const sheet of source.sheets()) {
    if (i++ !== sheetIndex) continue;
    const rows: Row[] = [];
    const numbers: number[] = [];
    for await (const batch of sheet.batches()) {
      rows.push(...batch.rows);
      numbers.push(...batch.rowNumbers);
    }
    return { name: sheet.name, rows, numbers };
  }
  throw new Error('no such sheet');
}

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('openXlsx', () => {
  it('lists sheets in workbook order and streams their cells (dates as serials, text, numbers)', async () => {
    const file = await writeXlsx(path.join(dir, 'two.xlsx'), [
      { name: 'Notes', rows: [['Read me'], ['Source: LFB']] },
      {
        name: 'Mobilisations',
        rows: [
          ['IncidentNumber', 'DateAndTimeMobilised', 'PumpOrder', 'PerformanceReporting'],
          [
            '000008-01012018',
            new Date(Date.UTC(2018, 0, 1, 0, 4, 25)),
            1,
            { value: 1, numFmt: 'yyyy-mm-dd' },
          ],
          [],
          ['000009-01012018', 'text & <markup>', 2.5, null],
        ],
      },
    ]);
    const notes = await allRows(file, 0);
    expect(notes.name).toBe('Notes');
    const sheet = await allRows(file, 1);
    expect(sheet.name).toBe('Mobilisations');
    expect(sheet.numbers).toEqual([1, 2, 4]);
    expect(sheet.rows[0]).toEqual([
      'IncidentNumber',
      'DateAndTimeMobilised',
      'PumpOrder',
      'PerformanceReporting',
    ]);
    const [id, mobilised, order, perf] = sheet.rows[1]!;
    expect(id).toBe('000008-01012018');
    // 2018-01-01 00:04:25 as an Excel serial.
    expect(mobilised as number).toBeCloseTo(43101 + (4 * 60 + 25) / 86400, 9);
    expect([order, perf]).toEqual([1, 1]);
    expect(sheet.rows[2]!.slice(1, 3)).toEqual(['text & <markup>', 2.5]);
  });

  it('refuses a truncated workbook before reading any rows', async () => {
    const file = await writeXlsx(path.join(dir, 'full.xlsx'), [{ name: 'S', rows: [['a'], ['b']] }]);
    const bytes = fs.readFileSync(file);
    const cut = path.join(dir, 'cut.xlsx');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(readZipDirectory(cut)).rejects.toThrow(/truncated or damaged/);
    await expect(openXlsx(cut, fs.statSync(cut).size)).rejects.toBeInstanceOf(FileFormatError);
  });

  it('refuses a zip that is not a workbook', async () => {
    const file = path.join(dir, 'other.xlsx');
    fs.writeFileSync(file, storedZip({ 'hello.txt': 'hi' }));
    expect([...(await readZipDirectory(file)).keys()]).toEqual(['hello.txt']);
    await expect(openXlsx(file, fs.statSync(file).size)).rejects.toThrow(/not an Excel workbook/);
  });

  it('reads a hand-made workbook without relationships, with inline strings and the 1904 date system', async () => {
    const file = path.join(dir, 'bare.xlsx');
    fs.writeFileSync(
      file,
      storedZip({
        'xl/workbook.xml':
          '<workbook><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1"/></sheets></workbook>',
        'xl/worksheets/sheet1.xml':
          '<worksheet><sheetData><row><c t="inlineStr"><is><t>IncidentNumber</t></is></c></row>' +
          '<row><c t="inlineStr"><is><t>42</t></is></c></row></sheetData></worksheet>',
      }),
    );
    const source = await openXlsx(file, fs.statSync(file).size);
    expect(source.date1904).toBe(true);
    expect((await allRows(file)).rows).toEqual([['IncidentNumber'], ['42']]);
  });
});
