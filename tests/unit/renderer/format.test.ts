import { describe, expect, it } from 'vitest';
import {
  formatDelta,
  formatDistance,
  formatMinSec,
  formatRange,
  formatSeconds,
} from '../../../renderer/src/format';

describe('format', () => {
  it('reads ETAs as minutes and seconds, never wrapping into hours', () => {
    expect(formatMinSec(312)).toBe('5:12');
    expect(formatMinSec(59.6)).toBe('1:00');
    expect(formatMinSec(3725)).toBe('62:05');
    expect(formatMinSec(Number.NaN)).toBe('–:––');
    expect(formatSeconds(311.6)).toBe('312 s');
  });

  it('reads distances in metres, then kilometres', () => {
    expect(formatDistance(677.2)).toBe('677 m');
    expect(formatDistance(2345)).toBe('2.3 km');
  });

  it('signs deltas with a true minus and no "−0.0"', () => {
    expect(formatDelta(-4.26)).toBe('−4.3');
    expect(formatDelta(2)).toBe('+2.0');
    expect(formatDelta(-0.01)).toBe('0.0');
  });

  it('says when there is no data yet', () => {
    expect(formatRange(null, null)).toBe('no data yet');
    expect(formatRange('2023-01-01T00:00:00Z', '2023-12-31T00:00:00Z')).toBe('1 Jan 2023 – 31 Dec 2023');
  });
});
