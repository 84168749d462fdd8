import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverResult } from '../../contract/index.js';
import { createCore, type Core } from '../../main/core/app/core.js';
import { openDatabase } from '../../main/core/db/index.js';
import { importFiles } from '../../main/core/ingest/index.js';
import { createHandlers } from '../../main/shell/handlers.js';
import { databaseChecksum } from '../fixtures/db-state.js';
import { decodePng } from '../unit/cover/png-decode.js';
import { real, tempDir } from '../fixtures/lfb-files.js';

/**
 * The cover map through the façade the app and the CLI use: a real SQLite history holding the real
 * LFB sample (10,000 incidents of 2023 and the stations file), the bundled demo model in service, the
 * grid computed on the maps thread through an onnxruntime session.
 */
let dir: string;
let cleanup: () => void;
let dbPath: string;
let core: Core;
let positions: number;
const CALL = '2024-03-05T17:00';

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-cover-'));
  dbPath = path.join(dir, 'history.sqlite');
  const imported = await importFiles(dbPath, [real('incidents-2023-sample.csv'), real('stations.csv')]);
  expect(imported.errors).toEqual([]);
  const db = openDatabase(dbPath, { readonly: true });
  positions = db
    .prepare('SELECT COUNT(*) FROM incidents WHERE COALESCE(easting_m, easting_rounded) IS NOT NULL')
    .pluck()
    .get() as number;
  db.close();
  core = await createCore({ dbPath, auditLog: 'inline', historyPlaces: 'on-demand' });
}, 120_000);
afterAll(async () => {
  await core?.close();
  cleanup();
});

const codeAt = (cover: CoverResult, cell: number) => cover.stations[cover.bestStation[cell]!]!.code;

