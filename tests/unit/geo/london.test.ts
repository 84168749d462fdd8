import { describe, expect, it } from 'vitest';
import { distanceMetres, isInLondon } from '../../../main/core/geo/london.js';

describe('grid geometry', () => {
  it('measures straight-line metres between grid points', () => {
    expect(distanceMetres(530_000, 180_000, 533_000, 184_000)).toBe(5000);
    expect(distanceMetres(1, 2, 1, 2)).toBe(0);
  });

  it('accepts Greater London, including its edges, and a margin beyond', () => {
    expect(isInLondon(530_000, 180_000)).toBe(true); // Westminster
    expect(isInLondon(503_550, 157_550)).toBe(true); // the sample's south-west extreme
    expect(isInLondon(558_250, 200_750)).toBe(true); // and north-east
    expect(isInLondon(500_000, 180_000)).toBe(true); // 3.5 km west of the boundary box
    expect(isInLondon(500_000, 180_000, 0)).toBe(false);
  });

  it('rejects places outside London and non-numbers', () => {
    expect(isInLondon(651_409, 313_177)).toBe(false); // Norfolk
    expect(isInLondon(450_000, 180_000)).toBe(false); // Reading
    expect(isInLondon(530_000, 100_000)).toBe(false);
    expect(isInLondon(51.5, -0.12)).toBe(false); // lat/lon typed into easting/northing
    expect(isInLondon(NaN, 180_000)).toBe(false);
  });
});
