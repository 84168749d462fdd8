import { computeMetrics, perStationMetrics } from '../core/evaluation/metrics.js';
import { assessRisk, flagQuality } from '../core/evaluation/risk.js';
import { findStation } from '../core/features/build.js';
import { scoreRows } from '../core/serving/batch.js';
import { parseCommandArgs, printJson, UsageError, type Command } from './common.js';
import { metricInfo } from '../../preload/metric-labels.js';
import { openContext, resolveModelArg, withFileRows } from './context.js';
import { formatMetric } from './models.js';

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
          `it has never seen (${report.rows.used} of ${report.rows.read} vehicle rows usable; --json says why):\n`,
      );
      const width = Math.max(...Object.keys(measures).map((k) => metricInfo(k).label.length));
      for (const [key, value] of Object.entries(measures))
        io.stdout(`  ${metricInfo(key).label.padEnd(width)}  ${formatMetric(key, value).padStart(9)}\n`);
    }
    return 0;
  } finally {
    await ctx.close();
  }
};
