import { TARGET_SECONDS } from '../../../contract/index.js';
import { describe, expect, it } from 'vitest';
import { backdropPixels, decodeCounts } from '../../../renderer/src/features/maps/backdrop';
import {
  bandOf,
  cellAt,
  contourSegments,
  coverPixels,
  describeCell,
  ETA_BANDS,
  outOfReachSentence,
} from '../../../renderer/src/features/maps/cover';
import type { CoverResult, HistoryBackdrop, StationPoint } from '../../../contract/maps.js';

const STATIONS: StationPoint[] = [
  { code: 'A21', name: 'Soho', easting: 529_600, northing: 181_000, servable: true },
  { code: 'E31', name: 'Millwall, Isle of Dogs', easting: 537_800, northing: 179_000, servable: true },
];

/**
 * 3 columns × 2 rows of 500 m from (500 000, 181 000):
 *   row 0: 200 s (Soho)   400 s (Millwall)   null
 *   row 1: 300 s (Soho)   360 s (Millwall)   700 s (Millwall)
 */
function cover(overrides: Partial<CoverResult> = {}): CoverResult {
  return {
    callTime: 'Fri 4 Dec 2026 17:00 London time (GMT)',
    cellMetres: 500,
    bounds: { west: 500_000, south: 180_000, east: 501_500, north: 181_000 },
    columns: 3,
    rows: 2,
    bestEtaSeconds: [200, 400, null, 300, 360, 700],
    bestStation: [0, 1, -1, 0, 1, 1],
    stations: STATIONS,
    without: [],
    incidentsOutOfReach: { incidents: 8000, outOfReach: 984, share: 0.123 },
    modelId: 'abc',
    isDemoModel: false,
    ...overrides,
  };
}

describe('the cover colours', () => {
  it('turn from greens to yellow exactly after 6 minutes, as the exported PNG does', () => {
    expect(bandOf(360).colour).toBe('#d9ef8b');
    expect(bandOf(361).colour).toBe('#fee08b');
    expect(bandOf(0)).toBe(ETA_BANDS[0]);
    expect(bandOf(5000)).toBe(ETA_BANDS.at(-1));
    // The step sits at the LFB target itself, wherever the target is declared.
    expect(ETA_BANDS.filter((band) => band.upToSeconds <= TARGET_SECONDS).at(-1)?.upToSeconds).toBe(
      TARGET_SECONDS,
    );
  });

  it('give each cell one pixel, clear outside London', () => {
    const pixels = coverPixels(cover(), 200);
    expect(pixels.length).toBe(3 * 2 * 4);
    expect([...pixels.subarray(0, 4)]).toEqual([0x1a, 0x98, 0x50, 200]); // 200 s: up to 4:00
    expect([...pixels.subarray(8, 12)]).toEqual([0, 0, 0, 0]); // outside
    expect([...pixels.subarray(20, 24)]).toEqual([0xd7, 0x30, 0x27, 200]); // 700 s: over 8:00
  });
});

describe('the 360 s contour', () => {
  it('runs along every edge between a cell within the target and one beyond, never along London’s edge', () => {
    const segments = contourSegments(cover());
    // Within: (0,0) 200, (1,0) 300, (1,1) 360. Beyond: (0,1) 400, (1,2) 700. (0,2) is outside.
    expect(segments).toEqual(
      expect.arrayContaining([
        // (0,0) | (0,1): the vertical edge at 500 500 across row 0
        [
          [500_500, 181_000],
          [500_500, 180_500],
        ],
        // (0,1) over (1,1): the horizontal edge at 180 500 across column 1
        [
          [500_500, 180_500],
          [501_000, 180_500],
        ],
        // (1,1) | (1,2): the vertical edge at 501 000 across row 1
        [
          [501_000, 180_500],
          [501_000, 180_000],
        ],
      ]),
    );
    expect(segments).toHaveLength(3);
  });

  it('is empty when every cell is on the same side', () => {
    expect(contourSegments(cover({ bestEtaSeconds: [100, 100, null, 100, 100, 100] }))).toEqual([]);
  });
});

describe('reading a cell', () => {
  it('finds the cell holding a point, with its centre, ETA and station', () => {
    const cell = cellAt(cover(), 500_900, 180_100);
    expect(cell).toMatchObject({ row: 1, column: 1, easting: 500_750, northing: 180_250, etaSeconds: 360 });
    expect(cell?.station?.code).toBe('E31');
    expect(cell?.withinTarget).toBe(true);
    expect(describeCell(cell!)).toBe(
      'Best 6:00 (360 s) from Millwall, Isle of Dogs — within the 6 min target',
    );
  });

  it('says when a point is off the grid or outside London', () => {
    expect(cellAt(cover(), 499_999, 180_500)).toBeNull();
    expect(cellAt(cover(), 500_100, 181_001)).toBeNull();
    const outside = cellAt(cover(), 501_200, 180_900);
    expect(outside?.etaSeconds).toBeNull();
    expect(describeCell(outside!)).toBe('Outside Greater London');
  });
});

describe('the share out of reach', () => {
  it('is stated in words with one decimal and the counts', () => {
    expect(outOfReachSentence(cover())).toBe(
      '12.3 % of the history’s incidents lie where no station reaches within 6 min (984 of 8,000).',
    );
  });

  it('asks for an import when the history is empty', () => {
    expect(
      outOfReachSentence(cover({ incidentsOutOfReach: { incidents: 0, outOfReach: 0, share: 0 } })),
    ).toMatch(/^The history holds no incidents inside the grid yet: import incident files/);
  });
});

describe('the history backdrop', () => {
  const backdrop = (counts: number[], width: number, height: number): HistoryBackdrop => ({
    bounds: { west: 0, south: 0, east: width, north: height },
    width,
    height,
    metresPerPixel: 1,
    counts: btoa(String.fromCharCode(...counts)),
    incidents: counts.reduce((a, b) => a + b, 0),
  });

  it('decodes the base64 counts pixel for pixel', () => {
    expect([...decodeCounts(backdrop([0, 1, 255, 7], 2, 2))]).toEqual([0, 1, 255, 7]);
  });

  it('refuses counts that do not fill the picture, in words', () => {
    expect(() => decodeCounts(backdrop([0, 1, 2], 2, 2))).toThrow(/3 pixels where 2 × 2 were expected/);
  });

  it('leaves empty pixels clear and makes busier pixels more opaque', () => {
    const pixels = backdropPixels(Uint8Array.from([0, 1, 10, 255]), [10, 20, 30]);
    const alpha = (i: number) => pixels[i * 4 + 3] ?? -1;
    expect([...pixels.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect([...pixels.subarray(4, 7)]).toEqual([10, 20, 30]);
    expect(alpha(1)).toBeGreaterThan(0);
    expect(alpha(2)).toBeGreaterThan(alpha(1));
    expect(alpha(3)).toBeGreaterThan(alpha(2));
  });
});
