import { describe, expect, it } from 'vitest';
import {
  MAX_ATTENDANCE_SECONDS,
  MAX_SPEED_M_PER_S,
  MIN_ATTENDANCE_SECONDS,
  usableRow,
} from '../../../main/core/training/usable.js';

/** A station in central London, and a call 1 km east of it. */
const STATION = { code: 'A21', easting: 529_600, northing: 181_000 };
const CALL = { easting: 530_600, northing: 181_000 };
const find = (code: string | null) => (code === STATION.code ? STATION : null);

const check = (
  over: Partial<{
    requireTarget: boolean;
    target: number | null;
    code: string | null;
    easting: number;
    northing: number;
    pumpOrder: number | null;
  }> = {},
) => {
  const r = { requireTarget: true, target: 300, code: STATION.code, ...CALL, pumpOrder: 1, ...over };
  return usableRow(r.requireTarget, r.target, find, r.code, null, r.easting, r.northing, r.pumpOrder);
};

describe('usableRow: the one rule training and monitoring keep vehicle rows by', () => {
  it('keeps a plausible row and gives its station', () => {
    expect(check()).toBe(STATION);
  });

  it('names each reason a row is dropped for', () => {
    expect(check({ target: null })).toBe('missingTarget');
    expect(check({ target: NaN })).toBe('missingTarget');
    expect(check({ target: MIN_ATTENDANCE_SECONDS - 1 })).toBe('implausibleTime');
    expect(check({ target: MAX_ATTENDANCE_SECONDS + 1 })).toBe('implausibleTime');
    expect(check({ code: 'NOPE' })).toBe('unknownStation');
    expect(check({ easting: NaN })).toBe('noLocation');
    // Edinburgh: a real place, not London's.
    expect(check({ easting: 325_000, northing: 673_000 })).toBe('outsideLondon');
    expect(check({ pumpOrder: null })).toBe('noPumpOrder');
    expect(check({ pumpOrder: 0 })).toBe('noPumpOrder');
    expect(check({ pumpOrder: 1.5 })).toBe('noPumpOrder');
    // 1 km in 20 s is 50 m/s, above the limit; in 30 s it is 33 m/s, below it.
    expect(1000 / 30).toBeLessThan(MAX_SPEED_M_PER_S);
    expect(check({ target: MIN_ATTENDANCE_SECONDS, easting: STATION.easting + 1_500 })).toBe(
      'implausibleSpeed',
    );
    expect(check({ target: MIN_ATTENDANCE_SECONDS })).toBe(STATION);
  });

  it('looks the station up only for a row whose time counts (unknown stations are listed from those)', () => {
    const asked: (string | null)[] = [];
    const spy = (code: string | null) => {
      asked.push(code);
      return find(code);
    };
    usableRow(true, 5, spy, 'NOPE', null, CALL.easting, CALL.northing, 1);
    expect(asked).toEqual([]);
    usableRow(true, 300, spy, 'NOPE', null, CALL.easting, CALL.northing, 1);
    expect(asked).toEqual(['NOPE']);
  });

  it('without a required time keeps timeless rows and skips the time-based checks', () => {
    expect(check({ requireTarget: false, target: null })).toBe(STATION);
    expect(check({ requireTarget: false, target: 5 })).toBe(STATION);
    expect(check({ requireTarget: false, target: null, pumpOrder: null })).toBe('noPumpOrder');
  });
});
