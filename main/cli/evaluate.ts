import { computeMetrics, perStationMetrics } from '../core/evaluation/metrics.js';
import { trainingOverlap, type TrainingOverlap } from '../core/evaluation/overlap.js';
import { flagQuality, isFlagged } from '../core/evaluation/risk.js';
import { scoreRows } from '../core/serving/batch.js';
import { parseCommandArgs, printJson, UsageError, type Command } from './common.js';
import { fmtSeconds, fmtShare, openContext, resolveModelArg, withFileRows } from './context.js';

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
  const { values } = parseCommandArgs('evaluate', argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
    model: { type: 'string' },
    data: { type: 'string', multiple: true },
  });
  if (!values.data?.length)
    throw new UsageError('evaluate needs --data FILE (repeat --data for several files).');
  const ctx = await openContext(values.db, io);
  try {
    const model = await resolveModelArg(ctx, values.model ?? ctx.manager.service.model.id);
    const report = await withFileRows(model, values.data, true, async (rows) => {
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
      io.stdout(
        `Model ${report.modelId} on ${m.count} rows: MAE ${fmtSeconds(m.mae)}, RMSE ${fmtSeconds(m.rmse)}, ` +
          `R² ${m.r2.toFixed(3)}, median |error| ${fmtSeconds(m.medianAbsError)}, within ±60 s ${fmtShare(m.within60)}, ` +
          `P90 coverage ${fmtShare(m.p90Coverage)}; risk flag precision ${fmtShare(m.riskFlag.precision)}, ` +
          `recall ${fmtShare(m.riskFlag.recall)}\n` +
          overlapLine(report.overlap),
      );
    }
    return 0;
  } finally {
    await ctx.close();
  }
};
