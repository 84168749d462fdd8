/**
 * The readers' defences against hostile or odd input, one at a time (the whole corpus runs in
 * tests/integration/bad-files.test.ts): DOCTYPEs, cells past column XFD, very wide rows, CR-only lines.
 */
import { describe, expect, it } from 'vitest';
import { CsvTokenizer } from '../../../main/core/ingest/csv.js';
import { FileFormatError } from '../../../main/core/ingest/errors.js';
import { MAX_COLUMNS, MAX_ROW_CHARS } from '../../../main/core/ingest/limits.js';
import { SharedStrings } from '../../../main/core/ingest/shared-strings.js';
import { SheetScanner } from '../../../main/core/ingest/sheet-scanner.js';
import { readProlog } from '../../../main/core/ingest/xml.js';
import type { Cell } from '../../../main/core/lfb/cells.js';

function tokenize(text: string, chunk: number): [number, string[]][] {
  const out: [number, string[]][] = [];
  const t = new CsvTokenizer((cells, n) => out.push([n, cells]));
  for (let i = 0; i < text.length; i += chunk) t.push(text.slice(i, i + chunk));
  t.end();
  return out;
}

function scan(xml: string, chunk = xml.length): [number, Cell[]][] {
  const rows: [number, Cell[]][] = [];
  const scanner = new SheetScanner(new SharedStrings(), (cells, n) => rows.push([n, cells]));
  for (let i = 0; i < xml.length; i += chunk) scanner.push(xml.slice(i, i + chunk));
  return rows;
}

describe('readProlog', () => {
  it('finds the root element past the declaration, processing instructions and comments', () => {
    expect(readProlog('<?xml version="1.0"?>\n<!-- <b> --><?pi x?><worksheet>')).toBe('root');
    expect(readProlog('\uFEFF<sst count="1">')).toBe('root');
  });

  it('reports a DOCTYPE, and waits for more text when the prolog is cut short', () => {
    expect(readProlog('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')).toBe('declaration');
    expect(readProlog('<?xml version="1.0"?><!-- a comment -->\n<!DOCTYPE')).toBe('declaration');
    expect(readProlog('<?xml version="1.0"?><!-- not closed')).toBe('incomplete');
    expect(readProlog('<?xml version="1.0"?><')).toBe('incomplete');
    expect(readProlog('')).toBe('incomplete');
  });
});

describe('CsvTokenizer line endings', () => {
  it('reads CR-only lines (old Mac CSV) however the text is split', () => {
    const text = 'IncidentNumber,DateOfCall\r1,01 Jan 2009\r"2","a\rb"\r3,x\r';
    const expected = [
      [1, ['IncidentNumber', 'DateOfCall']],
      [2, ['1', '01 Jan 2009']],
      [3, ['2', 'a\nb']],
      [4, ['3', 'x']],
    ];
    for (const chunk of [1, 2, 5, text.length]) expect(tokenize(text, chunk)).toEqual(expected);
  });

  it('keeps a CR inside a quoted field of an LF file as text', () => {
    expect(tokenize('"a\rb",c\n1,2\n', 3)).toEqual([
      [1, ['a\rb', 'c']],
      [2, ['1', '2']],
    ]);
  });
});

describe('SheetScanner on hostile sheets', () => {
  it('refuses a cell past column XFD instead of building a row billions of cells long', () => {
    expect(scan(`<row r="1"><c r="XFD1"><v>1</v></c></row>`)[0]![1]).toHaveLength(MAX_COLUMNS);
    for (const ref of ['XFE1', 'MWLQKWU1', `${'Z'.repeat(40)}1`]) {
      expect(() => scan(`<row r="1"><c r="${ref}"><v>1</v></c></row>`)).toThrow(
        new FileFormatError('row 1 has a cell beyond column XFD, the last column a spreadsheet can have'),
      );
    }
  });

  it('reads a 16,384-column row of untyped cells in linear time', () => {
    const cells = Array.from({ length: MAX_COLUMNS }, (_, i) => `<c><v>${i}</v></c>`).join('');
    const rows = Array.from({ length: 20 }, (_, r) => `<row r="${r + 1}">${cells}</row>`).join('');
    const started = performance.now();
    const read = scan(rows, 1 << 20);
    // Quadratic, this took minutes; linear, well under a second even on a loaded machine.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(read).toHaveLength(20);
    expect(read[19]![1][MAX_COLUMNS - 1]).toBe(MAX_COLUMNS - 1);
  });

  it('numbers rows without r the same however the XML is split, and names an oversize row', () => {
    const xml = '<row><c><v>1</v></c></row><row><c><v>2</v></c></row><row><c><v>3</v></c></row>';
    for (const chunk of [7, 13, xml.length]) expect(scan(xml, chunk).map(([n]) => n)).toEqual([1, 2, 3]);
    const huge = `<row r="1"><c><v>1</v></c></row><row r="2"><c t="inlineStr"><is><t>${'A'.repeat(MAX_ROW_CHARS)}`;
    expect(() => scan(huge, 1 << 20)).toThrow(/^row 2 is larger than/);
  });
});