describe('the cover map', () => {
  let before: CoverResult;
  beforeAll(async () => {
    before = await core.cover({ callTime: CALL });
  }, 60_000);

  it('is a grid over Greater London, masked by where the history has incidents', () => {
    expect(before.cellMetres).toBe(500);
    expect(before.bestEtaSeconds).toHaveLength(before.columns * before.rows);
    expect(before.bestStation).toHaveLength(before.columns * before.rows);
    const london = before.bestEtaSeconds.filter((s) => s !== null).length;
    // The box is about 10,600 cells; Greater London about 6,300 of them (1,572 km²).
    expect(london).toBeGreaterThan(4_000);
    expect(london).toBeLessThan(0.85 * before.columns * before.rows);
    before.bestEtaSeconds.forEach((s, i) => expect(s === null).toBe(before.bestStation[i] === -1));
    expect(before.callTime).toBe('Tue 5 Mar 2024 17:00 London time (GMT)');
    expect(before.isDemoModel).toBe(true);
  });

  it("counts the history's incidents in cells where the target is out of reach", () => {
    const { incidents, outOfReach, share } = before.incidentsOutOfReach;
    // Every incident with a position lies in a London cell: the mask is drawn around them.
    expect(incidents).toBe(positions);
    expect(outOfReach).toBeGreaterThan(0);
    expect(outOfReach).toBeLessThan(incidents);
    expect(share).toBeCloseTo(outOfReach / incidents, 10);
  });

  it('changes as expected when the nearest station of a test point is taken out', async () => {
    // The test point: the centre of a London cell in the middle rows whose nearest station (straight
    // line) is also its best, within the target there.
    const centre = (i: number) => ({
      e: before.bounds.west + ((i % before.columns) + 0.5) * before.cellMetres,
      n: before.bounds.north - (Math.floor(i / before.columns) + 0.5) * before.cellMetres,
    });
    const nearestTo = (i: number) => {
      const { e, n } = centre(i);
      return before.stations.reduce((a, b) =>
        Math.hypot(a.easting - e, a.northing - n) <= Math.hypot(b.easting - e, b.northing - n) ? a : b,
      ).code;
    };
    const cell = before.bestEtaSeconds.findIndex(
      (s, i) => s !== null && s <= 240 && i > before.columns * 40 && nearestTo(i) === codeAt(before, i),
    );
    expect(cell).toBeGreaterThan(0);
    const nearest = nearestTo(cell);
    const after = await core.cover({ callTime: CALL, without: [nearest] });
    expect(after.without).toEqual([nearest]);
    // At the point another station is now best, and it is no faster than the one taken out.
    expect(codeAt(after, cell)).not.toBe(nearest);
    expect(after.bestEtaSeconds[cell]!).toBeGreaterThanOrEqual(before.bestEtaSeconds[cell]!);
    // Nowhere is the station still best; where it was not best, nothing changed; where it was, no cell
    // got faster, and some got slower.
    let slower = 0;
    for (let i = 0; i < before.bestEtaSeconds.length; i++) {
      if (before.bestEtaSeconds[i] === null) continue;
      expect(codeAt(after, i)).not.toBe(nearest);
      if (codeAt(before, i) !== nearest) {
        expect(after.bestEtaSeconds[i]).toBe(before.bestEtaSeconds[i]);
        expect(codeAt(after, i)).toBe(codeAt(before, i));
      } else {
        expect(after.bestEtaSeconds[i]!).toBeGreaterThanOrEqual(before.bestEtaSeconds[i]!);
        if (after.bestEtaSeconds[i]! > before.bestEtaSeconds[i]!) slower++;
      }
    }
    expect(slower).toBeGreaterThan(0);
    expect(after.incidentsOutOfReach.outOfReach).toBeGreaterThanOrEqual(
      before.incidentsOutOfReach.outOfReach,
    );
  }, 60_000);

  it('takes stations out by name as well as by code, each once', async () => {
    const station = before.stations.find(
      (s) =>
        s.code ===
        codeAt(
          before,
          before.bestStation.findIndex((b) => b >= 0),
        ),
    )!;
    const byName = await core.cover({
      callTime: CALL,
      cellMetres: 1000,
      without: [station.name.toUpperCase(), station.code],
    });
    expect(byName.without).toEqual([station.code]);
  }, 60_000);

  it('refuses a station it does not know, naming it with suggestions, and stores nothing', async () => {
    const stored = databaseChecksum(dbPath);
    await expect(core.cover({ callTime: CALL, without: ['Lambth', 'Nowhere Street'] })).rejects.toThrow(
      /without: no stations are called 'Lambth' \(did you mean 'Lambeth'\?\), 'Nowhere Street'/,
    );
    await expect(core.cover({ callTime: 'tomorrow-ish' })).rejects.toThrow(/callTime/);
    await expect(core.cover({ cellMetres: 50 } as never)).rejects.toThrow(/cell size must be at least 100 m/);
    expect(databaseChecksum(dbPath)).toBe(stored);
  });
});

describe('the map base', () => {
  it("draws the history's incidents, the model's stations and no boundaries yet", async () => {
    const base = await core.mapBase();
    const backdrop = base.backdrop!;
    expect(backdrop.incidents).toBe(positions);
    expect(backdrop.width).toBeGreaterThan(900);
    expect(backdrop.width).toBeLessThanOrEqual(1_000);
    const counts = Buffer.from(backdrop.counts, 'base64');
    expect(counts.length).toBe(backdrop.width * backdrop.height);
    // Capped at 255 per pixel; a 10,000-incident sample never fills a 60 m pixel that far.
    expect(counts.reduce((n, v) => n + v, 0)).toBe(positions);
    expect(base.stations.length).toBeGreaterThan(90);
    expect(base.stations.some((s) => s.servable)).toBe(true);
    expect(base.boundaries).toEqual([]);
    expect(fs.existsSync(dbPath)).toBe(true);
  });
});

