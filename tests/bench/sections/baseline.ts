import fs from 'node:fs';
import path from 'node:path';
import { londonParts } from '../../../main/core/calendar/londonTime.js';
import { civilDate, isoWeekday } from '../../../main/core/calendar/days.js';
import { openDatabase } from '../../../main/core/db/index.js';
import { distanceMetres } from '../../../main/core/geo/london.js';
import { importFiles } from '../../../main/core/ingest/index.js';
import { loadTrainingRows } from '../../../main/core/training/dataset.js';
import { buildGazetteer } from '../../../main/core/places/gazetteer.js';
import { trainFromRows } from '../../../main/core/training/pipeline.js';
import { splitByTime } from '../../../main/core/training/split.js';
import { runChild } from '../lib/child.js';
import { PYTHON, pythonHas } from '../lib/pandas.js';
import type { BenchContext, BenchRow, BenchSection } from '../lib/types.js';
import { pairedBootstrapMaeDiff } from '../../../main/core/evaluation/bootstrap.js';
import { holdoutIntervals, intervalRow, lightgbmReference, maeInterval } from '../lib/holdout-intervals.js';

/**
 * The honest comparison on real LFB records: trained only on the 2023 Incident sample (with the
 * stations file), our GBDT against the replaced system's PassiveAggressive-on-one-hot, on the same
 * time-based split (the same holdout rows), plus our under-estimation flag against the original rule.
 */
const REAL = '../shared/data/lfb-real';
const SEED = 42;

