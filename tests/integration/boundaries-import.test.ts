import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverResult, ImportResult } from '../../contract/index.js';
import { createCore, type Core } from '../../main/core/app/core.js';
import { importFiles } from '../../main/core/ingest/index.js';
import { boundariesGeoJson, writeBoundaries, type GridSquare } from '../fixtures/boundaries.js';
import { cli } from '../fixtures/cli.js';
import { databaseChecksum } from '../fixtures/db-state.js';
import { real, tempDir } from '../fixtures/lfb-files.js';

/**
 * A boundaries file imported as the data officer imports LFB files — through the core's import job,
 * into a real SQLite history holding the real LFB sample — is drawn on the maps (never used to decide
 * which cells are London), is listed in the import log and can be undone; a bad one is refused and
 * stores nothing.
 */
let dir: string;
let cleanup: () => void;
let dbPath: string;
let core: Core;
/** The cover before any boundaries file. */
let before: CoverResult;
const WESTMINSTER: GridSquare = { name: 'Westminster', west: 528_000, south: 178_000, side: 3_000 };
const CAMDEN: GridSquare = { name: 'Camden', west: 527_000, south: 182_000, side: 4_000 };

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-boundaries-'));
  dbPath = path.join(dir, 'history.sqlite');
  const imported = await importFiles(dbPath, [real('incidents-2023-sample.csv'), real('stations.csv')]);
  expect(imported.errors).toEqual([]);
  core = await createCore({ dbPath, auditLog: 'inline', historyPlaces: 'on-demand' });
  before = await core.cover({ callTime: '2024-03-05T17:00', cellMetres: 500 });
}, 120_000);
afterAll(async () => {
  await core?.close();
  cleanup();
});

const importNow = (file: string): Promise<ImportResult> => core.importFiles([file], () => {}).done;

