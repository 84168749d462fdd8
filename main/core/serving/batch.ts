import { buildFeatureVector } from '../features/build.js';
import { FEATURE_NAMES } from '../features/spec.js';
import type { CallInputSource } from '../features/inputTable.js';
import { p90NotBelowEta } from '../model/heads.js';
import type { LoadedModel } from './service.js';

const BATCH_ROWS = 4096;

export interface ScoredRows {
  readonly eta: Float64Array;
  readonly p90: Float64Array;
  /** Calibrated chance of arriving within the target. */
  readonly withinTarget: Float64Array;
  /** Calibrated chance of arriving more than 120 s after the estimate. */
  readonly late: Float64Array;
}

/**
 * A model's estimates for many historical rows (evaluation, comparison, batch prediction), through
 * its onnxruntime session — the same path the dispatcher's answers take. The bound never sits below
 * the estimate.
 */
export async function scoreRows(
  model: LoadedModel,
  inputs: CallInputSource,
  rows: ArrayLike<number>,
): Promise<ScoredRows> {
  const n = rows.length;
  const eta = new Float64Array(n);
  const p90 = new Float64Array(n);
  const withinTarget = new Float64Array(n);
  const late = new Float64Array(n);
  const f = FEATURE_NAMES.length;
  for (let start = 0; start < n; start += BATCH_ROWS) {
    const count = Math.min(BATCH_ROWS, n - start);
    const matrix = new Float32Array(count * f);
    for (let j = 0; j < count; j++) {
      matrix.set(buildFeatureVector(model.meta.featureSpec, inputs.get(rows[start + j]!)), j * f);
    }
    const out = await model.session.run(matrix, count);
    for (let j = 0; j < count; j++) {
      eta[start + j] = out.eta[j]!;
      p90[start + j] = p90NotBelowEta(out.p90[j]!, out.eta[j]!);
      withinTarget[start + j] = out.withinTarget[j]!;
      late[start + j] = out.late[j]!;
    }
  }
  return { eta, p90, withinTarget, late };
}
