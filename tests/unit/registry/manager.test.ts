import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/index.js';
import { importFiles } from '../../../main/core/ingest/index.js';
import {
  DEMO_MODEL_FILE,
  findResourcesDir,
  ModelManager,
  NoUsableModelError,
} from '../../../main/core/registry/manager.js';
import { generateSynthetic } from '../../../tools/synthetic/index.js';
import { loadTrainingRows } from '../../../main/core/training/dataset.js';
import { buildGazetteer } from '../../../main/core/places/gazetteer.js';
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

describe('ModelManager start-up with a damaged installation', () => {
  /** A resources folder like the bundled one, whose demo model file the test may break. */
  function resourcesWith(name: string, demo: Buffer | null): string {
    const dirPath = path.join(dir, name, 'resources');
    fs.mkdirSync(dirPath, { recursive: true });
    if (demo) fs.writeFileSync(path.join(dirPath, DEMO_MODEL_FILE), demo);
    return dirPath;
  }
  const bundled = () => fs.readFileSync(path.join(resourcesDir, DEMO_MODEL_FILE));

  async function startFails(dbPath: string, resources: string): Promise<string> {
    const db = openDatabase(dbPath);
    try {
      await ModelManager.open(db, path.join(path.dirname(dbPath), 'models'), { resourcesDir: resources });
    } catch (error) {
      expect(error).toBeInstanceOf(NoUsableModelError);
      return (error as Error).message;
    } finally {
      db.close();
    }
    throw new Error('ModelManager.open succeeded with no usable model');
  }

  function registryRows(dbPath: string): number {
    const db = openDatabase(dbPath, { readonly: true });
    const n = db.prepare('SELECT count(*) FROM models').pluck().get() as number;
    db.close();
    return n;
  }

  it('refuses to start on a fresh install whose demo model is truncated, and registers nothing', async () => {
    const resources = resourcesWith('truncated-demo', bundled().subarray(0, 4096));
    const dbPath = path.join(dir, 'truncated-demo', 'history.sqlite');
    const message = await startFails(dbPath, resources);
    expect(message).toContain(path.join(resources, DEMO_MODEL_FILE));
    expect(message).toMatch(/is damaged .*Reinstall Pump ETA/);
    expect(registryRows(dbPath)).toBe(0);
    const models = path.join(path.dirname(dbPath), 'models');
    expect(fs.existsSync(models) ? fs.readdirSync(models) : []).toEqual([]);
  });

  it('refuses to start when the demo model is a valid file of the wrong kind', async () => {
    const resources = resourcesWith('garbage-demo', Buffer.from('PK\u0003\u0004 not a model at all'));
    const message = await startFails(path.join(dir, 'garbage-demo', 'history.sqlite'), resources);
    expect(message).toMatch(/The bundled demo model .* is damaged/);
  });

  it('says the demo model is missing, and why no stored model could be used either', async () => {
    const dbPath = path.join(dir, 'no-demo', 'history.sqlite');
    let { manager, close } = await open(dbPath);
    const t = manager.register({ bytes: trained, rows: 1 });
    manager.registry.setChampion(t.id, 'force-promote', 'test');
    const files = manager.list().map((m) => manager.registry.filePath(m));
    await close();
    for (const f of files) fs.rmSync(f);
    const message = await startFails(dbPath, resourcesWith('no-demo', null));
    expect(message).toMatch(/The bundled demo model .* is missing, so Pump ETA has no model to answer with/);
    expect(message).toContain(`model ${t.id}: model file ${t.sha256}.onnx is missing`);
    ({ manager, close } = await open(dbPath));
    expect(manager.service.model.isDemo).toBe(true);
    await close();
  });
});
