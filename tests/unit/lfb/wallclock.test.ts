import { describe, expect, it } from 'vitest';
import { newWallClock, readWallClock, type WallClock } from '../../../main/core/lfb/wallclock.js';

function read(v: Parameters<typeof readWallClock>[0], date1904 = false): WallClock | null {
  const wc = newWallClock();
  return readWallClock(v, wc, date1904) ? { ...wc } : null;
}

const fields = (wc: WallClock | null) =>
  wc && [wc.year, wc.month, wc.day, wc.hour, wc.minute, wc.second, wc.hasDate, wc.hasTime];

describe('readWallClock: text forms seen in LFB files', () => {
  it.each([
    ['2023-03-19', [2023, 3, 19, 0, 0, 0, true, false]],
    ['2016-01-01 00:03:17', [2016, 1, 1, 0, 3, 17, true, true]],
    ['2016-01-01T00:03:17', [2016, 1, 1, 0, 3, 17, true, true]],
    ['2016-01-01 00:03:17.000', [2016, 1, 1, 0, 3, 17, true, true]],
    ['01/01/2009 00:02:27', [2009, 1, 1, 0, 2, 27, true, true]],
    ['19/03/2023 14:11', [2023, 3, 19, 14, 11, 0, true, true]],
    ['1/2/2009', [2009, 2, 1, 0, 0, 0, true, false]],
    ['01 Jan 2009', [2009, 1, 1, 0, 0, 0, true, false]],
    ['19-Mar-23', [2023, 3, 19, 0, 0, 0, true, false]],
    ['19-Mar-2023 08:00:01', [2023, 3, 19, 8, 0, 1, true, true]],
    ['5 September 2019', [2019, 9, 5, 0, 0, 0, true, false]],
    ['  14:11:51 ', [0, 0, 0, 14, 11, 51, false, true]],
    ['9:05', [0, 0, 0, 9, 5, 0, false, true]],
  ])('%s', (text, expected) => {
    const wc = read(text);
    expect(wc).not.toBeNull();
    const [y, mo, d, ...rest] = expected as number[];
    if (wc!.hasDate) expect([wc!.year, wc!.month, wc!.day]).toEqual([y, mo, d]);
    expect(fields(wc)!.slice(3)).toEqual(rest);
  });

  it('reads slashed dates day first, as the LFB writes them', () => {
    expect(fields(read('03/04/2015 10:00:00'))).toEqual([2015, 4, 3, 10, 0, 0, true, true]);
  });

  it.each([
    '',
    '   ',
    'n/a',
    '32/01/2009',
    '29/02/2023',
    '2023-13-01',
    '01/01/2009 24:00:00',
    '01/01/2009 10:61',
    '2023-03-19Z',
    'Jan 2009',
    '01 Foo 2009',
    '0a/01/2009 00:00:00',
    '2023-03-19 25:00:00',
    '2023-02-30 10:00:00',
    '12345',
  ])('refuses %j', (text) => expect(read(text)).toBeNull());

  it('accepts 29 February in a leap year only', () => {
    expect(read('29/02/2024')).not.toBeNull();
    expect(read('29/02/2100')).toBeNull();
  });
});

describe('readWallClock: Excel cells', () => {
  it('reads a 1900-system serial with a time fraction', () => {
    // 39814 = 2009-01-01; 0.5 = noon.
    expect(fields(read(39814.5))).toEqual([2009, 1, 1, 12, 0, 0, true, true]);
  });

  it('rounds the serial to the second and carries into the next day', () => {
    expect(fields(read(39814 + 86399.9999 / 86400))).toEqual([2009, 1, 2, 0, 0, 0, true, false]);
  });

  it('reads a serial below 1 as a time of day', () => {
    expect(fields(read(0.59156))!.slice(3)).toEqual([14, 11, 51, false, true]);
  });

  it('honours the 1904 date system', () => {
    expect(fields(read(39814 - 1462, true))!.slice(0, 3)).toEqual([2009, 1, 1]);
  });

  it('reads Date cells by their UTC fields (how exceljs and SheetJS hand them over)', () => {
    expect(fields(read(new Date(Date.UTC(2023, 6, 1, 14, 0, 5))))).toEqual([
      2023,
      7,
      1,
      14,
      0,
      5,
      true,
      true,
    ]);
    // exceljs gives a time-only cell on Excel's day zero.
    expect(fields(read(new Date(Date.UTC(1899, 11, 30, 0, 4, 25))))!.slice(3)).toEqual([
      0,
      4,
      25,
      false,
      true,
    ]);
  });

  it('refuses negative, huge and invalid values', () => {
    expect(read(-1)).toBeNull();
    expect(read(3e6)).toBeNull();
    expect(read(new Date(NaN))).toBeNull();
    expect(read(true)).toBeNull();
    expect(read(null)).toBeNull();
  });
});
