import type { Comparison } from '../../contract/index.js';
import { parseCommandArgs, printJson, UsageError, type Command } from './common.js';
import { metricInfo } from '../../contract/metric-labels.js';
import { openContext } from './context.js';

/** A metric as the Models screen shows it: "67.0 s", "88.1 %", "0.412". */
export function formatMetric(key: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const info = metricInfo(key);
  const scaled = value * (info.scale ?? 1);
  const text = info.digits === 0 ? String(Math.round(scaled)) : scaled.toFixed(info.digits);
  return info.unit ? `${text} ${info.unit}` : text;
}

export const modelsCommand: Command = async (argv, io) => {
  const { values } = parseCommandArgs('models', argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const ctx = await openContext(values.db, io);
  try {
    // A forced promotion put a model in service against the comparison: the list says so.
    const models = ctx.core.listModels();
    if (values.json) {
      printJson(io, { champion: ctx.core.modelInService().id, models });
      return 0;
    }
    io.stdout('id            status      demo  created (UTC)         rows      MAE      P90 cover\n');
    for (const m of models) {
      const status = m.status === 'champion' ? '*champion' : m.status;
      io.stdout(
        `${m.id}  ${status.padEnd(10)}  ${m.isDemo ? 'DEMO' : '    '}  ` +
          `${m.createdAt.slice(0, 19).replace('T', ' ')}  ${String(m.rows).padStart(8)}  ` +
          `${formatMetric('mae', m.metrics.mae).padStart(8)}  ${formatMetric('p90Coverage', m.metrics.p90Coverage).padStart(8)}` +
          `${m.forcedPromotion ? '  promoted with --force' : ''}\n`,
      );
    }
    io.stdout(
      '* in service. MAE: mean absolute error on its holdout; P90 cover: share arriving within the 90 % bound.\n',
    );
    return 0;
  } finally {
    await ctx.close();
  }
};

/** What the interval of the MAE change says, in words that cannot contradict its numbers. */
export function maeIntervalVerdict(lo: number, hi: number): string {
  if (hi < 0) return 'below zero throughout: the challenger is better';
  if (lo > 0) return 'above zero throughout: the challenger is worse';
  return 'it spans zero: no difference shown';
}

function printComparison(io: Parameters<Command>[1], c: Comparison): void {
  io.stdout(
    `Champion ${c.championId} (in service) against challenger ${c.challengerId}, on the same ${c.rows} newest rows ` +
      `(${c.window.from.slice(0, 10)} to ${c.window.to.slice(0, 10)}):\n\n`,
  );
  const rows = Object.keys(c.challenger).map((key) => ({
    label: metricInfo(key).label,
    champion: formatMetric(key, c.champion[key]),
    challenger: formatMetric(key, c.challenger[key]),
  }));
  const width = Math.max(...rows.map((r) => r.label.length), 'Measure'.length);
  io.stdout(`${'Measure'.padEnd(width)}  ${'champion'.padStart(10)}  ${'challenger'.padStart(10)}\n`);
  for (const r of rows)
    io.stdout(`${r.label.padEnd(width)}  ${r.champion.padStart(10)}  ${r.challenger.padStart(10)}\n`);
  const [lo, hi] = c.maeDiffCi;
  io.stdout(
    `\nChange in mean absolute error (challenger − champion), 95 % interval: ${lo.toFixed(1)} s to ${hi.toFixed(1)} s ` +
      `(${maeIntervalVerdict(lo, hi)})\n`,
  );
  io.stdout(
    `Decision: ${c.decision.promote ? 'PROMOTE the challenger' : 'KEEP the champion'} — ${c.decision.reasons.join('; ')}\n`,
  );
}

export const compareCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    'compare',
    argv,
    { db: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  const ctx = await openContext(values.db, io);
  try {
    const comparison = await ctx.core.compare(positionals[0]);
    if (values.json) printJson(io, comparison);
    else printComparison(io, comparison);
    return 0;
  } finally {
    await ctx.close();
  }
};

export const promoteCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    'promote',
    argv,
    {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
    },
    true,
  );
  const id = positionals[0];
  if (!id) throw new UsageError("promote: give the model id to promote (see 'pump-eta models').");
  const ctx = await openContext(values.db, io);
  try {
    const { comparison, promoted, fleet } = await ctx.core.promoteModel(id, values.force);
    const champion = ctx.core.modelInService().id;
    if (values.json) printJson(io, { promoted, forced: values.force, champion, comparison, fleet });
    else {
      // A forced promotion ignores the comparison's decision: say so rather than print "KEEP" above "in service".
      if (comparison) printComparison(io, comparison);
      if (comparison && values.force && !comparison.decision.promote)
        io.stdout('The policy would keep the champion; --force promotes the challenger anyway (recorded).\n');
      io.stdout(
        promoted
          ? `Model ${champion} is now in service${values.force ? ' (forced)' : ''}.\n`
          : `Not promoted; the refusal is recorded. Use --force to override.\n`,
      );
      if (fleet) io.stdout(`${fleet}\n`);
    }
    return promoted ? 0 : 3;
  } finally {
    await ctx.close();
  }
};

export const rollbackCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    'rollback',
    argv,
    { db: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  const ctx = await openContext(values.db, io);
  try {
    const { model: record, fleet } = await ctx.core.rollbackModel(positionals[0]);
    if (values.json) printJson(io, fleet ? { ...record, fleet } : record);
    else {
      io.stdout(`Model ${record.id}${record.isDemo ? ' (demo)' : ''} is back in service.\n`);
      if (fleet) io.stdout(`${fleet}\n`);
      if (record.isDemo)
        io.stdout(
          'WARNING: this is the DEMO model, trained on synthetic data: dispatchers now get demonstration answers, ' +
            "not estimates from LFB records. Promote a trained model ('pump-eta models') as soon as possible.\n",
        );
    }
    return 0;
  } finally {
    await ctx.close();
  }
};
