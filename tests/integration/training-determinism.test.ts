import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/index.js';
import { buildFeatureColumns } from '../../main/core/features/build.js';
import { FEATURE_NAMES } from '../../main/core/features/spec.js';
import { importFiles } from '../../main/core/ingest/index.js';
import { decodeMetadata } from '../../main/core/model/format.js';
import { readOnnxMetadata } from '../../main/core/onnx/index.js';
import { EtaSession } from '../../main/core/serving/session.js';
import { loadTrainingRows, type TrainingRows } from '../../main/core/training/dataset.js';
import { buildGazetteer } from '../../main/core/places/gazetteer.js';
import { trainFromRows, type TrainingResult } from '../../main/core/training/pipeline.js';
import { tempDir } from '../fixtures/lfb-files.js';
import { syntheticHistory, type SyntheticHistory } from '../fixtures/synthetic-recovery.js';

/**
 * Same data + same seed → the same ONNX file, byte for byte; another seed → another model. The two
 * identical runs read their rows from two databases imported separately from the same files, so the
 * importer's and the loader's row order are part of what is checked. Feature and row subsampling are
 * on (the defaults), so the seed really drives the trees.
 */
const PARAMS = { numTrees: 60 } as const;

let cleanup: () => void;
let history: SyntheticHistory;
let again: { rows: TrainingRows; gazetteer: ReturnType<typeof buildGazetteer> };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function holdoutEta(result: TrainingResult, rows: TrainingRows, take: number): Promise<Float32Array> {
  const columns = buildFeatureColumns(result.metadata.featureSpec, rows.inputs);
  const F = FEATURE_NAMES.length;
  const x = new Float32Array(take * F);
  for (let k = 0; k < take; k++) for (let f = 0; f < F; f++) x[k * F + f] = columns[f]![k]!;
  const session = await EtaSession.create(result.bytes, F);
  try {
    return (await session.run(x, take)).eta;
  } finally {
    await session.release();
  }
}

beforeAll(async () => {
  const t = tempDir('pump-eta-determinism-');
  cleanup = t.cleanup;
  history = await syntheticHistory(t.dir, { mobilisations: 8_000, months: 12, seed: 'determinism' });
  const dbPath = path.join(t.dir, 'second.sqlite');
  const { generated } = history;
  const imported = await importFiles(dbPath, [
    generated.stationsFile,
    generated.incidentsFile,
    generated.mobilisationsFile,
  ]);
  expect(imported.errors).toEqual([]);
  const db = openDatabase(dbPath, { readonly: true });
  try {
    again = { rows: loadTrainingRows(db), gazetteer: buildGazetteer(db) };
  } finally {
    db.close();
  }
}, 120_000);
afterAll(() => cleanup?.());

describe('training determinism', () => {
  let first: TrainingResult;

  it('gives byte-identical ONNX for the same data and seed', () => {
    first = trainFromRows(history.rows, history.gazetteer, { seed: 7, params: PARAMS });
    const second = trainFromRows(again.rows, again.gazetteer, { seed: 7, params: PARAMS });
    expect(again.rows.target.length).toBe(history.rows.target.length);
    expect(first.bytes.length).toBeGreaterThan(10_000);
    expect(sha256(second.bytes)).toBe(sha256(first.bytes));
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(second.holdout.metrics).toEqual(first.holdout.metrics);
    // The weather record is part of the bytes: present (this history has no weather file), and equal.
    const record = decodeMetadata(readOnnxMetadata(first.bytes)).weatherCoverage;
    expect(record?.rows).toBe(first.rows.train + first.rows.validation);
    expect(record?.inputs.rainMm).toEqual({ rows: 0, share: 0, splits: 0 });
    expect(decodeMetadata(readOnnxMetadata(second.bytes)).weatherCoverage).toEqual(record);
  });

  it('gives a different model for a different seed', async () => {
    const other = trainFromRows(history.rows, history.gazetteer, { seed: 8, params: PARAMS });
    expect(sha256(other.bytes)).not.toBe(sha256(first.bytes));
    // Not just the seed written into the metadata: the trees themselves differ.
    const take = 500;
    const a = await holdoutEta(first, history.rows, take);
    const b = await holdoutEta(other, history.rows, take);
    let differing = 0;
    for (let i = 0; i < take; i++) if (Math.abs(a[i]! - b[i]!) > 1e-3) differing++;
    expect(differing).toBeGreaterThan(take / 2);
    expect(other.holdout.metrics.mae).not.toBe(first.holdout.metrics.mae);
  });
});