describe('a boundaries layer', () => {
  let importId: number;

  it('is imported from ONS-style GeoJSON and listed in the import log', async () => {
    const file = writeBoundaries(dir, 'boroughs.geojson', boundariesGeoJson([WESTMINSTER, CAMDEN], 'wgs84'));
    const result = await importNow(file);
    const report = result.files[0]!;
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({ kind: 'boundaries', rowsRead: 2, rowsImported: 2 });
    expect(report.notes?.[0]).toMatch(/2 areas stored as the boundaries layer 'boroughs' \(WGS84/);
    const entry = core.dataSummary().imports.find((i) => i.fileName === 'boroughs.geojson')!;
    expect(entry).toMatchObject({ kind: 'boundaries' });
    importId = entry.id;
  });

  it('is drawn on the maps, on the grid', async () => {
    const base = await core.mapBase();
    expect(base.boundaries).toHaveLength(1);
    expect(base.boundaries[0]!.name).toBe('boroughs');
    expect(base.boundaries[0]!.areas.map((a) => a.name)).toEqual(['Westminster', 'Camden']);
    const ring = base.boundaries[0]!.areas[0]!.rings[0]!;
    expect(Math.abs(ring[0]! - WESTMINSTER.west)).toBeLessThanOrEqual(1);
  });

  it("does not change the cover: which cells are London and the figures stay the history's", async () => {
    const cover = await core.cover({ callTime: '2024-03-05T17:00', cellMetres: 500 });
    // A file of two boroughs would otherwise shrink London to them, and the share with it.
    expect(cover).toEqual(before);
    expect(cover.bestEtaSeconds.filter((s) => s !== null).length).toBeGreaterThan(4_000);
    expect(cover.incidentsOutOfReach.incidents).toBeGreaterThan(9_000);
  });

  it('is not added twice by the same file', async () => {
    const again = await importNow(path.join(dir, 'boroughs.geojson'));
    expect(again.files[0]).toMatchObject({ rowsImported: 0, rowsDuplicate: 2 });
    expect((await core.mapBase()).boundaries).toHaveLength(1);
  });

  it('can be imported again once the import that stored it is undone, even with a later repeat live', async () => {
    const file = writeBoundaries(dir, 'wards.geojson', boundariesGeoJson([CAMDEN], 'bng'));
    const idsOf = () =>
      core
        .dataSummary()
        .imports.filter((i) => i.fileName === 'wards.geojson' && !i.undoneAt)
        .map((i) => i.id)
        .sort((a, b) => a - b);
    await importNow(file);
    const repeat = (await importNow(file)).files[0]!;
    expect(repeat).toMatchObject({ rowsImported: 0, rowsDuplicate: 1 });
    const [first, second] = idsOf();
    await core.undoImport(first!);
    expect((await core.mapBase()).boundaries.map((l) => l.name)).toEqual(['boroughs']);
    // The repeat stored nothing, so the file is not in use any more: importing it stores it again.
    const back = (await importNow(file)).files[0]!;
    expect(back).toMatchObject({ rowsImported: 1 });
    expect(back.notes?.[0]).toMatch(/^1 area stored as the boundaries layer 'wards'/);
    expect((await core.mapBase()).boundaries.map((l) => l.name)).toEqual(['boroughs', 'wards']);
    // Leave the history as the next tests expect it: only the boroughs layer.
    for (const id of idsOf()
      .filter((id) => id !== second)
      .reverse())
      await core.undoImport(id);
    await core.undoImport(second!);
    expect((await core.mapBase()).boundaries.map((l) => l.name)).toEqual(['boroughs']);
  }, 60_000);

  it('is undone like any import, the cover unchanged', async () => {
    const undone = await core.undoImport(importId);
    expect(undone).toMatchObject({ kind: 'boundaries', removed: 2 });
    expect((await core.mapBase()).boundaries).toEqual([]);
    expect(await core.cover({ callTime: '2024-03-05T17:00', cellMetres: 500 })).toEqual(before);
    await expect(core.undoImport(importId)).rejects.toThrow(/already undone/);
  }, 60_000);

  it('refuses bad GeoJSON with a sentence naming the file, storing nothing', async () => {
    const stored = databaseChecksum(dbPath);
    const cases: [string, string, RegExp][] = [
      [
        'broken.geojson',
        '{"type": "FeatureCollection", "features": [',
        /broken\.geojson: the file is not valid GeoJSON/,
      ],
      [
        'lines.geojson',
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: {},
              geometry: {
                type: 'LineString',
                coordinates: [
                  [0, 51],
                  [0.1, 51.1],
                ],
              },
            },
          ],
        }),
        /no Polygon or MultiPolygon areas \(only 1 LineString\)/,
      ],
      [
        'swapped.geojson',
        boundariesGeoJson([WESTMINSTER], 'wgs84').replace(/\[(-?[\d.]+),(-?[\d.]+)\]/g, '[$2,$1]'),
        /none of its areas is in or near Greater London/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const result = await importNow(writeBoundaries(dir, name, text));
      expect(result.files).toHaveLength(1);
      expect(result.files[0]!.rowsImported).toBe(0);
      expect(result.files[0]!.error).toMatch(message);
    }
    expect(databaseChecksum(dbPath)).toBe(stored);
  });

  it('is imported and undone from the command line too', async () => {
    const file = writeBoundaries(dir, 'wards.geojson', boundariesGeoJson([CAMDEN], 'bng'));
    await core.close();
    const imported = await cli(['import', file, '--db', dbPath, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    const listed = await cli(['imports', '--db', dbPath]);
    expect(listed.stdout).toMatch(/wards\.geojson.*boundaries/);
    const { imports } = JSON.parse((await cli(['imports', '--db', dbPath, '--json'])).stdout) as {
      imports: { id: number; fileName: string; kind: string }[];
    };
    const id = imports.find((e) => e.fileName === 'wards.geojson')!.id;
    core = await createCore({ dbPath, auditLog: 'inline', historyPlaces: 'on-demand' });
    expect((await core.mapBase()).boundaries.map((b) => b.name)).toEqual(['wards']);
    await core.close();
    const undone = await cli(['undo-import', String(id), '--db', dbPath]);
    expect(undone.code, undone.stderr).toBe(0);
    core = await createCore({ dbPath, auditLog: 'inline', historyPlaces: 'on-demand' });
    expect((await core.mapBase()).boundaries).toEqual([]);
  }, 60_000);
});
