import { describe, expect, it } from 'vitest';
import { bankHolidays, easterSunday, isBankHoliday } from '../../../main/core/calendar/bankHolidays.js';
import { formatIsoDate } from '../../../main/core/calendar/days.js';

// Published England & Wales lists (GOV.UK), including substitute days and one-off moves.
const KNOWN: Record<number, string[]> = {
  2009: ['01-01', '04-10', '04-13', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2010: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2011: ['01-03', '04-22', '04-25', '04-29', '05-02', '05-30', '08-29', '12-26', '12-27'],
  2012: ['01-02', '04-06', '04-09', '05-07', '06-04', '06-05', '08-27', '12-25', '12-26'],
  2016: ['01-01', '03-25', '03-28', '05-02', '05-30', '08-29', '12-26', '12-27'],
  2020: ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28'],
  2021: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2022: ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27'],
  2023: ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26'],
  2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
  2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
};

describe('England & Wales bank holidays', () => {
  for (const [year, days] of Object.entries(KNOWN)) {
    it(`matches the published list for ${year}`, () => {
      expect(bankHolidays(Number(year))).toEqual(days.map((d) => `${year}-${d}`));
    });
  }

  it('computes Easter Sunday for known years, early and late', () => {
    const known: Record<number, string> = {
      1818: '1818-03-22',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2038: '2038-04-25',
      2285: '2285-03-22',
    };
    for (const [year, date] of Object.entries(known))
      expect(formatIsoDate(easterSunday(Number(year)))).toBe(date);
  });

  it('has eight holidays in an ordinary year, every one a weekday', () => {
    for (let year = 2000; year <= 2060; year++) {
      const days = bankHolidays(year);
      expect(days.length).toBeGreaterThanOrEqual(8);
      for (const d of days) {
        const weekday = new Date(`${d}T12:00:00Z`).getUTCDay();
        expect(weekday, d).not.toBe(0);
        expect(weekday, d).not.toBe(6);
      }
    }
    expect(bankHolidays(2031)).toHaveLength(8);
  });

  it('answers by date string and rejects non-dates', () => {
    expect(isBankHoliday('2022-09-19')).toBe(true);
    expect(isBankHoliday('2023-05-08')).toBe(true);
    expect(isBankHoliday('2011-04-29')).toBe(true);
    expect(isBankHoliday('2020-05-04')).toBe(false); // early May moved to VE day that year
    expect(isBankHoliday('2022-05-30')).toBe(false); // spring holiday moved to 2 June
    expect(isBankHoliday('2021-12-25')).toBe(false); // Saturday: observed on the 27th
    expect(() => isBankHoliday('2023-02-30')).toThrow(/Not a date/);
  });
});
