import fs from 'node:fs';
import path from 'node:path';
import { bootstrapInterval } from '../../../main/core/evaluation/bootstrap.js';
import { brierScore } from '../../../main/core/evaluation/logistic.js';
import { computeMetrics } from '../../../main/core/evaluation/metrics.js';
import { flagQuality, isFlagged } from '../../../main/core/evaluation/risk.js';
import { buildFeatureColumns } from '../../../main/core/features/build.js';
import { FEATURE_NAMES } from '../../../main/core/features/spec.js';
import { scoreRows } from '../../../main/core/serving/batch.js';
import { loadModel } from '../../../main/core/serving/service.js';
import type { TrainingRows } from '../../../main/core/training/dataset.js';
import type { TrainingResult } from '../../../main/core/training/pipeline.js';
import type { TimeSplit } from '../../../main/core/training/split.js';
import { TARGET_SECONDS } from '../../../contract/index.js';
import { runChild } from './child.js';
import type { BenchRow } from './types.js';

/** Resamples for every interval: the product's paired bootstrap uses the same count. */
const RESAMPLES = 1000;

export interface Interval {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

const gather = (values: ArrayLike<number>, rows: Uint32Array) => Float64Array.from(rows, (i) => values[i]!);

/**
 * The holdout rows scored through the exported model (the serving path), and a bootstrap 95 % interval
 * for every number the notes report.
 */
export async function holdoutIntervals(
  result: TrainingResult,
  rows: TrainingRows,
  split: TimeSplit,
): Promise<{ intervals: Record<string, Interval>; eta: Float64Array; actual: Float64Array }> {
  const model = await loadModel(result.bytes, 'baseline');
  try {
    const scored = await scoreRows(model, rows.inputs, split.holdout);
    const actual = gather(rows.target, split.holdout);
    const within = Float64Array.from(actual, (y) => (y <= TARGET_SECONDS ? 1 : 0));
    const late = Float64Array.from(actual, (y, i) => (y > scored.eta[i]! + 120 ? 1 : 0));
    const flags = Array.from(scored.late, (p) => isFlagged(model.meta.risk, p));
    const sub = (a: ArrayLike<number>, idx: Uint32Array) => gather(a, idx);
    const metrics = (idx: Uint32Array) =>
      computeMetrics(sub(actual, idx), sub(scored.eta, idx), sub(scored.p90, idx));
    const flag = (idx: Uint32Array) =>
      flagQuality(
        Array.from(idx, (i) => flags[i]!),
        sub(actual, idx),
        sub(scored.eta, idx),
      );
    const ci = (f: (idx: Uint32Array) => number) =>
      bootstrapInterval(actual.length, f, { resamples: RESAMPLES, seed: 1 });
    return {
      eta: scored.eta,
      actual,
      intervals: {
        mae: ci((idx) => metrics(idx).mae),
        rmse: ci((idx) => metrics(idx).rmse),
        r2: ci((idx) => metrics(idx).r2),
        p90Coverage: ci((idx) => metrics(idx).p90Coverage),
        flagFires: ci((idx) => flag(idx).fireRate),
        flagPrecision: ci((idx) => flag(idx).precision),
        flagRecall: ci((idx) => flag(idx).recall),
        flagLift: ci((idx) => {
          const q = flag(idx);
          return q.precision / q.eventRate;
        }),
        withinTargetBrier: ci((idx) => brierScore(sub(scored.withinTarget, idx), sub(within, idx))),
        lateBrier: ci((idx) => brierScore(sub(scored.late, idx), sub(late, idx))),
      },
    };
  } finally {
    await model.session.release();
  }
}

export function maeInterval(actual: Float64Array, eta: ArrayLike<number>): Interval {
  return bootstrapInterval(
    actual.length,
    (idx) => {
      let s = 0;
      for (const i of idx) s += Math.abs(actual[i]! - eta[i]!);
      return s / idx.length;
    },
    { resamples: RESAMPLES, seed: 1 },
  );
}

export function intervalNote(i: Interval, digits: number): string {
  return `95 % CI ${i.low.toFixed(digits)}–${i.high.toFixed(digits)}`;
}

export function intervalRow(
  caseName: string,
  metric: string,
  i: Interval,
  unit: string,
  digits: number,
): BenchRow {
  return { section: 'baseline', case: caseName, metric, value: i.value, unit, note: intervalNote(i, digits) };
}

/**
 * LightGBM on the same rows, split and 24 feature columns as our model (tests/bench/children/
 * lightgbm_reference.py); returns its holdout estimates in the holdout's row order.
 */
export async function lightgbmReference(
  python: string,
  repoRoot: string,
  tmpDir: string,
  result: TrainingResult,
  rows: TrainingRows,
  split: TimeSplit,
  seed: number,
  log: (line: string) => void,
): Promise<{ eta: number[]; trees: number; version: string }> {
  const columns = buildFeatureColumns(result.metadata.featureSpec, rows.inputs);
  const label = new Array<string>(rows.target.length).fill('');
  for (const [name, idx] of Object.entries({
    train: split.train,
    validation: split.validation,
    calibration: split.calibration,
  })) {
    for (const i of idx) label[i] = name;
  }
  const file = path.join(tmpDir, 'lightgbm-rows.csv');
  const lines = [['slice', 'target', ...FEATURE_NAMES].join(',')];
  const order = [...split.train, ...split.validation, ...split.calibration, ...split.holdout];
  for (const i of split.holdout) label[i] = 'holdout';
  for (const i of order) {
    const cells = columns.map((c) => (Number.isNaN(c[i]!) ? '' : String(c[i])));
    lines.push([label[i], rows.target[i], ...cells].join(','));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const { report } = await runChild<{ eta: number[]; trees: number; version: string }>(
    python,
    [path.join(repoRoot, 'tests/bench/children/lightgbm_reference.py'), file, String(seed)],
    { cwd: repoRoot, log },
  );
  return report;
}
