import { computeMetrics, perStationMetrics } from '../core/evaluation/metrics.js';
import { assessRisk, flagQuality } from '../core/evaluation/risk.js';
import { findStation } from '../core/features/build.js';
import { scoreRows } from '../core/serving/batch.js';
import { parseCommandArgs, printJson, UsageError, type Command } from './common.js';
import { fmtSeconds, fmtShare, openContext, resolveModelArg, withFileRows } from './context.js';

/** Metrics of a model on LFB files it has never seen, with the names training reports. */
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
    const model = await resolveModelArg(ctx, values.model ?? ctx.manager.service.model.id);
    const report = await withFileRows(model, files, true, async (rows) => {
      const all = Uint32Array.from({ length: rows.target.length }, (_, i) => i);
      const { eta, p90 } = await scoreRows(model, rows.inputs, all);
      const stations = [...rows.stationCode];
      const flags = stations.map(
        (code, i) =>
          assessRisk(
            model.meta.risk,
            code,
            findStation(model.meta.featureSpec, code)?.name ?? code,
            eta[i]!,
            p90[i]!,
          ).risk,
      );
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
      };
    });
    if (values.json) printJson(io, report);
    else {
      const m = report.metrics;
      io.stdout(
        `Model ${report.modelId} on ${m.count} rows: MAE ${fmtSeconds(m.mae)}, RMSE ${fmtSeconds(m.rmse)}, ` +
          `R² ${m.r2.toFixed(3)}, median |error| ${fmtSeconds(m.medianAbsError)}, within ±60 s ${fmtShare(m.within60)}, ` +
          `P90 coverage ${fmtShare(m.p90Coverage)}; risk flag precision ${fmtShare(m.riskFlag.precision)}, ` +
          `recall ${fmtShare(m.riskFlag.recall)}\n`,
      );
    }
    return 0;
  } finally {
    await ctx.close();
  }
};
