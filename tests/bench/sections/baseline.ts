import fs from 'node:fs';
import path from 'node:path';
import { londonParts } from '../../../main/core/calendar/londonTime.js';
import { civilDate, isoWeekday } from '../../../main/core/calendar/days.js';
import { openDatabase } from '../../../main/core/db/index.js';
import { distanceMetres } from '../../../main/core/geo/london.js';
import { importFiles } from '../../../main/core/ingest/index.js';
import { loadTrainingRows } from '../../../main/core/training/dataset.js';
import { buildGazetteer } from '../../../main/core/training/gazetteer.js';
import { trainFromRows } from '../../../main/core/training/pipeline.js';
import { splitByTime } from '../../../main/core/training/split.js';
import { runChild } from '../lib/child.js';
import { PYTHON, pythonHas } from '../lib/pandas.js';
import type { BenchContext, BenchRow, BenchSection } from '../lib/types.js';

/**
 * Issue 3's honest comparison on real LFB records: trained only on the 2023 Incident sample (with the
 * stations file), our GBDT against the replaced system's PassiveAggressive-on-one-hot, on the same
 * time-based split (the same holdout rows), plus our under-estimation flag against the original rule.
 */
const REAL = '../shared/data/lfb-real';

function csv(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const section: BenchSection = {
  name: 'baseline',
  order: 45,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const real = path.resolve(ctx.repoRoot, REAL);
    const dbPath = path.join(ctx.tmpDir, 'baseline.sqlite');
    const imported = await importFiles(dbPath, [
      path.join(real, 'incidents-2023-sample.csv'),
      path.join(real, 'stations.csv'),
    ]);
    if (imported.errors.length) throw new Error(imported.errors[0]!.message);
    const db = openDatabase(dbPath);
    const rows = loadTrainingRows(db);
    const gazetteer = buildGazetteer(db);
    db.close();
    const started = performance.now();
    const ours = trainFromRows(rows, gazetteer, { seed: 42 });
    const trainSeconds = (performance.now() - started) / 1000;
    const m = ours.holdout.metrics;
    const out: BenchRow[] = [
      {
        section: 'baseline',
        case: 'ours (GBDT, 2023 sample)',
        metric: 'holdout MAE',
        value: m.mae,
        unit: 's',
      },
      {
        section: 'baseline',
        case: 'ours (GBDT, 2023 sample)',
        metric: 'holdout RMSE',
        value: m.rmse,
        unit: 's',
      },
      { section: 'baseline', case: 'ours (GBDT, 2023 sample)', metric: 'holdout R²', value: m.r2, unit: '' },
      {
        section: 'baseline',
        case: 'ours (GBDT, 2023 sample)',
        metric: 'P90 coverage',
        value: m.p90Coverage,
        unit: '',
        note: 'target 0.90',
      },
      {
        section: 'baseline',
        case: 'ours (GBDT, 2023 sample)',
        metric: 'train time',
        value: trainSeconds,
        unit: 's',
      },
    ];
    for (const [name, q] of [
      ['ours: risk flag', ours.holdout.riskFlag],
      ['original rule (600–1600 s share ≥ 10 %)', ours.holdout.legacyFlag],
    ] as const) {
      out.push(
        { section: 'baseline', case: name, metric: 'fires', value: q.fireRate, unit: 'share' },
        { section: 'baseline', case: name, metric: 'precision', value: q.precision, unit: 'share' },
        { section: 'baseline', case: name, metric: 'recall', value: q.recall, unit: 'share' },
      );
    }
    ctx.note(
      `holdout = ${ours.rows.holdout} newest rows (${ours.metadata.window.holdoutFrom.slice(0, 10)} → ` +
        `${ours.metadata.window.holdoutTo.slice(0, 10)}); event for the flags: actual > estimate + 120 s ` +
        `(${(ours.holdout.riskFlag.eventRate * 100).toFixed(1)} % of holdout rows)`,
    );

    const py = pythonHas(['sklearn', 'pandas', 'numpy']);
    if (!py.ok) {
      ctx.note(`PassiveAggressive comparison skipped: ${py.detail}`);
      return out;
    }
    // The same rows and the same split the pipeline used, with the raw call-time fields.
    const split = splitByTime(rows.callAt);
    const label = new Array<string>(rows.target.length);
    for (const [name, idx] of Object.entries({
      train: split.train,
      validation: split.validation,
      calibration: split.calibration,
      holdout: split.holdout,
    })) {
      for (const i of idx) label[i] = name;
    }
    const stations = new Map(rows.stations.map((s) => [s.code, s]));
    const file = path.join(ctx.tmpDir, 'baseline-rows.csv');
    const lines = [
      'slice,target,station,station_ground,borough,ward,postcode_district,property_category,property_type,' +
        'incident_group,stop_code,address_qualifier,hour,weekday,month,pump_order,distance_m',
    ];
    for (let i = 0; i < rows.target.length; i++) {
      const r = rows.inputs.get(i);
      const s = stations.get(r.stationCode)!;
      const { day, hour } = londonParts(r.callTime.getTime());
      lines.push(
        [
          label[i],
          rows.target[i],
          r.stationCode,
          r.stationGround,
          r.borough,
          r.ward,
          r.postcodeDistrict,
          r.propertyCategory,
          r.propertyType,
          r.incidentGroup,
          r.stopCode,
          r.addressQualifier,
          hour,
          isoWeekday(day),
          civilDate(day).month,
          r.pumpOrder,
          distanceMetres(s.easting, s.northing, r.easting, r.northing).toFixed(0),
        ]
          .map(csv)
          .join(','),
      );
    }
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const { report } = await runChild<{
      mae: number;
      rmse: number;
      r2: number;
      bestC: number;
      sklearn: string;
    }>(PYTHON, [path.join(ctx.repoRoot, 'tests/bench/children/pa_baseline.py'), file], {
      cwd: ctx.repoRoot,
      log: ctx.log,
    });
    const pa = `PassiveAggressive one-hot (sklearn ${report.sklearn}, C=${report.bestC})`;
    out.push(
      { section: 'baseline', case: pa, metric: 'holdout MAE', value: report.mae, unit: 's' },
      { section: 'baseline', case: pa, metric: 'holdout RMSE', value: report.rmse, unit: 's' },
      { section: 'baseline', case: pa, metric: 'holdout R²', value: report.r2, unit: '' },
      {
        section: 'baseline',
        case: 'ours / PassiveAggressive',
        metric: 'MAE ratio',
        value: m.mae / report.mae,
        unit: '',
        target: 1,
        ratio: m.mae / report.mae,
      },
    );
    return out;
  },
};
