import type { Comparison } from '../../preload/contract.js';
import { toModelSummary } from '../core/app/core.js';
import { parseCommandArgs, printJson, UsageError, type Command } from './common.js';
import { fmtSeconds, fmtShare, openContext } from './context.js';

export const modelsCommand: Command = async (argv, io) => {
  const { values } = parseCommandArgs('models', argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const ctx = await openContext(values.db, io);
  try {
    const models = ctx.manager.list().map(toModelSummary);
    if (values.json) {
      printJson(io, { champion: ctx.manager.service.model.id, models });
      return 0;
    }
    io.stdout('id            status     demo  created (UTC)         rows      MAE      P90 cover\n');
    for (const m of models) {
      io.stdout(
        `${m.id}  ${(m.status === 'champion' ? '*champion' : m.status).padEnd(9)}  ${m.isDemo ? 'DEMO' : '    '}  ` +
          `${m.createdAt.slice(0, 19).replace('T', ' ')}  ${String(m.rows).padStart(8)}  ` +
          `${fmtSeconds(m.metrics.mae).padStart(8)}  ${fmtShare(m.metrics.p90Coverage).padStart(8)}\n`,
      );
    }
    return 0;
  } finally {
    await ctx.close();
  }
};

function printComparison(io: Parameters<Command>[1], c: Comparison): void {
  io.stdout(
    `Champion ${c.championId} vs challenger ${c.challengerId} on the same ${c.rows} rows ` +
      `(${c.window.from.slice(0, 10)} → ${c.window.to.slice(0, 10)}):\n`,
  );
  io.stdout('metric            champion   challenger\n');
  for (const key of Object.keys(c.challenger)) {
    const share = /Coverage|within|Rate|Precision|Recall/.test(key);
    const fmt = (v: number | undefined) =>
      share ? fmtShare(v) : key === 'r2' ? (v ?? NaN).toFixed(3) : fmtSeconds(v);
    io.stdout(
      `${key.padEnd(16)}  ${fmt(c.champion[key]).padStart(9)}  ${fmt(c.challenger[key]).padStart(10)}\n`,
    );
  }
  io.stdout(`MAE difference interval: ${c.maeDiffCi[0].toFixed(1)} to ${c.maeDiffCi[1].toFixed(1)} s\n`);
  io.stdout(
    `Decision: ${c.decision.promote ? 'PROMOTE' : 'KEEP CHAMPION'} — ${c.decision.reasons.join('; ')}\n`,
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
    const comparison = await ctx.manager.compare(positionals[0]);
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
    const { comparison, promoted } = await ctx.manager.promote(id, values.force);
    if (values.json)
      printJson(io, { promoted, forced: values.force, champion: ctx.manager.service.model.id, comparison });
    else {
      if (comparison) printComparison(io, comparison);
      io.stdout(
        promoted
          ? `Model ${ctx.manager.service.model.id} is now in service${values.force ? ' (forced)' : ''}.\n`
          : `Not promoted; the refusal is recorded. Use --force to override.\n`,
      );
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
    const record = await ctx.manager.rollback(positionals[0]);
    if (values.json) printJson(io, toModelSummary(record));
    else io.stdout(`Model ${record.id}${record.isDemo ? ' (demo)' : ''} is back in service.\n`);
    return 0;
  } finally {
    await ctx.close();
  }
};
