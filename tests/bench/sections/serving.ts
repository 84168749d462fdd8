import fs from 'node:fs';
import path from 'node:path';
import { PredictRequestSchema, type IncidentInput } from '../../../contract/index.js';
import { servableStations } from '../../../main/core/places/stations.js';
import { findResourcesDir, DEMO_MODEL_FILE } from '../../../main/core/registry/manager.js';
import { EtaService, loadModel } from '../../../main/core/serving/service.js';
import { runChild } from '../lib/child.js';
import { PYTHON, pythonHas } from '../lib/pandas.js';
import type { BenchContext, BenchRow, BenchSection } from '../lib/types.js';

/**
 * The dispatcher's wait, in-process: one `predict` (feature vector + onnxruntime run + risk reasons)
 * and one `rankStations` (every station in one batched run), each timed call by call after a warm-up,
 * on the bundled demo model (three ensembles of up to 200 trees: estimate, P90, late arrival). Where a local Python has lightgbm, the same single-row
 * latency of LightGBM's own Booster.predict on a model of the same shape is printed beside ours.
 */
const SINGLE_CALLS = 10_000;
const RANK_CALLS = 2_000;
const WARMUP = 500;
const SINGLE_P99_TARGET_MS = 1;
const RANK_P99_TARGET_MS = 5;

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function time(calls: number, fn: (i: number) => Promise<unknown>): Promise<Float64Array> {
  for (let i = 0; i < WARMUP; i++) await fn(i);
  const lat = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i);
    lat[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return lat.sort();
}

export const section: BenchSection = {
  name: 'serving',
  order: 50,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const bytes = fs.readFileSync(path.join(findResourcesDir(), DEMO_MODEL_FILE));
    const model = await loadModel(bytes, 'demo');
    const service = new EtaService(model, null);
    const stations = servableStations(model.meta);
    const single = ctx.quick ? 2_000 : SINGLE_CALLS;
    const ranks = ctx.quick ? 300 : RANK_CALLS;
    const incident = (i: number): IncidentInput => ({
      location: {
        kind: 'coordinates',
        easting: 520_000 + (i % 200) * 150,
        northing: 170_000 + (i % 97) * 200,
      },
      callTime: new Date(Date.UTC(2024, i % 12, 1 + (i % 28), i % 24)).toISOString(),
      propertyCategory: i % 2 ? 'Dwelling' : 'Outdoor',
    });
    const predictLat = await time(single, (i) =>
      service.predict(
        PredictRequestSchema.parse({ ...incident(i), station: stations[i % stations.length]!.code }),
      ),
    );
    const rankLat = await time(ranks, (i) => service.rank(incident(i)));
    await model.session.release();

    const rows: BenchRow[] = [
      {
        section: 'serving',
        case: `predict x${single}`,
        metric: 'p50',
        value: percentile(predictLat, 0.5),
        unit: 'ms',
      },
      {
        section: 'serving',
        case: `predict x${single}`,
        metric: 'p99',
        value: percentile(predictLat, 0.99),
        unit: 'ms',
        target: SINGLE_P99_TARGET_MS,
      },
      {
        section: 'serving',
        case: `rankStations (${stations.length} stations) x${ranks}`,
        metric: 'p50',
        value: percentile(rankLat, 0.5),
        unit: 'ms',
      },
      {
        section: 'serving',
        case: `rankStations (${stations.length} stations) x${ranks}`,
        metric: 'p99',
        value: percentile(rankLat, 0.99),
        unit: 'ms',
        target: RANK_P99_TARGET_MS,
      },
    ];
    const py = pythonHas(['lightgbm', 'numpy']);
    if (!py.ok) {
      ctx.note(`serving: LightGBM comparison skipped: ${py.detail}`);
      return rows;
    }
    const trees = model.meta.params.point as { numTrees?: number; numLeaves?: number } | undefined;
    const { report } = await runChild<{ p50: number; p99: number; version: string }>(
      PYTHON,
      [
        path.join(ctx.repoRoot, 'tests/bench/children/lightgbm_predict.py'),
        String(model.meta.featureSpec.features.length),
        String(trees?.numTrees ?? 200),
        String(trees?.numLeaves ?? 31),
        String(single),
      ],
      { cwd: ctx.repoRoot, log: ctx.log },
    );
    const ours50 = percentile(predictLat, 0.5);
    const ours99 = percentile(predictLat, 0.99);
    rows.push(
      {
        section: 'serving',
        case: `LightGBM ${report.version} Booster.predict, 1 row`,
        metric: 'p50',
        value: report.p50,
        unit: 'ms',
        note: `ours/LightGBM ${(ours50 / report.p50).toFixed(2)}`,
      },
      {
        section: 'serving',
        case: `LightGBM ${report.version} Booster.predict, 1 row`,
        metric: 'p99',
        value: report.p99,
        unit: 'ms',
        ratio: ours99 / report.p99,
      },
    );
    return rows;
  },
};
