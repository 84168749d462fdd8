import { describe, expect, it } from 'vitest';
import { CsvTokenizer } from '../../../main/core/ingest/csv.js';
import { FileFormatError } from '../../../main/core/ingest/errors.js';
import { MAX_CELL_CHARS } from '../../../main/core/ingest/limits.js';

/** Feeds text in pieces of `chunk` characters; returns records with their row numbers. */
function tokenize(text: string, chunk = text.length || 1): [number, string[]][] {
  const out: [number, string[]][] = [];
  const t = new CsvTokenizer((cells, n) => out.push([n, cells]));
  for (let i = 0; i < text.length; i += chunk) t.push(text.slice(i, i + chunk));
  t.end();
  return out;
}

const TRICKY =
  '\uFEFFIncidentNumber,PropertyType,Notional Cost (£)\r\n' +
  '1,"Flats, 4 to 9 storeys",364\r\n' +
  '\r\n' +
  '2,"He said ""fire""",\n' +
  '3,"two\r\nlines",12\n' +
  '4,unquoted "inner" quote,7\n' +
  '5,short\n' +
  '6,"trailing"text,1';

const EXPECTED: [number, string[]][] = [
  [1, ['IncidentNumber', 'PropertyType', 'Notional Cost (£)']],
  [2, ['1', 'Flats, 4 to 9 storeys', '364']],
  [3, ['2', 'He said "fire"', '']],
  [4, ['3', 'two\r\nlines', '12']],
  [5, ['4', 'unquoted "inner" quote', '7']],
  [6, ['5', 'short']],
  [7, ['6', 'trailingtext', '1']],
];

describe('CsvTokenizer', () => {
  it('handles a BOM, quoted commas, doubled quotes, CRLF, embedded newlines and blank lines', () => {
    expect(tokenize(TRICKY)).toEqual(EXPECTED);
  });

  it('gives the same records however the input is split into chunks', () => {
    for (const chunk of [1, 2, 3, 5, 7, 16, 64]) expect(tokenize(TRICKY, chunk)).toEqual(EXPECTED);
  });

  it('handles a final line without a newline and a lone header', () => {
    expect(tokenize('a,b\n1,2')).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
    ]);
    expect(tokenize('a,b\r\n')).toEqual([[1, ['a', 'b']]]);
    expect(tokenize('')).toEqual([]);
  });

  it('refuses an unclosed quote and an oversized cell with the row number', () => {
    expect(() => tokenize('a,b\n1,"never closed\n2,3\n')).toThrow(
      /row 2 has a quoted field that is never closed/,
    );
    const big = 'x'.repeat(MAX_CELL_CHARS + 1);
    expect(() => tokenize(`a,b\n1,${big}\n`)).toThrow(FileFormatError);
    expect(() => tokenize(`a,b\n1,"${big}"\n`, 4096)).toThrow(/row 2 has a cell of/);
  });

  it('refuses a megabyte cell quickly, before the whole line is buffered', () => {
    const t = new CsvTokenizer(() => {});
    t.push('a,b\n1,');
    expect(() => {
      for (let i = 0; i < 8; i++) t.push('y'.repeat(1024 * 1024));
    }).toThrow(/longer than/);
  });
});

describe('CsvTokenizer: semicolon files from a European Excel', () => {
  const SEMI =
    'Incidents export;;\r\n' + // a title line with no comma: the next line decides
    'IncidentNumber;PropertyType;Latitude;Note\r\n' +
    '1;"Flats; 4 to 9 storeys";51,5074;"a, b"\r\n' +
    '2;House;-0,1278;7,5 hours, roughly\r\n';

  it('splits on semicolons, keeps quoted ones, and reads decimal commas in number cells only', () => {
    for (const chunk of [SEMI.length, 7, 1]) {
      const rows: string[][] = [];
      const tok = new CsvTokenizer((cells) => rows.push(cells));
      for (let i = 0; i < SEMI.length; i += chunk) tok.push(SEMI.slice(i, i + chunk));
      tok.end();
      expect(tok.separator, `chunk ${chunk}`).toBe(';');
      expect(rows, `chunk ${chunk}`).toEqual([
        ['Incidents export', '', ''],
        ['IncidentNumber', 'PropertyType', 'Latitude', 'Note'],
        ['1', 'Flats; 4 to 9 storeys', '51.5074', 'a, b'],
        ['2', 'House', '-0.1278', '7,5 hours, roughly'],
      ]);
    }
  });

  it('keeps commas as the separator when the header has more of them', () => {
    const tok = new CsvTokenizer(() => {});
    tok.push('IncidentNumber,Note\n1,"a; b; c"\n');
    tok.end();
    expect(tok.separator).toBe(',');
    expect(tokenize('IncidentNumber,Note\n1,7;5\n')).toEqual([
      [1, ['IncidentNumber', 'Note']],
      [2, ['1', '7;5']],
    ]);
  });
});
