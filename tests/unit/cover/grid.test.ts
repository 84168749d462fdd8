import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CoverResult } from '../../../contract/index.js';
import { cellCentre, cellOf, londonGrid } from '../../../main/core/cover/grid.js';
import { HISTORY_REACH_METRES, londonMask } from '../../../main/core/cover/mask.js';
import { encodePng } from '../../../main/core/cover/png.js';
import {
  bandOf,
  CONTOUR_RGB,
  COVER_CSV_HEADER,
  coverCsv,
  coverPng,
  pixelsPerCell,
  writeCoverFile,
} from '../../../main/core/cover/render.js';
import { GREATER_LONDON_BOUNDS } from '../../../main/core/geo/london.js';
import { decodePng } from './png-decode.js';

describe('the cover grid', () => {
  it('covers Greater London in whole cells from the north-west corner', () => {
    const g = londonGrid(500);
    const b = GREATER_LONDON_BOUNDS;
    expect(g.bounds.west).toBeLessThanOrEqual(b.minEasting);
    expect(g.bounds.east).toBeGreaterThanOrEqual(b.maxEasting);
    expect(g.bounds.south).toBeLessThanOrEqual(b.minNorthing);
    expect(g.bounds.north).toBeGreaterThanOrEqual(b.maxNorthing);
    expect(g.bounds.east - g.bounds.west).toBe(g.columns * 500);
    expect(g.bounds.north - g.bounds.south).toBe(g.rows * 500);
    expect([g.columns, g.rows]).toEqual([117, 91]);
    // Row 0 is the north: the first cell's centre is half a cell in from the north-west corner.
    expect(cellCentre(g, 0)).toEqual({ easting: g.bounds.west + 250, northing: g.bounds.north - 250 });
    for (const cell of [0, 1, g.columns, 5_000, g.columns * g.rows - 1]) {
      const { easting, northing } = cellCentre(g, cell);
      expect(cellOf(g, easting, northing)).toBe(cell);
    }
    expect(cellOf(g, g.bounds.west - 1, g.bounds.north - 1)).toBe(-1);
    expect(cellOf(g, g.bounds.east, g.bounds.south + 1)).toBe(-1);
  });

  it('finer cells give more of them over the same box', () => {
    const coarse = londonGrid(2000);
    const fine = londonGrid(100);
    expect(fine.columns * fine.rows).toBeGreaterThan(coarse.columns * coarse.rows * 300);
  });
});

describe('which cells are London', () => {
  const g = londonGrid(500);
  const centre = cellCentre(g, 45 * g.columns + 60);

  it('is the whole box without a history or boundaries', () => {
    const mask = londonMask(g, new Float64Array(0));
    expect(mask.source).toBe('box');
    expect(mask.inside.every((v) => v === 1)).toBe(true);
  });

  it('is the cells within reach of an incident when the history draws it', () => {
    const mask = londonMask(g, Float64Array.from([centre.easting, centre.northing]));
    expect(mask.source).toBe('history');
    const reach = Math.ceil(HISTORY_REACH_METRES / 500 - 0.5);
    const inside = mask.inside.reduce((n, v) => n + v, 0);
    expect(inside).toBe((2 * reach + 1) ** 2);
    expect(mask.inside[cellOf(g, centre.easting, centre.northing)]).toBe(1);
    expect(mask.inside[cellOf(g, centre.easting + 5_000, centre.northing)]).toBe(0);
  });
});

describe('the cover as files', () => {
  /** A 3 × 2 grid: two cells within the target, two beyond, one outside London. */
  const cover: CoverResult = {
    callTime: 'Tue 5 Mar 2024 17:00 London time (GMT)',
    cellMetres: 500,
    bounds: { west: 530_000, south: 180_000, east: 531_500, north: 181_000 },
    columns: 3,
    rows: 2,
    bestEtaSeconds: [200, 500, null, 350, 400, 290],
    bestStation: [0, 1, -1, 0, 1, 0],
    stations: [
      { code: 'A1', name: 'Soho', easting: 530_100, northing: 180_900, servable: true },
      { code: 'B2', name: 'Kings, Cross "North"', easting: 531_200, northing: 180_100, servable: true },
    ],
    without: [],
    incidentsOutOfReach: { incidents: 0, outOfReach: 0, share: 0 },
    modelId: 'test',
    isDemoModel: true,
  };

  it('writes a PNG that reads back: bands, the contour, transparency outside London', () => {
    const png = decodePng(coverPng(cover));
    const scale = pixelsPerCell(3);
    expect([png.width, png.height]).toEqual([3 * scale, 2 * scale]);
    const pixel = (x: number, y: number) =>
      Array.from(png.rgba.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4));
    const middle = (column: number, row: number) =>
      pixel(column * scale + (scale >> 1), row * scale + (scale >> 1));
    expect(middle(0, 0)).toEqual([...bandOf(200), 255]);
    expect(middle(1, 0)).toEqual([...bandOf(500), 255]);
    expect(middle(2, 0)[3]).toBe(0);
    expect(middle(1, 1)).toEqual([...bandOf(400), 255]);
    expect(bandOf(200)).not.toEqual(bandOf(500));
    // Between cell (0,0) at 200 s and (1,0) at 500 s runs the 360 s contour.
    expect(pixel(scale - 1, scale >> 1)).toEqual([...CONTOUR_RGB, 255]);
    // Not between two cells within the target: (0,0) 200 s above (0,1) 350 s.
    expect(pixel(scale >> 1, scale - 1)).toEqual([...bandOf(200), 255]);
  });

  it('writes a PNG as the format says, and refuses pixels that do not fit', () => {
    const rgba = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 128]);
    const back = decodePng(encodePng(2, 1, rgba));
    expect(Array.from(back.rgba)).toEqual(Array.from(rgba));
    expect(() => encodePng(3, 1, rgba)).toThrow(/expected 12 bytes/);
    expect(() => encodePng(0, 1, new Uint8Array(0))).toThrow(/positive whole width/);
  });

  it('writes a CSV row per London cell with its centre, best ETA and station', () => {
    const lines = coverCsv(cover).trimEnd().split('\n');
    expect(lines[0]).toBe(COVER_CSV_HEADER);
    expect(lines).toHaveLength(1 + 5);
    expect(lines[1]).toBe('530250,180750,200,A1,Soho,true');
    expect(lines[2]).toBe('530750,180750,500,B2,"Kings, Cross ""North""",false');
    expect(lines[5]).toBe('531250,180250,290,A1,Soho,true');
  });

  it('says why a file could not be saved, naming the file asked for and leaving nothing behind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-cover-save-'));
    try {
      const inMissing = path.join(dir, 'missing', 'cover.csv');
      expect(() => writeCoverFile(cover, 'csv', inMissing)).toThrow(
        `The cover could not be saved to ${inMissing}: its folder does not exist.`,
      );
      const onFolder = path.join(dir, 'taken');
      fs.mkdirSync(onFolder);
      expect(() => writeCoverFile(cover, 'csv', onFolder)).toThrow(
        /could not be saved to .*taken: it is a folder\.$/,
      );
      expect(fs.readdirSync(dir).sort()).toEqual(['taken']);
      const saved = path.join(dir, 'cover.csv');
      writeCoverFile(cover, 'csv', saved);
      expect(fs.readFileSync(saved, 'utf8')).toBe(coverCsv(cover));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