describe('exporting the cover from the app', () => {
  it('asks where to save, offering a name, and writes the map or the grid there', async () => {
    const handlers = createHandlers(core);
    const offered: string[] = [];
    const context = {
      emit: () => {},
      chooseSaveFile: async (name: string) => {
        offered.push(name);
        return path.join(dir, name);
      },
    };
    const png = await handlers.exportCover({ callTime: CALL, cellMetres: 1000, format: 'png' }, context);
    expect(png).toEqual({ ok: true, value: { file: path.join(dir, 'cover-2024-03-05-1700-1000m.png') } });
    const image = decodePng(fs.readFileSync(path.join(dir, 'cover-2024-03-05-1700-1000m.png')));
    expect(image.width).toBeGreaterThan(900);
    const csv = await handlers.exportCover({ callTime: CALL, cellMetres: 1000, format: 'csv' }, context);
    expect(csv.ok).toBe(true);
    const lines = fs
      .readFileSync(path.join(dir, 'cover-2024-03-05-1700-1000m.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('easting,northing,best_eta_s,station_code,station_name,within_target');
    expect(lines.length).toBeGreaterThan(1_000);
    expect(offered).toEqual(['cover-2024-03-05-1700-1000m.png', 'cover-2024-03-05-1700-1000m.csv']);
    // A cover without stations is named so: two saved covers of one hour are told apart.
    const without = await handlers.exportCover(
      { callTime: CALL, cellMetres: 1000, without: ['Soho'], format: 'csv' },
      context,
    );
    expect(without.ok).toBe(true);
    expect(offered[2]).toMatch(/^cover-2024-03-05-1700-1000m-without-[A-Z]\d+\.csv$/);
  }, 60_000);

  it('writes nothing when the person cancels, and asks nothing for a bad request', async () => {
    let asked = 0;
    const cancel = { emit: () => {}, chooseSaveFile: async () => (asked++, null) };
    const handlers = createHandlers(core);
    const before = fs.readdirSync(dir).length;
    expect(await handlers.exportCover({ callTime: CALL, cellMetres: 2000, format: 'csv' }, cancel)).toEqual({
      ok: true,
      value: null,
    });
    expect(asked).toBe(1);
    const bad = await handlers.exportCover({ callTime: CALL, without: ['Lambth'], format: 'png' }, cancel);
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/did you mean 'Lambeth'/) });
    const badFormat = await handlers.exportCover({ callTime: CALL, format: 'jpeg' }, cancel);
    expect(badFormat).toMatchObject({ ok: false, error: expect.stringMatching(/format must be png or csv/) });
    expect(asked).toBe(1);
    expect(fs.readdirSync(dir).length).toBe(before);
    const noDialog = await handlers.exportCover({ callTime: CALL, format: 'png' }, { emit: () => {} });
    expect(noDialog).toEqual({ ok: false, error: 'Saving files is not available here.' });
  }, 60_000);
});

describe('a new model in service', () => {
  it('is the one the next cover is computed with', async () => {
    const before = await core.cover({ callTime: CALL, cellMetres: 1000 });
    expect(before.isDemoModel).toBe(true);
    const { model } = await core.train({ seed: 7 });
    const { promoted } = await core.promoteModel(model.id, true);
    expect(promoted).toBe(true);
    const after = await core.cover({ callTime: CALL, cellMetres: 1000 });
    expect(after.modelId).toBe(model.id);
    expect(after.isDemoModel).toBe(false);
    // Another model, other estimates: the grid is not the demo model's.
    expect(after.bestEtaSeconds).not.toEqual(before.bestEtaSeconds);
    expect(after.stations.length).toBeGreaterThan(90);
    // Lambeth River (the fireboat) is in the stations list but sends no pump in the data: taking it out
    // would change nothing, and is refused rather than shown as a cover "without" it.
    const stationsBefore = after.stations.find((s) => s.code === 'H23');
    expect(stationsBefore?.servable ?? false).toBe(false);
    await expect(
      core.cover({ callTime: CALL, cellMetres: 1000, without: ['Lambeth River'] }),
    ).rejects.toThrow(
      /Lambeth River \(H23\) is not a station the model in service sends pumps from .* changes nothing/,
    );
  }, 180_000);
});
