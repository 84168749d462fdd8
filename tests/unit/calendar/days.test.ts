import { describe, expect, it } from 'vitest';
import {
  civilDate,
  dayNumber,
  formatIsoDate,
  isoWeekday,
  monthOfDay,
  parseIsoDate,
} from '../../../main/core/calendar/days.js';

describe('day numbers', () => {
  it('agree with Date.UTC over two centuries', () => {
    for (let ms = Date.UTC(1900, 0, 1); ms < Date.UTC(2100, 0, 1); ms += 86_400_000 * 13) {
      const d = new Date(ms);
      const n = ms / 86_400_000;
      expect(dayNumber(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(n);
      expect(civilDate(n)).toEqual({
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
      });
      expect(monthOfDay(n)).toBe(d.getUTCMonth() + 1);
      expect(isoWeekday(n)).toBe(((d.getUTCDay() + 6) % 7) + 1);
    }
  });

  it('parses strict ISO dates only', () => {
    expect(parseIsoDate('1970-01-01')).toBe(0);
    expect(parseIsoDate('2024-02-29')).toBe(dayNumber(2024, 2, 29));
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('2023-13-01')).toBeNull();
    expect(parseIsoDate('2023-1-01')).toBeNull();
    expect(parseIsoDate('01/01/2023')).toBeNull();
    expect(formatIsoDate(dayNumber(2009, 1, 1))).toBe('2009-01-01');
  });
});
