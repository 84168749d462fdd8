/**
 * Rebuilds resources/demo-model.onnx: the model a fresh install answers with. It is trained on
 * SYNTHETIC data (never on real LFB records) from a fixed seed, so the same code gives the same bytes;
 * the app and CLI label it as a demo. Run: `npm run build:demo-model` (about a minute).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../main/core/db/index.js';
import { importFiles } from '../main/core/ingest/index.js';
import { sha256Hex } from '../main/core/registry/store.js';
import { generateSynthetic } from '../tools/synthetic/index.js';
import { buildGazetteer } from '../main/core/places/gazetteer.js';
import { loadTrainingRows } from '../main/core/training/dataset.js';
import { trainFromRows } from '../main/core/training/pipeline.js';
import { loadPumpCounts } from '../main/core/training/pumps.js';

export const DEMO_SEED = 20261128;
export const DEMO_MOBILISATIONS = 60_000;
export const DEMO_TREES = 200;

export async function buildDemoModel(
  outFile: string,
): Promise<{ sha256: string; bytes: number; mae: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-demo-'));
  try {
    const files = await generateSynthetic({
      outDir: dir,
      mobilisations: DEMO_MOBILISATIONS,
      format: 'csv',
      seed: DEMO_SEED,
      startDate: '2024-01-01',
      months: 12,
      // With hourly weather, so the demo answers a typed "heavy rain" the way a model trained with an
      // imported weather file would.
      weather: true,
    });
    const dbPath = path.join(dir, 'demo.sqlite');
    const imported = await importFiles(dbPath, [
      files.stationsFile,
      files.incidentsFile,
      files.mobilisationsFile,
      files.weatherFiles!.visualCrossing,
    ]);
    if (imported.errors.length) throw new Error(imported.errors.map((e) => e.message).join('; '));
    const db = openDatabase(dbPath);
    try {
      const result = trainFromRows(loadTrainingRows(db), buildGazetteer(db), {
        seed: DEMO_SEED,
        demo: true,
        params: { numTrees: DEMO_TREES },
        pumpCounts: loadPumpCounts(db),
      });
      fs.mkdirSync(path.dirname(outFile), { recursive: true });
      fs.writeFileSync(outFile, result.bytes);
      return { sha256: sha256Hex(result.bytes), bytes: result.bytes.length, mae: result.holdout.metrics.mae };
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const out = path.resolve(process.argv[2] ?? 'resources/demo-model.onnx');
  const info = await buildDemoModel(out);
  console.log(
    `wrote ${out}: ${info.bytes} bytes, sha256 ${info.sha256}, synthetic holdout MAE ${info.mae.toFixed(1)} s`,
  );
}
