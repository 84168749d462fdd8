import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { generateSynthetic, INCIDENT_COLUMNS, MOBILISATION_COLUMNS } from '../../../tools/synthetic/index.js';
import { readCsv, tempDir } from './helpers.js';

type Value = ExcelJS.CellValue;

async function readSheet(file: string): Promise<Value[][]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const rows: Value[][] = [];
  for await (const sheet of reader) {
    for await (const row of sheet) rows.push((row.values as Value[]).slice(1));
  }
  return rows;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The CSV text a cell stands for, reading date cells' fields as the wall clock they are. */
function asCsvText(value: Value, name: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const d = `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
    if (name === 'DateOfCall')
      return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    return `${d} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`;
  }
  return String(value);
}

const OPTIONS = { mobilisations: 400, seed: 'xlsx', startDate: '2023-10-20', months: 1 } as const;

describe('synthetic xlsx output', () => {
  it('is readable by exceljs, with real date cells, and holds the same records as the CSV for the same seed', async () => {
    const [xlsx, csv] = await Promise.all([
      generateSynthetic({ ...OPTIONS, outDir: tempDir('xlsx'), format: 'xlsx' }),
      generateSynthetic({ ...OPTIONS, outDir: tempDir('xlsx-csv'), format: 'csv' }),
    ]);
    expect(xlsx.incidents).toBe(csv.incidents);
    for (const [file, csvFile, columns] of [
      [xlsx.incidentsFile, csv.incidentsFile, INCIDENT_COLUMNS],
      [xlsx.mobilisationsFile, csv.mobilisationsFile, MOBILISATION_COLUMNS],
    ] as const) {
      const [header, ...rows] = await readSheet(file);
      expect(header).toEqual(columns.map((c) => c.name));
      const expected = readCsv(csvFile);
      expect(rows).toHaveLength(expected.length);
      let dates = 0;
      rows.forEach((row, r) => {
        columns.forEach((c, i) => {
          const value = row[i];
          if (c.kind === 'date' || c.kind === 'datetime') {
            if (value !== null && value !== undefined) {
              expect(value, c.name).toBeInstanceOf(Date);
              dates++;
            }
          } else if (c.kind !== 'text' && value !== null && value !== undefined) {
            expect(typeof value, c.name).toBe('number');
          }
          const text = asCsvText(value, c.name);
          const want = expected[r]![c.name]!;
          if (c.kind === 'float' && want !== '') expect(Number(text), c.name).toBe(Number(want));
          else if (c.kind === 'coord' && want !== '') expect(Number(text)).toBeCloseTo(Number(want), 9);
          else expect(text, `${c.name} row ${r + 2}`).toBe(want);
        });
      });
      expect(dates).toBeGreaterThanOrEqual(rows.length);
    }
  });
});