/** Ours − reference MAE on the same rows, with its paired bootstrap 95 % interval. */
function pairedNote(actual: Float64Array, reference: ArrayLike<number>, ours: ArrayLike<number>): string {
  const d = pairedBootstrapMaeDiff(actual, reference, ours, { seed: 1 });
  return `${d.diff.toFixed(2)} s (95 % CI ${d.low.toFixed(2)} – ${d.high.toFixed(2)})`;
}

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
    const ours = trainFromRows(rows, gazetteer, { seed: SEED });
    const trainSeconds = (performance.now() - started) / 1000;
    const split = splitByTime(rows.callAt);
    const { intervals: ci, actual, eta } = await holdoutIntervals(ours, rows, split);
    const OURS = 'ours (GBDT on a distance backbone, 2023 sample)';
    const FLAG = 'ours: learned risk flag';
    const out: BenchRow[] = [
      intervalRow(OURS, 'holdout MAE', ci.mae!, 's', 1),
      intervalRow(OURS, 'holdout RMSE', ci.rmse!, 's', 1),
      intervalRow(OURS, 'holdout R²', ci.r2!, '', 3),
      { ...intervalRow(OURS, 'P90 coverage', ci.p90Coverage!, '', 3), target: 0.85, targetIs: 'min' },
      intervalRow(OURS, 'within-target Brier', ci.withinTargetBrier!, '', 4),
      intervalRow(OURS, 'late-probability Brier', ci.lateBrier!, '', 4),
      { section: 'baseline', case: OURS, metric: 'train time', value: trainSeconds, unit: 's' },
      intervalRow(FLAG, 'fires', ci.flagFires!, 'share', 3),
      intervalRow(FLAG, 'precision', ci.flagPrecision!, 'share', 3),
      intervalRow(FLAG, 'recall', ci.flagRecall!, 'share', 3),
      { ...intervalRow(FLAG, 'lift', ci.flagLift!, '', 2), target: 1.5, targetIs: 'min' },
    ];
    const legacy = ours.holdout.legacyFlag;
    const RULE = 'original rule (600–1600 s share ≥ 10 %)';
    out.push(
      { section: 'baseline', case: RULE, metric: 'fires', value: legacy.fireRate, unit: 'share' },
      { section: 'baseline', case: RULE, metric: 'precision', value: legacy.precision, unit: 'share' },
      { section: 'baseline', case: RULE, metric: 'recall', value: legacy.recall, unit: 'share' },
    );
    const probabilities = ours.holdout.probabilities;
    out.push({
      section: 'baseline',
      case: 'station share within 360 s (baseline)',
      metric: 'within-target Brier',
      value: probabilities.withinTarget.baselineBrier,
      unit: '',
    });
    ctx.note(
      `holdout = ${ours.rows.holdout} newest rows (${ours.metadata.window.holdoutFrom.slice(0, 10)} → ` +
        `${ours.metadata.window.holdoutTo.slice(0, 10)}); event for the flags: actual > estimate + 120 s ` +
        `(${(ours.holdout.riskFlag.eventRate * 100).toFixed(1)} % of holdout rows); flag threshold ` +
        `${ours.metadata.risk.threshold.toFixed(3)} for precision ${ours.metadata.risk.targetPrecision.toFixed(3)}`,
    );
    const pct = (v: number) => (v * 100).toFixed(1);
    ctx.note(
      'within-target reliability by decile, predicted/observed % (ours | station share): ' +
        probabilities.withinTarget.reliability
          .map((b, k) => {
            const base = probabilities.withinTarget.baselineReliability[k]!;
            return `${pct(b.meanPredicted)}/${pct(b.observed)} | ${pct(base.meanPredicted)}/${pct(base.observed)}`;
          })
          .join('; '),
    );
    ctx.note(
      'late-probability precision–recall on the holdout, threshold: fires/precision/recall: ' +
        probabilities.late.curve
          .map((c) => `${c.threshold}: ${pct(c.fireRate)}/${pct(c.precision)}/${pct(c.recall)}`)
          .join('; '),
    );

    const lgbm = pythonHas(['lightgbm', 'pandas', 'numpy']);
    if (!lgbm.ok) ctx.note(`LightGBM reference skipped: ${lgbm.detail} (see tests/bench/requirements.txt)`);
    else {
      const ref = await lightgbmReference(PYTHON, ctx.repoRoot, ctx.tmpDir, ours, rows, split, SEED, ctx.log);
      const mae = maeInterval(actual, ref.eta);
      out.push(intervalRow(`LightGBM ${ref.version}, same rows and features`, 'holdout MAE', mae, 's', 1), {
        section: 'baseline',
        case: 'ours / LightGBM',
        metric: 'MAE ratio',
        value: ci.mae!.value / mae.value,
        unit: '',
        target: 1,
        ratio: ci.mae!.value / mae.value,
        note: `paired bootstrap of the difference: ${pairedNote(actual, ref.eta, eta)}`,
      });
    }

    const py = pythonHas(['sklearn', 'pandas', 'numpy']);
    if (!py.ok) {
      ctx.note(`PassiveAggressive comparison skipped: ${py.detail}`);
      return out;
    }
    // The same rows and the same split the pipeline used, with the raw call-time fields.
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
      eta: number[];
    }>(PYTHON, [path.join(ctx.repoRoot, 'tests/bench/children/pa_baseline.py'), file], {
      cwd: ctx.repoRoot,
      log: ctx.log,
    });
    const pa = `PassiveAggressive one-hot (sklearn ${report.sklearn}, C=${report.bestC})`;
    out.push(
      // The child keeps the file's row order: holdout rows by index.
      intervalRow(
        pa,
        'holdout MAE',
        maeInterval(
          Float64Array.from(
            [...split.holdout].sort((a, b) => a - b),
            (i) => rows.target[i]!,
          ),
          report.eta,
        ),
        's',
        1,
      ),
      { section: 'baseline', case: pa, metric: 'holdout RMSE', value: report.rmse, unit: 's' },
      { section: 'baseline', case: pa, metric: 'holdout R²', value: report.r2, unit: '' },
      {
        section: 'baseline',
        case: 'ours / PassiveAggressive',
        metric: 'MAE ratio',
        value: ci.mae!.value / report.mae,
        unit: '',
        target: 1,
        ratio: ci.mae!.value / report.mae,
      },
    );
    return out;
  },
};
