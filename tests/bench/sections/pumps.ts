import path from 'node:path';
import { openDatabase } from '../../../main/core/db/index.js';
import { importFiles } from '../../../main/core/ingest/index.js';
import { buildGazetteer } from '../../../main/core/places/gazetteer.js';
import { loadTrainingRows } from '../../../main/core/training/dataset.js';
import { trainFromRows } from '../../../main/core/training/pipeline.js';
import { loadPumpCounts, type Interval } from '../../../main/core/training/pumps.js';
import type { BenchContext, BenchRow, BenchSection } from '../lib/types.js';

/**
 * The pumps-needed model on real LFB records: trained on the 2023 Incident sample (NumPumpsAttending
 * as the target, 1–4 and 5+) in the same training job as the ETA models, scored on the same
 * time-based holdout against the most frequent count per (stop code, property category) of the
 * training slice. Log-loss and accuracy with percentile-bootstrap 95 % intervals, also with the
 * property type (and category) left blank, as a caller who does not know them yet leaves the form.
 */
const REAL = '../shared/data/lfb-real';
const SEED = 42;
const SECTION = 'pumps';

function row(caseName: string, metric: string, i: Interval, digits: number): BenchRow {
  return {
    section: SECTION,
    case: caseName,
    metric,
    value: i.value,
    unit: '',
    note: `95 % CI ${i.low.toFixed(digits)} – ${i.high.toFixed(digits)}`,
  };
}

export const section: BenchSection = {
  name: SECTION,
  order: 46,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const real = path.resolve(ctx.repoRoot, REAL);
    const dbPath = path.join(ctx.tmpDir, 'pumps.sqlite');
    const imported = await importFiles(dbPath, [
      path.join(real, 'incidents-2023-sample.csv'),
      path.join(real, 'stations.csv'),
    ]);
    if (imported.errors.length) throw new Error(imported.errors[0]!.message);
    const db = openDatabase(dbPath);
    const rows = loadTrainingRows(db);
    const gazetteer = buildGazetteer(db);
    const counts = loadPumpCounts(db);
    db.close();
    const started = performance.now();
    const result = trainFromRows(rows, gazetteer, { seed: SEED, pumpCounts: counts });
    const seconds = (performance.now() - started) / 1000;
    const r = result.pumps;
    if (!r) throw new Error('too few incidents with a pump count to train the pumps model');
    const MODEL = 'ours: pumps model (softmax GBDT, 2023 sample)';
    const BASE = 'baseline: most frequent count per (stop code, property category)';
    const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
    ctx.note(
      `pumps: ${r.rows.train} train / ${r.rows.validation} validation / ${r.rows.calibration} calibration / ` +
        `${r.rows.holdout} holdout incidents; ${r.rounds} rounds; temperature ${r.temperature.toFixed(3)}; ` +
        `holdout shares 1/2/3/4/5+: ${r.holdoutShare.map(pct).join(', ')}`,
    );
    ctx.note(
      'pumps reliability by decile, predicted/observed % per class: ' +
        r.reliability
          .map(
            (t, k) =>
              `${['1', '2', '3', '4', '5+'][k]}: ` +
              t.map((b) => `${pct(b.meanPredicted)}/${pct(b.observed)}`).join('; '),
          )
          .join(' | '),
    );
    return [
      row(MODEL, 'holdout log-loss', r.model.logLoss, 4),
      row(MODEL, 'holdout accuracy', r.model.accuracy, 3),
      row(`${MODEL}, property type left blank`, 'holdout log-loss', r.withoutPropertyType.logLoss, 4),
      row(`${MODEL}, property type left blank`, 'holdout accuracy', r.withoutPropertyType.accuracy, 3),
      row(
        `${MODEL}, property type and category left blank`,
        'holdout log-loss',
        r.withoutProperty.logLoss,
        4,
      ),
      row(
        `${MODEL}, property type and category left blank`,
        'holdout accuracy',
        r.withoutProperty.accuracy,
        3,
      ),
      row(BASE, 'holdout log-loss', r.baseline.logLoss, 4),
      row(BASE, 'holdout accuracy', r.baseline.accuracy, 3),
      row('ours − baseline (paired)', 'holdout log-loss difference', r.logLossDifference, 4),
      {
        section: SECTION,
        case: 'training job (ETA models + pumps)',
        metric: 'train time',
        value: seconds,
        unit: 's',
      },
    ];
  },
};
