import { describe, expect, it } from 'vitest';
import { decodeRows, RowEncoder, transferList, type CellValue } from '../../../main/core/ingest/row-codec.js';

const COLUMNS = ['a', 'b', 'c'] as const;

function roundTrip(rows: readonly Record<string, unknown>[], capacity = rows.length): CellValue[][] {
  const encoder = new RowEncoder(COLUMNS, capacity);
  const out: CellValue[][] = [];
  for (const row of rows) {
    encoder.add(row);
    if (encoder.full) decodeRows(structuredClone(encoder.take()), (v) => out.push([...v]));
  }
  if (encoder.size > 0) decodeRows(structuredClone(encoder.take()), (v) => out.push([...v]));
  return out;
}

describe('row codec', () => {
  it('brings back every text, number and null exactly, in column order', () => {
    const tricky = [
      '',
      'plain',
      'St Mary’s, “quoted”',
      '\u0000nul',
      '\uD800 lone high surrogate',
      'lone low \uDC00',
      '🚒 emoji',
      'x'.repeat(40_000),
      '__proto__',
    ];
    const numbers = [0, -0, 1.5, -273.15, 1_700_000_000_000, Number.MAX_SAFE_INTEGER, 5e-324];
    const rows = [
      ...tricky.map((t, i) => ({ a: t, b: numbers[i % numbers.length], c: null })),
      { a: null, b: null, c: 'last' },
      { c: 'missing fields read as null' },
    ];
    const got = roundTrip(rows, 4);
    expect(got).toEqual(rows.map((r) => COLUMNS.map((k) => (r as Record<string, unknown>)[k] ?? null)));
    expect(Object.is(got[1]![1], -0)).toBe(true);
  });

  it('starts afresh after take(): a batch is independent of the next', () => {
    const encoder = new RowEncoder(COLUMNS, 2);
    encoder.add({ a: 'one', b: 1, c: null });
    const first = encoder.take();
    encoder.add({ a: 'two', b: 2, c: 'x' });
    const second = encoder.take();
    const decoded: CellValue[][] = [];
    decodeRows(first, (v) => decoded.push([...v]));
    decodeRows(second, (v) => decoded.push([...v]));
    expect(decoded).toEqual([
      ['one', 1, null],
      ['two', 2, 'x'],
    ]);
    expect(transferList(first)).toHaveLength(3);
    expect(new Set(transferList(first)).size).toBe(3);
  });

  it('refuses a value that is neither text, number nor null, and more rows than it holds', () => {
    const encoder = new RowEncoder(COLUMNS, 1);
    expect(() => encoder.add({ a: true })).toThrow(/column a holds a boolean/);
    const ok = new RowEncoder(COLUMNS, 1);
    ok.add({ a: 'x' });
    expect(() => ok.add({ a: 'y' })).toThrow(/full/);
  });

  it('detects a batch whose text and lengths disagree', () => {
    const encoder = new RowEncoder(COLUMNS, 1);
    encoder.add({ a: 'abc', b: 1, c: 'def' });
    const batch = { ...encoder.take(), text: 'abcdefEXTRA' };
    expect(() => decodeRows(batch, () => {})).toThrow(/corrupt batch/);
  });
});
