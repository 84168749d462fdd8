import {
  NOT_IN_TRAINING_WINDOW,
  type MonitorDrift,
  type MonitorMonth,
  type MonitorReport,
} from '../../contract/index.js';
import { MIN_STATION_VEHICLES, STATION_SHIFT_SECONDS, STATION_SHIFT_Z } from '../core/monitor/report.js';
import { openContext } from './context.js';
import { parseCommandArgs, printJson, type CliIO, type Command } from './common.js';

/**
 * What the stations table's columns mean, printed above it: "bias shift" alone was read as a change in
 * the station's times, when it is a change in how far the model's estimates are off for it.
 */
export const STATION_LEGEND: readonly string[] = [
  `Stations since training (${MIN_STATION_VEHICLES}+ vehicles): MAE now (and at the holdout), and bias shift:`,
  "  how the station's bias (estimate − actual) moved since the holdout, less the move of every station's.",
  '  Negative: its vehicles now arrive later than the model expects for them (estimates too optimistic);',
  '  positive: earlier. A station is marked as shifted when the move exceeds both ' +
    `${STATION_SHIFT_SECONDS} s and ${STATION_SHIFT_Z} standard errors (not chance).`,
];

const count = (n: number) => Math.round(n).toLocaleString('en-GB');
const seconds = (n: number) => `${n.toFixed(1)} s`;
const share = (n: number | null) => (n === null ? '   –' : `${Math.round(n * 100)} %`.padStart(5));
const DRIFT_SHOWN = 8;
const CATEGORIES_SHOWN = 12;

function monthLine(m: MonitorMonth): string {
  return [
    m.month.padEnd(9),
    count(m.vehicles).padStart(8),
    `${m.mae.toFixed(1)} (${m.maeLow.toFixed(1)}–${m.maeHigh.toFixed(1)})`.padStart(20),
    m.bias.toFixed(1).padStart(8),
    share(m.p90Coverage).padStart(8),
    `${share(m.flagPrecision)} / ${share(m.flagRecall)}`.padStart(15),
    m.withinTargetBrier.toFixed(3).padStart(9),
  ].join(' ');
}

function driftLine(d: MonitorDrift): string {
  const movers = d.movers
    .map((m) => `${m.category} ${(m.before * 100).toFixed(1)} → ${(m.after * 100).toFixed(1)} %`)
    .join('; ');
  if (d.psi === null || d.level === null) return `  ${d.feature.padEnd(31)}${NOT_IN_TRAINING_WINDOW}`;
  const level = `${d.level}${d.seasonal ? ' (seasonal)' : ''}`;
  return `  ${d.feature.padEnd(22)}${d.psi.toFixed(3).padStart(7)}  ${level.padEnd(20)}${movers}`;
}

/** The Monitoring view's content as text. */
export function monitorText(r: MonitorReport): string {
  const lines: string[] = [];
  lines.push(
    `Model ${r.modelId}${r.isDemo ? ' (DEMO MODEL)' : ''}` +
      (r.trainedFrom
        ? `, trained on calls ${r.trainedFrom.slice(0, 10)} … ${r.trainedTo?.slice(0, 10)}`
        : ''),
  );
  if (r.scoredAfter)
    lines.push(`Scored on vehicles called after ${r.scoredAfter.slice(0, 10)} (after its holdout).`);
  if (r.computedAt) lines.push(`Last computed ${r.computedAt}.`);
  if (r.holdout) {
    lines.push(
      `Holdout MAE ${seconds(r.holdout.mae)} (95 % ${r.holdout.low.toFixed(1)}–${r.holdout.high.toFixed(1)}) on ${count(r.holdout.rows)} vehicles.`,
    );
  }
  if (r.problem) lines.push(`Problem: ${r.problem}`);
  if (r.months.length > 0) {
    lines.push('', 'month     vehicles     MAE s (95 %)       bias  P90 cover  flag prec / rec   Brier 360');
    for (const m of r.months) lines.push(monthLine(m));
    if (r.unscored > 0) {
      lines.push(
        `${count(r.unscored)} vehicles from stations the model cannot place were counted, not scored.`,
      );
    }
  }
  if (r.stations.length > 0) {
    lines.push('', ...STATION_LEGEND);
    for (const s of r.stations) {
      lines.push(
        `  ${`${s.name} (${s.code})`.padEnd(28)}${count(s.vehicles).padStart(7)}  MAE ${s.mae.toFixed(1).padStart(6)}` +
          ` (holdout ${s.holdoutMae === null ? '–' : s.holdoutMae.toFixed(1)})  bias shift ${s.biasShift.toFixed(0).padStart(4)} s` +
          (s.shifted ? '  SHIFTED' : ''),
      );
    }
  }
  if (r.drift.length > 0) {
    lines.push(
      '',
      `Input drift in ${r.newestMonth} against the training window (PSI: ≥ 0.1 moderate, ≥ 0.25 major)`,
    );
    const measured = r.drift.filter((d) => !d.notInTrainingWindow);
    for (const d of measured.slice(0, DRIFT_SHOWN)) lines.push(driftLine(d));
    const unused = r.drift.filter((d) => d.notInTrainingWindow).map((d) => d.feature);
    if (unused.length > 0) lines.push(`  ${unused.join(', ')}: ${NOT_IN_TRAINING_WINDOW}`);
  }
  if (r.newCategories.length > 0) {
    lines.push('', 'Values the model never saw in its training window');
    for (const c of r.newCategories.slice(0, CATEGORIES_SHOWN)) {
      lines.push(
        `  ${c.feature.padEnd(22)}${c.category.padEnd(30)}${count(c.vehicles).padStart(7)} vehicles${c.firstMonth ? ` since ${c.firstMonth}` : ''}`,
      );
    }
    if (r.newCategories.length > CATEGORIES_SHOWN) {
      lines.push(`  … and ${r.newCategories.length - CATEGORIES_SHOWN} more (--json lists them all)`);
    }
  }
  lines.push('', r.advice.sentence);
  for (const reason of r.advice.reasons) lines.push(`  - ${reason}`);
  if (r.advice.retrain) lines.push("Retrain with 'pump-eta train' (in the window: Models → Retrain).");
  return lines.join('\n') + '\n';
}

export const monitorCommand: Command = async (argv, io: CliIO) => {
  const { values } = parseCommandArgs('monitor', argv, { db: { type: 'string' }, json: { type: 'boolean' } });
  const ctx = await openContext(values.db, io);
  try {
    const report = await ctx.core.monitor();
    if (values.json) printJson(io, report);
    else io.stdout(monitorText(report));
  } finally {
    await ctx.close();
  }
  return 0;
};
