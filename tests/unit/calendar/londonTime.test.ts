import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { londonOffset, londonParts } from '../../../main/core/calendar/londonTime.js';
import { dayNumber } from '../../../main/core/calendar/days.js';

describe('Europe/London wall-clock time', () => {
  it('switches offset at 01:00 UTC on the clock-change Sundays', () => {
    expect(londonOffset(Date.UTC(2023, 2, 26, 0, 59, 59, 999))).toBe(0);
    expect(londonOffset(Date.UTC(2023, 2, 26, 1, 0, 0))).toBe(60);
    expect(londonOffset(Date.UTC(2023, 9, 29, 0, 59, 59, 999))).toBe(60);
    expect(londonOffset(Date.UTC(2023, 9, 29, 1, 0, 0))).toBe(0);
  });

  it('gives the local day and hour, across midnight in summer time', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London.
    expect(londonParts(Date.UTC(2023, 5, 30, 23, 30))).toEqual({ day: dayNumber(2023, 7, 1), hour: 0 });
    expect(londonParts(Date.UTC(2023, 11, 31, 23, 30))).toEqual({ day: dayNumber(2023, 12, 31), hour: 23 });
  });

  it('agrees with luxon on random instants 2009–2030', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const from = Date.UTC(2009, 0, 1);
    const to = Date.UTC(2030, 0, 1);
    for (let k = 0; k < 5_000; k++) {
      const ms = Math.floor(from + next() * (to - from));
      const lx = DateTime.fromMillis(ms, { zone: 'Europe/London' });
      const parts = londonParts(ms);
      expect(parts.hour).toBe(lx.hour);
      expect(parts.day).toBe(dayNumber(lx.year, lx.month, lx.day));
    }
  });
});
