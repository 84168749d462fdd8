import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../../main/core/calendar/days.js';
import {
  bundledSchoolHolidaysPath,
  loadSchoolHolidays,
  parseSchoolHolidays,
  SchoolCalendarError,
  SchoolHolidayCalendar,
} from '../../../main/core/calendar/schoolHolidays.js';

const day = (iso: string) => parseIsoDate(iso) as number;

describe('bundled school holiday calendar', () => {
  const ranges = loadSchoolHolidays();
  const calendar = new SchoolHolidayCalendar(ranges);

  it('is found in resources/calendars and covers 2009 to 2027', () => {
    expect(bundledSchoolHolidaysPath()).toMatch(/resources[\\/]calendars[\\/]school-holidays\.json$/);
    expect(calendar.firstDay).toBeLessThanOrEqual(day('2009-01-01'));
    expect(calendar.lastDay).toBeGreaterThanOrEqual(day('2027-12-31'));
    for (let year = 2009; year <= 2027; year++) {
      const breaks = ranges.filter((r) => r.start.startsWith(`${year}-`));
      expect(
        breaks.map((b) => b.name.replace(/ \d{4}(\/\d{2})?$/, '')),
        String(year),
      ).toEqual([
        'February half-term',
        'Easter',
        'May half-term',
        'Summer',
        'October half-term',
        'Christmas',
      ]);
    }
  });

  it('puts typical days on the right side', () => {
    expect(calendar.valueOn(day('2023-08-10'))).toBe(1); // summer
    expect(calendar.valueOn(day('2023-12-27'))).toBe(1); // Christmas
    expect(calendar.valueOn(day('2024-04-02'))).toBe(1); // Easter week
    expect(calendar.valueOn(day('2023-10-25'))).toBe(1); // October half-term
    expect(calendar.valueOn(day('2023-11-15'))).toBe(0);
    expect(calendar.valueOn(day('2024-03-06'))).toBe(0);
    expect(calendar.valueOn(day('2024-06-12'))).toBe(0);
  });

  it('says unknown (NaN) outside its span', () => {
    expect(calendar.valueOn(day('2008-06-01'))).toBeNaN();
    expect(calendar.valueOn(day('2035-06-01'))).toBeNaN();
  });

  it('has no overlapping or out-of-order entries', () => {
    for (let i = 1; i < ranges.length; i++) {
      expect(day(ranges[i]!.start), ranges[i]!.name).toBeGreaterThan(day(ranges[i - 1]!.end));
    }
  });
});

describe('school holiday file validation', () => {
  const good = { name: 'Summer 2030', start: '2030-07-20', end: '2030-09-01' };

  it('accepts a minimal valid file', () => {
    expect(parseSchoolHolidays({ holidays: [good] })).toEqual([good]);
  });

  it('names the bad entry by index and name', () => {
    const bad = { holidays: [good, { name: 'Easter 2031', start: '2031-04-14', end: '2031-04-01' }] };
    expect(() => parseSchoolHolidays(bad, 'x.json')).toThrow(
      'x.json: holidays[1] ("Easter 2031"): end 2031-04-01 is before start 2031-04-14',
    );
  });

  it('rejects impossible dates, unknown fields, missing names and absurd lengths', () => {
    expect(() => parseSchoolHolidays({ holidays: [{ ...good, start: '2030-02-30' }] })).toThrow(
      /holidays\[0\] \("Summer 2030"\): start: not a valid YYYY-MM-DD date/,
    );
    expect(() => parseSchoolHolidays({ holidays: [{ ...good, until: '2030-09-01' }] })).toThrow(
      /holidays\[0\]/,
    );
    expect(() => parseSchoolHolidays({ holidays: [{ start: good.start, end: good.end }] })).toThrow(
      /holidays\[0\]: name/,
    );
    expect(() => parseSchoolHolidays({ holidays: [{ ...good, end: '2030-12-31' }] })).toThrow(
      /lasts 165 days/,
    );
    expect(() => parseSchoolHolidays({ holidays: [] })).toThrow(SchoolCalendarError);
    expect(() => parseSchoolHolidays([good])).toThrow(/"holidays" array/);
  });

  it('reports unreadable and malformed files with their path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-cal-'));
    try {
      const file = path.join(dir, 'school-holidays.json');
      fs.writeFileSync(file, '{ "holidays": [ ');
      expect(() => loadSchoolHolidays(file)).toThrow(/school-holidays\.json is not valid JSON/);
      expect(() => loadSchoolHolidays(path.join(dir, 'missing.json'))).toThrow(/Cannot read/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in an installed app, is read from the resources electron-builder packs, and never searched for', () => {
    const resourcesPath = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-res-'));
    try {
      // Installed: process.resourcesPath/resources/calendars (extraResources from: resources, to: resources).
      expect(() => bundledSchoolHolidaysPath(resourcesPath)).toThrow(
        `The bundled school holiday calendar ${path.join(resourcesPath, 'resources', 'calendars', 'school-holidays.json')} is missing. Reinstall Pump ETA to restore it.`,
      );
      const dir = path.join(resourcesPath, 'resources', 'calendars');
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(bundledSchoolHolidaysPath(), path.join(dir, 'school-holidays.json'));
      expect(bundledSchoolHolidaysPath(resourcesPath)).toBe(path.join(dir, 'school-holidays.json'));
    } finally {
      fs.rmSync(resourcesPath, { recursive: true, force: true });
    }
  });
});
