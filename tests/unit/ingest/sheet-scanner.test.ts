import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../main/core/lfb/cells.js';
import { SharedStrings, SharedStringsParser } from '../../../main/core/ingest/shared-strings.js';
import { columnOfRef, SheetScanner } from '../../../main/core/ingest/sheet-scanner.js';
import { collectText, decodeXmlText } from '../../../main/core/ingest/xml.js';

const SST =
  '<?xml version="1.0"?><sst count="4" uniqueCount="4"><si><t>IncidentNumber</t></si>' +
  '<si><r><rPr><b/></rPr><t xml:space="preserve">Battersea </t></r><r><t>&amp; Clapham</t></r>' +
  '<rPh><t>ignored</t></rPh></si><si/><si><t>line_x000D_</t></si><si><t>é €</t></si></sst>';

const SHEET =
  '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>Inline &lt;x&gt;</t></is></c></row>' +
  '<row r="2" spans="1:5"><c r="A2"><v>39814.5</v></c><c r="B2" t="s"><v>1</v></c><c r="D2" t="b"><v>1</v></c>' +
  '<c r="E2" t="e"><v>#N/A</v></c></row><row r="4"/>' +
  '<row r=\'5\'><c t="str"><f>A1&amp;""</f><v>formula &amp; text</v></c><c><v>-12.5</v></c><c s="3"/><c><v>7</v></c></row>' +
  '<row r="6"><c r="B6" t="d"><v>2023-03-19T14:11:51</v></c><c r="AA6"><v>2</v></c></row>' +
  '</sheetData><rowBreaks count="1"><brk id="1"/></rowBreaks></worksheet>';

function strings(): SharedStrings {
  const table = new SharedStrings();
  new SharedStringsParser(table).push(SST);
  return table;
}

function scan(xml: string, chunk: number): [number, Cell[]][] {
  const rows: [number, Cell[]][] = [];
  const scanner = new SheetScanner(strings(), (cells, n) => rows.push([n, [...cells]]));
  for (let i = 0; i < xml.length; i += chunk) scanner.push(xml.slice(i, i + chunk));
  return rows;
}

describe('shared strings', () => {
  it('joins rich-text runs, skips phonetic guides, decodes entities and _xHHHH_ escapes', () => {
    const table = strings();
    expect(table.size).toBe(5);
    expect([0, 1, 2, 3, 4].map((i) => table.get(i))).toEqual([
      'IncidentNumber',
      'Battersea & Clapham',
      '',
      'line\r',
      'é €',
    ]);
    expect(table.get(5)).toBeUndefined();
  });

  it('survives being split anywhere', () => {
    for (const chunk of [1, 3, 10]) {
      const table = new SharedStrings();
      const parser = new SharedStringsParser(table);
      for (let i = 0; i < SST.length; i += chunk) parser.push(SST.slice(i, i + chunk));
      expect(table.get(1)).toBe('Battersea & Clapham');
      expect(table.size).toBe(5);
    }
  });
});

describe('SheetScanner', () => {
  const expected: [number, Cell[]][] = [
    [1, ['IncidentNumber', undefined, 'Inline <x>']],
    [2, [39814.5, 'Battersea & Clapham', undefined, true, null]],
    [5, ['formula & text', -12.5, undefined, 7]],
    [6, [undefined, '2023-03-19T14:11:51', ...new Array<undefined>(24), 2]],
  ];

  it('reads values by type and places cells by their reference', () => {
    const rows = scan(SHEET, SHEET.length);
    expect(rows.map(([n]) => n)).toEqual([1, 2, 5, 6]);
    rows.forEach(([, cells], i) => expect([...cells]).toEqual(expected[i]![1]));
  });

  it('gives the same rows however the XML is chunked', () => {
    const whole = JSON.stringify(scan(SHEET, SHEET.length));
    for (const chunk of [1, 2, 7, 50]) expect(JSON.stringify(scan(SHEET, chunk))).toBe(whole);
  });
});

describe('xml helpers', () => {
  it('column letters', () => {
    expect([
      columnOfRef('A1'),
      columnOfRef('Z9'),
      columnOfRef('AA10'),
      columnOfRef('XFD1'),
      columnOfRef('12'),
    ]).toEqual([0, 25, 26, 16383, -1]);
  });

  it('decodes entities', () => {
    expect(decodeXmlText('a &amp;&lt;&gt;&quot;&apos; &#163;&#xA3;')).toBe('a &<>"\' ££');
    expect(collectText('<t/>')).toBe('');
  });
});
