import { intFlag, parseCommandArgs, printJson, type Command } from './common.js';
import { openContext } from './context.js';
import { formatMetric } from './models.js';
import { METRICS, metricInfo } from '../../contract/metric-labels.js';
import { weatherTrainingLine } from '../core/serving/weather.js';

/**
 * The holdout metrics under the names the Models screen, `compare` and `evaluate` use, in the order
 * a data officer reads them (metrics the label table does not know follow, by key).
 */
function metricLines(metrics: Readonly<Record<string, number>>): string[] {
  const known = Object.keys(METRICS).filter((k) => k in metrics);
  const keys = [
    ...known,
    ...Object.keys(metrics)
      .filter((k) => !(k in METRICS))
      .sort(),
  ];
  const width = Math.max(...keys.map((k) => metricInfo(k).label.length));
  return keys.map(
    (k) => `  ${metricInfo(k).label.padEnd(width)}  ${formatMetric(k, metrics[k]).padStart(9)}`,
  );
}

const TREE_PHASE_NAMES = {
  point: 'ETA model',
  upper: 'P90 model',
  refit: 'Refit on the newest calls',
  late: 'Late-arrival model',
} as const;

export const trainCommand: Command = async (argv, io) => {
  const { values } = parseCommandArgs('train', argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
    seed: { type: 'string' },
    trees: { type: 'string' },
    tune: { type: 'boolean', default: false },
  });
  const seed = intFlag('seed', values.seed, 42, 0, 2 ** 31 - 1);
  const ctx = await openContext(values.db, io);
  try {
    const started = Date.now();
    let lastLine = '';
    const { model: record, result } = await ctx.core.train({
      seed,
      ...(values.trees ? { numTrees: intFlag('trees', values.trees, 500, 1, 10_000) } : {}),
      ...(values.tune ? { tune: true } : {}),
      onProgress: (p) => {
        if (values.json) return;
        const line =
          p.phase === 'point' || p.phase === 'upper' || p.phase === 'refit' || p.phase === 'late'
            ? `${TREE_PHASE_NAMES[p.phase]}: tree ${p.done}/${p.total}` +
              (p.validLoss !== undefined ? `, validation loss ${p.validLoss.toFixed(1)} s` : '')
            : `${p.phase}…`;
        if (
          line !== lastLine &&
          (p.done % 50 === 0 || p.done === p.total || p.phase !== lastLine.split(':')[0])
        ) {
          io.stderr(line + '\n');
          lastLine = line;
        }
      },
    });
    const durationMs = Date.now() - started;
    const rows = {
      ...result.rows,
      used: result.dataset.used,
      read: result.dataset.read,
      dropped: result.dataset.dropped,
    };
    if (values.json) {
      printJson(io, {
        modelId: record.id,
        metrics: record.metrics,
        rows,
        durationMs,
        trees: result.trees,
        window: result.window,
        riskThreshold: result.risk.threshold,
        legacyRiskStations: result.risk.legacyStations,
        probabilities: result.holdout.probabilities,
        ...(result.weatherCoverage ? { weatherCoverage: result.weatherCoverage } : {}),
        ...(result.tuning ? { tuning: result.tuning } : {}),
      });
    } else {
      const r = result.holdout.riskFlag;
      const w = result.holdout.probabilities.withinTarget;
      io.stdout(
        [
          `Trained candidate model ${record.id} in ${(durationMs / 1000).toFixed(1)} s ` +
            `(${result.trees.point} + ${result.trees.upper} + ${result.trees.late} trees).`,
          ...(result.tuning
            ? [
                `Tuned by time-based cross-validation: ${result.tuning.chosen.numLeaves} leaves, ` +
                  `at least ${result.tuning.chosen.minDataInLeaf} rows a leaf.`,
              ]
            : []),
          `Rows: ${rows.used} used of ${rows.read} (train ${rows.train}, validation ${rows.validation}, ` +
            `calibration ${rows.calibration}, holdout ${rows.holdout}); dropped ${JSON.stringify(rows.dropped)}`,
          ...(result.weatherCoverage ? [weatherTrainingLine(result.weatherCoverage)] : []),
          `Holdout ${result.window.holdoutFrom.slice(0, 10)} → ${result.window.holdoutTo.slice(0, 10)}:`,
          ...metricLines(record.metrics),
          `Chance within 6 min: each station's share alone scores Brier ${w.baselineBrier.toFixed(4)}.`,
          `Risk flag: precision ${(r.precision / r.eventRate).toFixed(2)} × the share of late arrivals.`,
          `Next: 'pump-eta compare' then 'pump-eta promote ${record.id}'.`,
          '',
        ].join('\n'),
      );
    }
    return 0;
  } finally {
    await ctx.close();
  }
};
