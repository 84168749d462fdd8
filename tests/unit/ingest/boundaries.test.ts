import { describe, expect, it } from 'vitest';
import { insideArea, parseBoundaries, SIMPLIFY_METRES } from '../../../main/core/ingest/boundaries.js';
import { boundariesGeoJson, type GridSquare } from '../../fixtures/boundaries.js';

const WESTMINSTER: GridSquare = { name: 'Westminster', west: 528_000, south: 178_000, side: 3_000 };
const CAMDEN: GridSquare = { name: 'Camden', west: 528_000, south: 182_000, side: 2_000 };
const POINT = {
  type: 'Feature',
  properties: { name: 'a fire station' },
  geometry: { type: 'Point', coordinates: [-0.1, 51.5] },
};

describe('reading a boundaries file', () => {
  it('converts WGS84 longitude/latitude to the grid, names areas, skips what is not an area', () => {
    const parsed = parseBoundaries(boundariesGeoJson([WESTMINSTER, CAMDEN], 'wgs84', [POINT]));
    expect(parsed.crs).toBe('wgs84');
    expect(parsed.features).toBe(3);
    expect(parsed.skipped).toEqual({ Point: 1 });
    expect(parsed.areas.map((a) => a.name)).toEqual(['Westminster', 'Camden']);
    const ring = parsed.areas[0]!.rings[0]!;
    // The corners come back within a metre of where they were (there and back through OSGB36).
    expect(Math.abs(ring[0]! - 528_000)).toBeLessThanOrEqual(1);
    expect(Math.abs(ring[1]! - 178_000)).toBeLessThanOrEqual(1);
    expect(insideArea(parsed.areas[0]!.rings, 529_500, 179_500)).toBe(true);
    expect(insideArea(parsed.areas[0]!.rings, 529_500, 181_500)).toBe(false);
  });

  it('keeps National Grid metres as they are, by the crs member or by their range', () => {
    const declared = parseBoundaries(boundariesGeoJson([WESTMINSTER], 'bng'));
    expect(declared.crs).toBe('bng');
    expect(declared.areas[0]!.rings[0]!.slice(0, 2)).toEqual([528_000, 178_000]);
    const guessed = JSON.parse(boundariesGeoJson([WESTMINSTER], 'bng')) as Record<string, unknown>;
    delete guessed.crs;
    expect(parseBoundaries(JSON.stringify(guessed)).crs).toBe('bng');
  });

  it('drops points closer together than a map can show', () => {
    const dense: GridSquare = { name: 'tiny steps', west: 530_000, south: 180_000, side: 20 };
    const parsed = parseBoundaries(boundariesGeoJson([WESTMINSTER, dense], 'bng'));
    const ring = parsed.areas[1]!.rings;
    // 81 points a metre apart become a handful at least SIMPLIFY_METRES apart.
    for (const r of ring) {
      for (let i = 2; i + 3 < r.length; i += 2) {
        expect(Math.hypot(r[i]! - r[i - 2]!, r[i + 1]! - r[i - 1]!)).toBeGreaterThanOrEqual(SIMPLIFY_METRES);
      }
    }
    expect(ring[0]!.length).toBeGreaterThanOrEqual(2 * 4);
    expect(ring[0]!.length).toBeLessThan(81 * 2);
  });

  it.each([
    ['not JSON', 'name,easting\nx,1', /not valid GeoJSON/],
    ['a bare array', '[1, 2]', /GeoJSON object was expected/],
    [
      'another GeoJSON type',
      JSON.stringify({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      }),
      /FeatureCollection .* not a LineString/,
    ],
    [
      'no areas',
      JSON.stringify({ type: 'FeatureCollection', features: [POINT, POINT] }),
      /no Polygon or MultiPolygon areas \(only 2 Point\)/,
    ],
    [
      'an open ring',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: 'Soho' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [-0.13, 51.51],
                  [-0.12, 51.51],
                  [-0.13, 51.51],
                ],
              ],
            },
          },
        ],
      }),
      /feature 1 \('Soho'\) has a ring of fewer than 4 positions/,
    ],
    [
      'text for a coordinate',
      JSON.stringify({
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              ['-0.13', 51.51],
              [-0.12, 51.51],
              [-0.12, 51.52],
              ['-0.13', 51.51],
            ],
          ],
        },
      }),
      /not a pair of numbers/,
    ],
    [
      'somewhere else',
      boundariesGeoJson([{ name: 'Manchester', west: 383_000, south: 397_000, side: 3_000 }], 'bng'),
      /none of its areas is in or near Greater London/,
    ],
    [
      'another projection',
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'EPSG:3857' } },
        features: [],
      }),
      /coordinates are in EPSG:3857: save it in WGS84 .* or British National Grid/,
    ],
  ])('refuses %s, saying why', (_label, text, message) => {
    expect(() => parseBoundaries(text)).toThrow(message);
  });
});

describe('areas near London and far from it', () => {
  // Paris on the grid (the grid extends there; no LFB station is within 300 km).
  const PARIS: GridSquare = { name: 'Paris', west: 600_000, south: -200_000, side: 5_000 };
  // A region's outline around all of London: none of its points is in or near Greater London.
  const SOUTH_EAST: GridSquare = { name: 'South East', west: 430_000, south: 100_000, side: 200_000 };

  it('leaves out an area far from London, naming it, and keeps the others', () => {
    const parsed = parseBoundaries(boundariesGeoJson([WESTMINSTER, PARIS], 'bng'));
    expect(parsed.areas.map((a) => a.name)).toEqual(['Westminster']);
    expect(parsed.farAway).toEqual(['Paris']);
  });

  it('keeps an area that surrounds London although none of its points is near it', () => {
    const parsed = parseBoundaries(boundariesGeoJson([SOUTH_EAST], 'bng'));
    expect(parsed.areas.map((a) => a.name)).toEqual(['South East']);
    expect(parsed.farAway).toEqual([]);
  });

  it('refuses a file whose every area is far from London', () => {
    expect(() => parseBoundaries(boundariesGeoJson([PARIS], 'bng'))).toThrow(
      /none of its areas is in or near Greater London/,
    );
  });
});
