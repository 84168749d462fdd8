import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/index.js';
import { listImports, undoImport } from '../../main/core/ingest/history.js';
import { importFiles } from '../../main/core/ingest/index.js';
import { computeMonitoring, type MonitorRequest } from '../../main/core/monitor/run.js';
import {
  callsVersion,
  computeReference,
  prepareScoring,
  scoreSinceTraining,
} from '../../main/core/monitor/score.js';
import { loadForMonitoring } from '../../main/core/monitor/session.js';
import { MonitorStore, type StoredMonitor } from '../../main/core/monitor/store.js';
import { modelsDirFor } from '../../main/core/paths.js';
import { Registry } from '../../main/core/registry/registry.js';
import { loadModel } from '../../main/core/serving/service.js';
import { tempDir } from '../fixtures/lfb-files.js';
import { sortedSnapshot } from '../fixtures/monitor-reference.js';
import {
  copyHistory,
  newerFiles,
  openTestCore,
  trainedHistory,
  type MonitoringSizes,
} from '../fixtures/monitoring.js';
import type { GenerateResult } from '../../tools/synthetic/index.js';

/**
 * The monitoring job starts with an import and reads the newer calls while the Mobilisation file is
 * still being imported; what it stores must be exactly what a computation after the import stores —
 * whatever the import did meanwhile: added vehicles, rolled a file back, or imported its Incident file
 * after the calls were read.
 */
const SIZES: MonitoringSizes = { trainingVehicles: 15_000, newerVehicles: 4_000, numTrees: 30 };

let dir: string;
let cleanup: () => void;
let base: string;
let newer: GenerateResult;
let copies = 0;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-monitor-beside-'));
  base = await trainedHistory(path.join(dir, 'base'), SIZES);
  newer = await newerFiles(path.join(dir, 'newer'), true, SIZES);
}, 900_000);

afterAll(() => cleanup());

const freshHistory = () => copyHistory(base, path.join(dir, `history-${++copies}`));

async function championRequest(dbPath: string): Promise<MonitorRequest> {
  const db = openDatabase(dbPath);
  try {
    const registry = new Registry(db, modelsDirFor(dbPath));
    const champion = registry.champion()!;
    const file = registry.filePath(champion);
    const loaded = await loadModel(fs.readFileSync(file), champion.id);
    await loaded.session.release();
    const w = loaded.meta.window;
    return {
      dbPath,
      modelFile: file,
      modelId: champion.id,
      window: {
        trainFrom: Date.parse(w.trainFrom),
        trainTo: Date.parse(w.trainTo),
        scoredAfter: Date.parse(w.holdoutTo),
      },
    };
  } finally {
    db.close();
  }
}

/** The stored results without the moment they were computed. */
function stored(dbPath: string, modelId: string): Omit<StoredMonitor, 'run'> & { vehicles: number } {
  const db = openDatabase(dbPath);
  try {
    const s = new MonitorStore(db).read(modelId);
    if (!s) throw new Error('nothing stored');
    const { run, ...rest } = s;
    expect(run.problem).toBeNull();
    return { ...rest, vehicles: run.vehicles };
  } finally {
    db.close();
  }
}

/** Imports through the core (monitoring beside it), then what it stored against a computation after it. */
async function besideVersusAfter(files: readonly string[]) {
  const dbPath = freshHistory();
  const core = await openTestCore(dbPath);
  const logs: string[] = [];
  let result;
  try {
    result = await core.importFiles(files, (e) => {
      if (e.type === 'log') logs.push(e.message);
    }).done;
  } finally {
    await core.close();
  }
  const request = await championRequest(dbPath);
  const beside = stored(dbPath, request.modelId);
  const db = openDatabase(dbPath);
  try {
    await computeMonitoring(db, request);
  } finally {
    db.close();
  }
  return { dbPath, result, logs, beside, after: stored(dbPath, request.modelId) };
}

