import { computeMetrics, perStationMetrics } from '../core/evaluation/metrics.js';
import { trainingOverlap, type TrainingOverlap } from '../core/evaluation/overlap.js';
import { flagQuality, isFlagged } from '../core/evaluation/risk.js';
import { scoreRows } from '../core/serving/batch.js';
import { parseCommandArgs, printJson, UsageError, type Command } from './common.js';
import { metricInfo } from '../../contract/metric-labels.js';
import { fmtShare, openContext, resolveModelArg, withFileRows } from './context.js';
import { formatMetric } from './models.js';

const day = (iso: string | null) => (iso ?? '').slice(0, 10);

/** Says whether the files overlap the model's training window, and by how much. */
function overlapLine(o: TrainingOverlap): string {
  const window = `${day(o.window.from)} … ${day(o.window.to)}`;
  if (o.rows === 0) return `No overlap with the model's training window (${window}): every row is unseen.\n`;
  return (
    `Overlap: ${o.rows.toLocaleString('en-GB')} of ${o.of.toLocaleString('en-GB')} rows (${fmtShare(o.share)}, ` +
    `calls ${day(o.from)} … ${day(o.to)}) fall inside the model's training window (${window}): ` +
    'the model learned from them, so these metrics are optimistic.\n'
  );
}

/** Metrics of a model on LFB files, with the names training reports and any overlap with its training window. */
export const evaluateCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    'evaluate',
    argv,
    {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      model: { type: 'string' },
      data: { type: 'string', multiple: true },
    },
    true,
  );
  if (!values.data?.length)
    throw new UsageError('evaluate needs --data FILE [FILE...] (the LFB files to score the model on).');
  // `--data A B C` as the usage shows it: the files after --data are all data files.
  const files = [...values.data, ...positionals];
  const ctx = await openContext(values.db, io);
  try {
    const model = await resolveModelArg(ctx, values.model);
    const report = await withFileRows(model, files, true, async (rows) => {
      const all = Uint32Array.from({ length: rows.target.length }, (_, i) => i);
      if (all.length === 0) throw new Error('the files hold no usable vehicle rows with an attendance time');
      const { eta, p90, late } = await scoreRows(model, rows.inputs, all);
      const stations = [...rows.stationCode];
      const flags = Array.from(late, (p) => isFlagged(model.meta.risk, p));
      const legacy = new Set(model.meta.risk.legacyStations);
      return {
        modelId: model.id,
        isDemoModel: model.isDemo,
        rows: { used: rows.report.used, read: rows.report.read, dropped: rows.report.dropped },
        metrics: {
          ...computeMetrics(rows.target, eta, p90),
          riskFlag: flagQuality(flags, rows.target, eta),
          legacyFlag: flagQuality(
            stations.map((s) => legacy.has(s)),
            rows.target,
            eta,
          ),
        },
        stations: perStationMetrics(stations, rows.target, eta),
        overlap: trainingOverlap(rows.callAt, model.meta.window),
      };
    });
    if (values.json) printJson(io, report);
    else {
      const m = report.metrics;
      // The Models screen's words, one measure a line (as `compare` prints them).
      const measures: Record<string, number> = {
        mae: m.mae,
        rmse: m.rmse,
        medianAbsError: m.medianAbsError,
        bias: m.bias,
        within60: m.within60,
        r2: m.r2,
        p90Coverage: m.p90Coverage,
        riskPrecision: m.riskFlag.precision,
        riskRecall: m.riskFlag.recall,
        riskFireRate: m.riskFlag.fireRate,
      };
      io.stdout(
        `Model ${report.modelId}${report.isDemoModel ? ' (DEMO MODEL, synthetic data)' : ''} on ${m.count} rows ` +
          `(${report.rows.used} of ${report.rows.read} vehicle rows usable; --json says why):\n`,
      );
      const width = Math.max(...Object.keys(measures).map((k) => metricInfo(k).label.length));
      for (const [key, value] of Object.entries(measures))
        io.stdout(`  ${metricInfo(key).label.padEnd(width)}  ${formatMetric(key, value).padStart(9)}\n`);
      io.stdout(overlapLine(report.overlap));
    }
    return 0;
  } finally {
    await ctx.close();
  }
};
