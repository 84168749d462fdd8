import { describe, expect, it } from 'vitest';
import { NO_STRING, StringPool } from '../../../main/core/util/string-pool.js';

describe('StringPool', () => {
  it('gives each distinct string one id, in order of first sight', () => {
    const pool = new StringPool();
    const ids = ['BARNET', 'ISLINGTON', 'BARNET', '', 'ISLINGTON', 'Barnet'].map((s) => pool.id(s));
    expect(ids).toEqual([0, 1, 0, 2, 1, 3]);
    expect(pool.size).toBe(4);
    expect(ids.map((id) => pool.text(id))).toEqual([
      'BARNET',
      'ISLINGTON',
      'BARNET',
      '',
      'ISLINGTON',
      'Barnet',
    ]);
  });

  it('keeps absent values apart from every string, the empty one included', () => {
    const pool = new StringPool();
    expect(pool.id(null)).toBe(NO_STRING);
    expect(pool.id(undefined)).toBe(NO_STRING);
    expect(pool.text(NO_STRING)).toBeNull();
    expect(pool.id('')).toBe(0);
    expect(pool.text(0)).toBe('');
    expect(pool.size).toBe(1);
  });

  it('returns the same string object for repeats built separately', () => {
    const pool = new StringPool();
    const first = ['HOME', 'STATION'].join(' ');
    const again = ['HOME', 'STATION'].join(' ');
    expect(pool.text(pool.id(again))).toBe(pool.text(pool.id(first)));
  });

  it('refuses an id it never gave', () => {
    const pool = new StringPool();
    pool.id('A');
    expect(() => pool.text(1)).toThrow(/not in the pool/);
    expect(() => pool.text(-2)).toThrow(/not in the pool/);
  });
});
