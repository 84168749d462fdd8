import { describe, expect, it } from 'vitest';
import {
  bankHolidays,
  isoDate,
  isSchoolHoliday,
  parseIsoDay,
  schoolHolidayRanges,
} from '../../../tools/synthetic/calendar.js';
import { formatDayFirst, londonOffsetMs, londonWallMs } from '../../../tools/synthetic/time.js';
import { schoolHolidaysJson } from '../../../tools/synthetic/index.js';
import { bankHolidayDays } from '../../../main/core/calendar/bankHolidays.js';
import { dayNumber } from '../../../main/core/calendar/days.js';
import {
  loadSchoolHolidays,
  parseSchoolHolidays,
  SchoolHolidayCalendar,
} from '../../../main/core/calendar/schoolHolidays.js';

const days = (year: number) => bankHolidays(year).map(isoDate);

describe('England & Wales bank holidays', () => {
  it('include the moved and one-off days of 2020 and 2022–2023', () => {
    expect(days(2020)).toEqual([
      '2020-01-01',
      '2020-04-10',
      '2020-04-13',
      '2020-05-08',
      '2020-05-25',
      '2020-08-31',
      '2020-12-25',
      '2020-12-28',
    ]);
    expect(days(2022)).toEqual([
      '2022-01-03',
      '2022-04-15',
      '2022-04-18',
      '2022-05-02',
      '2022-06-02',
      '2022-06-03',
      '2022-08-29',
      '2022-09-19',
      '2022-12-26',
      '2022-12-27',
    ]);
    expect(days(2023)).toContain('2023-05-08');
  });

  it('substitute Christmas and Boxing Day at weekends', () => {
    expect(days(2021).slice(-2)).toEqual(['2021-12-27', '2021-12-28']); // Saturday Christmas
    expect(days(2016).slice(-2)).toEqual(['2016-12-26', '2016-12-27']); // Sunday Christmas
    expect(days(2020).slice(-2)).toEqual(['2020-12-25', '2020-12-28']); // Friday Christmas
  });
});

describe('school holidays (rule-based London approximation)', () => {
  it('cover the summer, Christmas and the half-terms, and not term time', () => {
    expect(isSchoolHoliday(parseIsoDay('2023-08-10'))).toBe(true);
    expect(isSchoolHoliday(parseIsoDay('2023-12-27'))).toBe(true);
    expect(isSchoolHoliday(parseIsoDay('2023-10-25'))).toBe(true);
    expect(isSchoolHoliday(parseIsoDay('2023-03-15'))).toBe(false);
    expect(isSchoolHoliday(parseIsoDay('2023-11-15'))).toBe(false);
  });

  it('give six ranges starting each year, in order, Christmas running into the next year', () => {
    const ranges = schoolHolidayRanges(2024);
    expect(ranges).toHaveLength(6);
    for (const r of ranges) {
      expect(r.end).toBeGreaterThanOrEqual(r.start);
      expect(isoDate(r.start).startsWith('2024')).toBe(true);
    }
    expect(isoDate(ranges[5]!.end)).toBe('2025-01-05');
    expect(isSchoolHoliday(parseIsoDay('2025-01-03'))).toBe(true);
    expect(isSchoolHoliday(parseIsoDay('2025-01-07'))).toBe(false);
  });

  it('match the app’s bundled calendar on every day it covers, so truth and feature agree', () => {
    const bundled = new SchoolHolidayCalendar(loadSchoolHolidays());
    const differing: string[] = [];
    for (let day = bundled.firstDay; day <= bundled.lastDay; day++) {
      if (Boolean(bundled.valueOn(day)) !== isSchoolHoliday(day)) differing.push(isoDate(day));
    }
    // If this fails after an edit to resources/calendars/school-holidays.json, update the generator's
    // rules (calendar.ts) or accept and document the difference: the learner's feature uses that file.
    expect(differing).toEqual([]);
  });

  it('write a school-holidays.json the app’s calendar loader accepts, with the same days', () => {
    const start = parseIsoDay('2022-03-01');
    const end = parseIsoDay('2023-06-30');
    const ranges = parseSchoolHolidays(JSON.parse(schoolHolidaysJson(start, end)));
    const calendar = new SchoolHolidayCalendar(ranges);
    for (let day = start; day <= end; day++)
      expect(Boolean(calendar.valueOn(day))).toBe(isSchoolHoliday(day));
  });
});

describe('bank holidays', () => {
  it('are the app’s own', () => {
    for (let year = 2000; year <= 2030; year++) expect(bankHolidays(year)).toEqual(bankHolidayDays(year));
  });
});

describe('Europe/London wall clock', () => {
  it('switches to summer time at 01:00 UTC on the last Sunday of March and back in October', () => {
    const utc = (text: string) => Date.parse(text);
    expect(londonOffsetMs(utc('2023-03-26T00:59:59Z'))).toBe(0);
    expect(londonOffsetMs(utc('2023-03-26T01:00:00Z'))).toBe(3_600_000);
    expect(londonOffsetMs(utc('2023-10-29T00:59:59Z'))).toBe(3_600_000);
    expect(londonOffsetMs(utc('2023-10-29T01:00:00Z'))).toBe(0);
    expect(formatDayFirst(londonWallMs(utc('2023-07-01T11:30:05Z')))).toBe('01/07/2023 12:30:05');
    expect(formatDayFirst(londonWallMs(utc('2023-01-01T11:30:05Z')))).toBe('01/01/2023 11:30:05');
  });

  it('round-trips day numbers and ISO dates', () => {
    expect(isoDate(dayNumber(2024, 2, 29))).toBe('2024-02-29');
    expect(() => parseIsoDay('2023-02-30')).toThrow(/no such date/);
  });
});
