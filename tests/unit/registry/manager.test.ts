import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/index.js';
import { importFiles } from '../../../main/core/ingest/index.js';
import { findResourcesDir, ModelManager } from '../../../main/core/registry/manager.js';
import { generateSynthetic } from '../../../main/core/synthetic/index.js';
import { loadTrainingRows } from '../../../main/core/training/dataset.js';
import { buildGazetteer } from '../../../main/core/training/gazetteer.js';
import { trainFromRows } from '../../../main/core/training/pipeline.js';

let dir: string;
let trained: Uint8Array;
const resourcesDir = findResourcesDir();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-manager-'));
  const files = await generateSynthetic({
    outDir: dir,
    mobilisations: 3000,
    format: 'csv',
    seed: 5,
    months: 3,
  });
  const scratch = path.join(dir, 'scratch.sqlite');
  await importFiles(scratch, [files.stationsFile, files.incidentsFile, files.mobilisationsFile]);
  const db = openDatabase(scratch);
  trained = trainFromRows(loadTrainingRows(db), buildGazetteer(db), {
    seed: 3,
    params: { numTrees: 20 },
  }).bytes;
  db.close();
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function open(dbPath: string) {
  const db = openDatabase(dbPath);
  const manager = await ModelManager.open(db, path.join(path.dirname(dbPath), 'models'), { resourcesDir });
  return { db, manager, close: async () => (await manager.close(), db.close()) };
}

function champions(dbPath: string): string[] {
  const db = openDatabase(dbPath, { readonly: true });
  const ids = db.prepare(`SELECT id FROM models WHERE status = 'champion'`).pluck().all() as string[];
  db.close();
  return ids;
}

describe('ModelManager start-up', () => {
  it('installs the demo model as the champion of a fresh database', async () => {
    const dbPath = path.join(dir, 'fresh', 'history.sqlite');
    const { manager, close } = await open(dbPath);
    expect(manager.service.model.isDemo).toBe(true);
    expect(manager.warnings).toEqual([]);
    expect(manager.champion.isDemo).toBe(true);
    await close();
    expect(champions(dbPath)).toHaveLength(1);
  });

  it('falls back to the previous good model when the champion file is corrupt, and says so', async () => {
    const dbPath = path.join(dir, 'corrupt', 'history.sqlite');
    let { manager, close } = await open(dbPath);
    const demoId = manager.service.model.id;
    const t = manager.register({ bytes: trained, rows: 1 });
    manager.registry.setChampion(t.id, 'force-promote', 'test');
    const file = manager.registry.filePath(t);
    await close();

    ({ manager, close } = await open(dbPath));
    expect(manager.service.model.id).toBe(t.id);
    await close();

    fs.writeFileSync(file, Buffer.from(trained).subarray(0, 1000)); // a torn write
    ({ manager, close } = await open(dbPath));
    expect(manager.service.model.id).toBe(demoId);
    expect(manager.warnings.join(' ')).toMatch(new RegExp(`model ${t.id}: model file .* is corrupt`));
    expect(manager.registry.events(1)[0]).toMatchObject({ action: 'fallback', modelId: demoId });
    const p = await manager.service.predict({
      location: { kind: 'coordinates', easting: 530_000, northing: 180_000 },
      pumpOrder: 1,
      deployedFromHome: true,
    });
    expect(p.modelId).toBe(demoId);
    await close();
    expect(champions(dbPath)).toEqual([demoId]);
  });

  it('reinstalls the bundled demo model when every stored file is gone', async () => {
    const dbPath = path.join(dir, 'gone', 'history.sqlite');
    await (await open(dbPath)).close();
    fs.rmSync(path.join(path.dirname(dbPath), 'models'), { recursive: true });
    const { manager, close } = await open(dbPath);
    expect(manager.service.model.isDemo).toBe(true);
    expect(manager.registry.verify(manager.champion)).toBeNull();
    await close();
  });
});
