import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PredictRequestSchema } from '../../contract/index.js';
import { createCore } from '../../main/core/app/core.js';
import { openDatabase, type Db } from '../../main/core/db/index.js';
import { importFiles } from '../../main/core/ingest/index.js';
import { buildGazetteer, type Gazetteer } from '../../main/core/places/gazetteer.js';
import { HistoryGazetteer } from '../../main/core/places/history.js';
import { findResourcesDir, ModelManager } from '../../main/core/registry/manager.js';
import { InputError } from '../../main/core/serving/service.js';
import { real, tempDir } from '../fixtures/lfb-files.js';

/**
 * The history's gazetteer is built in a worker and swapped in whole: until it arrives the model's
 * own gazetteer answers (here the demo model's synthetic one), afterwards the history's (the real
 * 2023 LFB sample), and close() leaves nothing half-done behind.
 */
const resourcesDir = findResourcesDir();
const { dir, cleanup } = tempDir('pump-eta-history-places-');
const dbPath = path.join(dir, 'history.sqlite');
let expected: Gazetteer;

beforeAll(async () => {
  await importFiles(dbPath, [real('stations.csv'), real('incidents-2023-sample.csv')]);
  const db = openDatabase(dbPath, { readonly: true });
  try {
    expected = buildGazetteer(db);
  } finally {
    db.close();
  }
}, 120_000);
afterAll(() => cleanup());

const WARD = 'Waterloo & South Bank';
const ward = (value: string) => PredictRequestSchema.parse({ location: { kind: 'ward', value } });
const postcode = (value: string) =>
  PredictRequestSchema.parse({ location: { kind: 'postcodeDistrict', value } });

async function open(): Promise<{ db: Db; manager: ModelManager }> {
  const db = openDatabase(dbPath);
  const manager = await ModelManager.open(db, path.join(dir, 'models'), { resourcesDir });
  return { db, manager };
}

describe("the history's gazetteer", () => {
  it("is not awaited at open: the model's own answers until it arrives, then the history's", async () => {
    const { db, manager } = await open();
    try {
      const service = manager.service;
      const demo = service.model.meta.gazetteer;
      expect(service.model.isDemo).toBe(true);
      const history = expected.postcodeDistricts['SE1']!;
      const fromModel = demo.postcodeDistricts['SE1']!;
      // The two gazetteers disagree about SE1, so the answer shows which one placed it.
      expect([history.easting, history.northing]).not.toEqual([fromModel.easting, fromModel.northing]);

      // Asked before the event loop turns: the worker's answer cannot have arrived yet.
      const before = service.predict(postcode('SE1'));
      const unknownBefore = service.predict(ward(WARD)).then(
        () => null,
        (e: unknown) => e,
      );
      const suggestedBefore = service.suggest('waterloo', 10).map((s) => s.value);
      expect((await before).resolvedLocation).toMatchObject({
        easting: fromModel.easting,
        northing: fromModel.northing,
        description: `postcode district ${fromModel.name}`,
      });
      const refused = await unknownBefore;
      expect(refused).toBeInstanceOf(InputError);
      expect((refused as InputError).message).toMatch(
        /^location: unknown ward 'Waterloo & South Bank' — .*the demo model knows only its synthetic wards/,
      );
      const waterloo = expected.wards['WATERLOO & SOUTH BANK']!;
      expect(suggestedBefore).not.toContain(waterloo.name);

      await manager.historyPlacesReady();
      const after = await service.predict(postcode('SE1'));
      expect(after.resolvedLocation).toMatchObject({
        easting: history.easting,
        northing: history.northing,
        stationGround: history.stationGround,
        description: `postcode district ${history.name}`,
      });
      const placed = await service.predict(ward(WARD));
      expect(placed.resolvedLocation).toMatchObject({
        easting: waterloo.easting,
        northing: waterloo.northing,
        description: `ward ${waterloo.name}`,
      });
      // Full postcodes exist only in the history's gazetteer.
      const exact = expected.postcodes!['WC1E 6AS']!;
      expect((await service.predict(postcode('wc1e 6as'))).resolvedLocation).toMatchObject({
        easting: exact.easting,
        northing: exact.northing,
        description: `postcode WC1E 6AS (from ${exact.incidents} incidents)`,
      });
      expect(service.suggest('waterloo', 10).map((s) => s.value)).toContain(waterloo.name);
    } finally {
      await manager.close();
      db.close();
    }
  });

  it('is never applied once close() has returned, and close() waits for the build in flight', async () => {
    const { db, manager } = await open();
    await manager.close();
    try {
      const waterloo = expected.wards['WATERLOO & SOUTH BANK']!;
      expect(manager.service.suggest('waterloo', 10).map((s) => s.value)).not.toContain(waterloo.name);
      await manager.historyPlacesReady();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(manager.service.suggest('waterloo', 10).map((s) => s.value)).not.toContain(waterloo.name);
    } finally {
      db.close();
    }
  });

  it('on demand (the CLI) is built only when first awaited, and then answers as the app does', async () => {
    const db = openDatabase(dbPath);
    const manager = await ModelManager.open(db, path.join(dir, 'models'), {
      resourcesDir,
      historyPlaces: 'on-demand',
    });
    try {
      const waterloo = expected.wards['WATERLOO & SOUTH BANK']!;
      const names = () => manager.service.suggest('waterloo', 10).map((s) => s.value);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(names()).not.toContain(waterloo.name);
      await manager.historyPlacesReady();
      expect(names()).toContain(waterloo.name);
      const p = await manager.service.predict(ward(WARD));
      expect(p.resolvedLocation.description).toBe(`ward ${waterloo.name}`);
    } finally {
      await manager.close();
      db.close();
    }
  });

  it('applies only the newest of overlapping rebuilds, and each refresh waits for it', async () => {
    const db = openDatabase(dbPath, { readonly: true });
    const applied: (Gazetteer | null)[] = [];
    const places = new HistoryGazetteer(db, (g) => applied.push(g));
    try {
      const first = places.refresh();
      const second = places.refresh();
      await first;
      expect(applied).toHaveLength(1);
      await second;
      expect(applied).toHaveLength(1);
      expect(applied[0]).toEqual(expected);
    } finally {
      await places.close();
      db.close();
    }
  });

  it('keeps the gazetteer in use when a build fails, and says why', async () => {
    const gone = path.join(dir, 'gone.sqlite');
    fs.copyFileSync(dbPath, gone);
    const db = openDatabase(gone);
    const applied: (Gazetteer | null)[] = [];
    const places = new HistoryGazetteer(db, (g) => applied.push(g));
    try {
      // The worker opens the file by name: removed after the app opened it, it is not there to read.
      fs.rmSync(gone);
      const why =
        /^the history database gone\.sqlite could not be read for its places \(.+\): postcodes and wards are placed from the model's own gazetteer$/;
      await expect(places.refresh()).rejects.toThrow(why);
      await expect(places.ready()).rejects.toThrow(why);
      expect(applied).toEqual([]);
    } finally {
      await places.close();
      db.close();
    }
  });

  it('reaches the app: createCore answers from the history once its gazetteer is in', async () => {
    const core = await createCore({ dbPath, resourcesDir });
    try {
      const waterloo = expected.wards['WATERLOO & SOUTH BANK']!;
      await expect
        .poll(() => core.suggest('waterloo', 10).map((s) => s.value), { timeout: 30_000, interval: 50 })
        .toContain(waterloo.name);
      const p = await core.predict({ location: { kind: 'ward', value: WARD } });
      expect(p.resolvedLocation.description).toBe(`ward ${waterloo.name}`);
    } finally {
      await core.close();
    }
  });
});
