import { describe, expect, it } from 'vitest';
import { CallTimeError, resolveCallTime } from '../../../main/core/calendar/callTime.js';
import { IncidentSchema } from '../../../contract/index.js';

const SUMMER_NOON = new Date('2025-07-01T11:00:00Z'); // 12:00 BST
const at = { kind: 'ward', value: 'x' } as const;
const iso = (text: string, now = SUMMER_NOON) => resolveCallTime(text, now).instant.toISOString();

describe('call times as people write them', () => {
  it('reads a time without offset as London wall-clock time, GMT in winter and BST in summer', () => {
    expect(iso('2025-03-14T17:30:00')).toBe('2025-03-14T17:30:00.000Z');
    expect(iso('2025-07-14T17:30')).toBe('2025-07-14T16:30:00.000Z');
    expect(iso('2025-07-14 17:30')).toBe('2025-07-14T16:30:00.000Z');
    expect(resolveCallTime('2025-07-14T17:30', SUMMER_NOON).description).toBe(
      'Mon 14 Jul 2025 17:30 London time (BST)',
    );
  });

  it('reads HH:MM as today in London, including just after midnight in summer', () => {
    expect(iso('17:30')).toBe('2025-07-01T16:30:00.000Z');
    // 00:30 BST on 2 July is still 1 July in UTC: "today" is London's date, not UTC's.
    expect(iso('09:05', new Date('2025-07-01T23:30:00Z'))).toBe('2025-07-02T08:05:00.000Z');
  });

  it('keeps an explicit offset or Z, and says what London clock time that was', () => {
    expect(iso('2025-07-14T17:30:00Z')).toBe('2025-07-14T17:30:00.000Z');
    expect(resolveCallTime('2025-07-14T17:30:00Z', SUMMER_NOON).description).toMatch(
      /18:30 London time \(BST\)/,
    );
    expect(iso('2024-02-29T23:59:59+01:00')).toBe('2024-02-29T22:59:59.000Z');
  });

  it('refuses the autumn hour that happens twice, saying how to choose', () => {
    expect(() => resolveCallTime('2025-10-26T01:30', SUMMER_NOON)).toThrow(CallTimeError);
    expect(() => resolveCallTime('2025-10-26T01:30', SUMMER_NOON)).toThrow(
      /happens twice in London.*2025-10-26T01:30\+01:00 for the first \(BST\), 2025-10-26T01:30\+00:00 for the second \(GMT\)/,
    );
    expect(iso('2025-10-26T01:30+01:00')).toBe('2025-10-26T00:30:00.000Z');
    expect(iso('2025-10-26T01:30+00:00')).toBe('2025-10-26T01:30:00.000Z');
    expect(iso('2025-10-26T02:00')).toBe('2025-10-26T02:00:00.000Z');
  });

  it('refuses the spring hour that never happens', () => {
    expect(() => resolveCallTime('2025-03-30T01:30', SUMMER_NOON)).toThrow(/does not exist in London/);
    expect(iso('2025-03-30T02:30')).toBe('2025-03-30T01:30:00.000Z');
  });

  it('the contract accepts these shapes and names the field and the forms for the rest', () => {
    for (const ok of ['2025-03-14T17:30:00', '17:30', '2025-03-14 17:30', '2025-03-14T17:30:00.5+01:00'])
      expect(IncidentSchema.safeParse({ location: at, callTime: ok }).success).toBe(true);
    const problems: [string, RegExp][] = [
      ['yesterday', /is not a date and time: write it as 2026-11-28T17:50 \(London time\), 17:50/],
      ['2024-13-01T00:00:00Z', /has no such date/],
      ['2024-02-30T10:00', /has no such date/],
      ['25:00', /has no such time of day/],
      ['17:30Z', /an offset needs a date too/],
      ['1900-01-01T00:00', /between 1990 and 2100/],
    ];
    for (const [text, message] of problems) {
      const r = IncidentSchema.safeParse({ location: at, callTime: text });
      expect(r.success, text).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(message);
      expect(r.error?.issues[0]?.path).toEqual(['callTime']);
    }
  });
});
