import { describe, expect, it } from 'vitest';
import { LondonTimeReader } from '../../../main/core/lfb/local-time.js';
import { laterOccurrence, londonDay, londonInstant } from '../../../main/core/calendar/londonDay.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('Europe/London wall clock → instant', () => {
  it('is UTC in winter and UTC+1 in summer', () => {
    const r = new LondonTimeReader();
    expect(r.read('01/01/2009 00:02:27')).toBe('ok');
    expect(iso(r.epochMs)).toBe('2009-01-01T00:02:27.000Z');
    expect([r.localDate, r.hour]).toEqual(['2009-01-01', 0]);

    expect(r.read('15/07/2009 00:30:00')).toBe('ok');
    expect(iso(r.epochMs)).toBe('2009-07-14T23:30:00.000Z');
    expect([r.localDate, r.hour]).toEqual(['2009-07-15', 0]);
  });

  it('reads the spring-forward gap with the winter offset (as the clocks would show it)', () => {
    // 2023-03-26: 01:00 GMT became 02:00 BST.
    const day = londonDay(2023, 3, 26);
    expect(iso(day.changeAtMs)).toBe('2023-03-26T01:00:00.000Z');
    expect(iso(londonInstant(day, 0.5 * 3600))).toBe('2023-03-26T00:30:00.000Z');
    expect(iso(londonInstant(day, 1.5 * 3600))).toBe('2023-03-26T01:30:00.000Z');
    expect(iso(londonInstant(day, 2.5 * 3600))).toBe('2023-03-26T01:30:00.000Z');
    expect(iso(londonInstant(day, 3 * 3600))).toBe('2023-03-26T02:00:00.000Z');
  });

  it('reads the autumn overlap as its first (BST) occurrence and can give the second', () => {
    // 2023-10-29: 02:00 BST became 01:00 GMT, so 01:30 happened twice.
    const day = londonDay(2023, 10, 29);
    expect(iso(londonInstant(day, 1.5 * 3600))).toBe('2023-10-29T00:30:00.000Z');
    expect(iso(laterOccurrence(day, 1.5 * 3600))).toBe('2023-10-29T01:30:00.000Z');
    expect(laterOccurrence(day, 0.5 * 3600)).toBeNaN();
    expect(iso(londonInstant(day, 2.5 * 3600))).toBe('2023-10-29T02:30:00.000Z');
    expect(laterOccurrence(londonDay(2023, 10, 28), 1.5 * 3600)).toBeNaN();
  });

  it('combines a date cell and a separate time cell; the time cell wins', () => {
    const r = new LondonTimeReader();
    expect(r.readSplit('2023-03-19', '14:11:51')).toBe('ok');
    expect(iso(r.epochMs)).toBe('2023-03-19T14:11:51.000Z');
    expect(r.readSplit('01 Jun 2009', '14:11:51')).toBe('ok');
    expect(iso(r.epochMs)).toBe('2009-06-01T13:11:51.000Z');
    expect(r.readSplit(new Date(Date.UTC(2018, 0, 1)), new Date(Date.UTC(1899, 11, 30, 0, 4, 25)))).toBe(
      'ok',
    );
    expect(iso(r.epochMs)).toBe('2018-01-01T00:04:25.000Z');
    expect(r.readSplit(43101, 0.25)).toBe('ok'); // serials: 2018-01-01 06:00
    expect(iso(r.epochMs)).toBe('2018-01-01T06:00:00.000Z');
    expect(r.readSplit('2016-01-01 00:03:17', '')).toBe('ok');
    expect(iso(r.epochMs)).toBe('2016-01-01T00:03:17.000Z');
  });

  it('says why a value is unusable', () => {
    const r = new LondonTimeReader();
    expect(r.read('')).toBe('blank');
    expect(r.read('soon')).toBe('invalid');
    expect(r.read('14:00:00')).toBe('invalid');
    expect(r.read('01/01/2009')).toBe('no_time');
    expect(r.read('01/01/1900 10:00:00')).toBe('out_of_range');
    expect(r.readSplit('2023-03-19', null)).toBe('no_time');
    expect(r.readSplit('2023-03-19', 'later')).toBe('invalid');
  });
});
