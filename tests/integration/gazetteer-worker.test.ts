import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../main/core/ingest/index.js';
import { buildGazetteerInWorker } from '../../main/core/places/history.js';
import { lookupPlace } from '../../main/core/places/gazetteer.js';
import { real, tempDir } from '../fixtures/lfb-files.js';

const { dir, cleanup } = tempDir('pump-eta-gazetteer-');
afterAll(() => cleanup());

describe('buildGazetteerInWorker', () => {
  it('is null for an empty history and finds imported places after an import', async () => {
    const dbPath = path.join(dir, 'history.sqlite');
    await importFiles(dbPath, [real('stations.csv')]);
    expect(await buildGazetteerInWorker(dbPath)).toBeNull();
    await importFiles(dbPath, [real('incidents-2023-sample.csv')]);
    const gazetteer = await buildGazetteerInWorker(dbPath);
    expect(gazetteer).not.toBeNull();
    const se1 = lookupPlace(gazetteer!, 'postcodeDistrict', 'se1');
    expect(se1?.name).toBe('SE1');
    expect(se1!.easting).toBeGreaterThan(525_000);
    expect(se1!.easting).toBeLessThan(540_000);
  });
});