describe('monitoring beside an import', () => {
  it('stores what a computation after the import stores (calls read while the vehicles were imported)', async () => {
    const { beside, after, logs } = await besideVersusAfter([newer.incidentsFile, newer.mobilisationsFile]);
    expect(logs.some((m) => /scored on [\d,]+ vehicles/.test(m))).toBe(true);
    expect(beside.vehicles).toBeGreaterThan(SIZES.newerVehicles / 2);
    expect(beside).toEqual(after);
  }, 300_000);

  it('a Mobilisation file rolled back leaves no score of its rows', async () => {
    // The file's second half has dates no reader accepts: refused at the end, after every row was written.
    const lines = fs.readFileSync(newer.mobilisationsFile, 'utf8').trimEnd().split('\n');
    const broken = lines.map((line, i) =>
      i > lines.length / 3 ? line.replace(/\d\d\/\d\d\/\d{4} /g, '99/99/9999 ') : line,
    );
    const bad = path.join(dir, 'broken-mobilisations.csv');
    fs.writeFileSync(bad, broken.join('\n') + '\n');
    const { dbPath, result, beside, after } = await besideVersusAfter([newer.incidentsFile, bad]);
    expect(result.files.find((f) => f.file === bad)?.error).toMatch(/rejected/);
    const db = openDatabase(dbPath);
    try {
      expect((db.prepare('SELECT COUNT(*) AS n FROM mobilisations').get() as { n: number }).n).toBe(
        (
          db
            .prepare('SELECT COUNT(*) AS n FROM mobilisations WHERE mobilised_at < ?')
            .get(Date.parse('2019-01-01')) as { n: number }
        ).n,
      );
    } finally {
      db.close();
    }
    // Only the Incident file's own first and second pumps are scored.
    expect(beside.vehicles).toBeGreaterThan(0);
    expect(beside).toEqual(after);
  }, 300_000);

  it('reads the calls again when the Incident file is imported after them', async () => {
    const { beside, after } = await besideVersusAfter([newer.mobilisationsFile, newer.incidentsFile]);
    expect(beside.vehicles).toBeGreaterThan(SIZES.newerVehicles / 2);
    expect(beside).toEqual(after);
  }, 300_000);

  it('calls read before the vehicles are imported score as a read after it; the version says when not', async () => {
    const dbPath = freshHistory();
    const request = await championRequest(dbPath);
    await importFiles(dbPath, [newer.incidentsFile]);
    const db = openDatabase(dbPath);
    const model = await loadForMonitoring(fs.readFileSync(request.modelFile), request.modelId);
    try {
      const early = prepareScoring(db, model, request.window);
      await importFiles(dbPath, [newer.mobilisationsFile]);
      // Vehicles added: the calls read are still true.
      expect(callsVersion(db)).toBe(early.version);
      const reference = computeReference(db, model, request.window);
      const fromEarly = await early.score(reference);
      await expect(early.score(reference)).rejects.toThrow(/already scored/);
      const fresh = await scoreSinceTraining(db, model, request.window, reference);
      expect(fromEarly.vehicles).toBeGreaterThan(SIZES.newerVehicles / 2);
      expect(sortedSnapshot(fromEarly)).toEqual(sortedSnapshot(fresh));
      // The Incident file undone after the calls were read: they must be read again (and the
      // Mobilisation file's undo, which leaves the calls as they were, does not ask for it).
      const before = callsVersion(db);
      const imports = listImports(db);
      undoImport(db, imports.find((i) => i.kind === 'mobilisations' && i.undoneAt === null)!.id);
      expect(callsVersion(db)).toBe(before);
      undoImport(db, imports.find((i) => i.kind === 'incidents' && i.undoneAt === null)!.id);
      expect(callsVersion(db)).not.toBe(before);
    } finally {
      await model.scorer.release();
      db.close();
    }
  }, 300_000);
});
