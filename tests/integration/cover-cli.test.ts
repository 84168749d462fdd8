import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COVER_CSV_HEADER, bandOf, pixelsPerCell } from '../../main/core/cover/render.js';
import { importFiles } from '../../main/core/ingest/index.js';
import { cli } from '../fixtures/cli.js';
import { databaseChecksum } from '../fixtures/db-state.js';
import { readCsv, real, tempDir } from '../fixtures/lfb-files.js';
import { decodePng } from '../unit/cover/png-decode.js';

/**
 * `pump-eta cover` as a user runs it: a child process on a real history (the real LFB sample), the
 * bundled demo model, real files written and read back (the PNG decoded pixel by pixel).
 */
let dir: string;
let cleanup: () => void;
let db: string;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-cover-cli-'));
  db = path.join(dir, 'history.sqlite');
  const imported = await importFiles(db, [real('incidents-2023-sample.csv'), real('stations.csv')]);
  expect(imported.errors).toEqual([]);
}, 120_000);
afterAll(() => cleanup());

const TIME = '2024-07-02T08:00';
const run = (...args: string[]) => cli(['cover', '--db', db, '--time', TIME, ...args]);

interface CoverSummary {
  output: string;
  columns: number;
  rows: number;
  cellMetres: number;
  londonCells: number;
  cellsWithinTarget: number;
  without: string[];
  incidentsOutOfReach: { incidents: number; outOfReach: number; share: number };
  callTime: string;
}

describe('pump-eta cover', () => {
  it('writes the grid as CSV, one row per London cell, as --json reports it', async () => {
    const file = path.join(dir, 'cover.csv');
    const r = await run('--output', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as CoverSummary;
    expect(summary.callTime).toBe('Tue 2 Jul 2024 08:00 London time (BST)');
    const { header, rows } = readCsv(file);
    expect(header.join(',')).toBe(COVER_CSV_HEADER);
    expect(rows).toHaveLength(summary.londonCells);
    expect(rows.filter((row) => row[5] === 'true')).toHaveLength(summary.cellsWithinTarget);
    for (const row of rows) {
      const [e, n, eta] = row.map(Number);
      expect((e! - 250) % 500).toBe(0);
      expect((n! - 250) % 500).toBe(0);
      expect(row[5]).toBe(eta! <= 360 ? 'true' : 'false');
      expect(row[3]).toMatch(/^[A-Z]\d+$/);
    }
    expect(summary.incidentsOutOfReach.incidents).toBeGreaterThan(9_000);
  }, 60_000);

  it('writes the map as a PNG that decodes to the grid, coloured by ETA band', async () => {
    const file = path.join(dir, 'cover.png');
    const csv = path.join(dir, 'cover-1km.csv');
    expect((await run('--cell', '1000', '--output', csv)).code).toBe(0);
    const r = await run('--cell', '1000', '--output', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Cover for Tue 2 Jul 2024 08:00 London time \(BST\), 1000 m cells/);
    expect(r.stdout).toMatch(
      /of \d+ London cells reached within 360 s; \d+ of \d+ past incidents \([\d.]+ %\)/,
    );
    const png = decodePng(fs.readFileSync(file));
    const columns = Math.round(png.width / pixelsPerCell(59));
    expect(columns).toBe(59);
    const scale = png.width / columns;
    const { rows } = readCsv(csv);
    // The middle pixel of each London cell has the colour of its ETA's band.
    const west = 503_000;
    const north = 201_000;
    let checked = 0;
    for (const row of rows) {
      const [e, n, eta] = row.map(Number);
      const x = ((e! - west - 500) / 1000) * scale + scale / 2;
      const y = ((north - n! - 500) / 1000) * scale + scale / 2;
      const at = (y * png.width + x) * 4;
      expect(Array.from(png.rgba.subarray(at, at + 4))).toEqual([...bandOf(eta!), 255]);
      checked++;
    }
    expect(checked).toBeGreaterThan(1_000);
  }, 60_000);

  it('takes stations out and says which', async () => {
    const file = path.join(dir, 'without.csv');
    const r = await run('--cell', '1000', '--without', 'Lambeth,Soho', '--output', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as CoverSummary).without).toHaveLength(2);
    const { rows } = readCsv(file);
    expect(rows.some((row) => row[4] === 'Lambeth' || row[4] === 'Soho')).toBe(false);
  }, 60_000);

  it('refuses what it cannot do, in one line, writing nothing and storing nothing', async () => {
    const stored = databaseChecksum(db);
    const out = path.join(dir, 'never.csv');
    const cases: [string[], RegExp][] = [
      [
        ['--without', 'Lambth', '--output', out],
        /no station is called 'Lambth' \(did you mean 'Lambeth'\?\)/,
      ],
      [['--output', path.join(dir, 'map.jpg')], /--output must name a \.png .* or a \.csv/],
      [['--output', path.join(dir, 'missing', 'x.csv')], /the folder .*missing does not exist/],
      [['--cell', '50', '--output', out], /--cell must be between 100 and 2000/],
      [['--without', '', '--output', out], /--without names no station/],
    ];
    for (const [args, message] of cases) {
      const r = await run(...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    const noTime = await cli(['cover', '--db', db, '--output', out]);
    expect(noTime.code).toBe(2);
    expect(noTime.stderr).toMatch(/--time/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
    expect(databaseChecksum(db)).toBe(stored);
  }, 120_000);

  it('is listed in the usage', async () => {
    const r = await cli(['help']);
    expect(r.stdout).toMatch(
      /cover --time WHEN \[--cell M\] \[--without STATION,\.\.\.\] --output FILE\.png\|FILE\.csv/,
    );
    const own = await cli(['cover', '--help']);
    expect(own.stdout).toMatch(
      /easting,northing \(cell centre\),best_eta_s,station_code,station_name,within_target/,
    );
  });
});
