import type {
  MonitorAdvice,
  MonitorDrift,
  MonitorMonth,
  MonitorNewCategory,
  MonitorStation,
} from '../../../contract/monitoring.js';
import { WEATHER_FEATURES } from '../model/weather-coverage.js';
import { MISSING_LABEL } from './drift.js';
import { Z_95 } from './sums.js';

/**
 * When retraining is worth it: deterministic rules over the newest month with enough vehicles
 * (docs/monitoring.md lists them). Each fired rule is a reason; any reason recommends retraining,
 * but never on too few vehicles.
 */

/** A month with fewer vehicles than this decides nothing (a half-imported month, a quiet start). */
export const MIN_MONTH_VEHICLES = 500;
/** The newest month's MAE must exceed the holdout's by more than this, and by more than chance. */
export const MIN_WORSE_SECONDS = 5;
/** Vehicles from stations the model never saw before they count as opened. */
export const MIN_NEW_STATION_VEHICLES = 20;

export interface AdviceInput {
  readonly holdout: {
    readonly mae: number;
    readonly low: number;
    readonly high: number;
    readonly rows: number;
  } | null;
  readonly months: readonly MonitorMonth[];
  readonly stations: readonly MonitorStation[];
  readonly drift: readonly MonitorDrift[];
  readonly newCategories: readonly MonitorNewCategory[];
  readonly vehicles: number;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "November 2026" for "2026-11". */
export function monthName(month: string): string {
  const [year, m] = month.split('-');
  return `${MONTH_NAMES[Number(m) - 1] ?? m} ${year}`;
}

const count = (n: number) => Math.round(n).toLocaleString('en-GB');
/** Whole seconds with a true minus sign: "−35". */
const signed = (n: number) => `${Math.round(n) < 0 ? '−' : ''}${Math.abs(Math.round(n))}`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A month with less than this share of the typical (median) month's vehicles is taken as partly
 * imported: four days of a month hold only some weekdays, and would show drift that is not there.
 */
export const PARTIAL_MONTH_SHARE = 0.5;

/** Vehicles a month needs to be judged: MIN_MONTH_VEHICLES, and not partly imported. */
function monthsJudged(months: readonly MonitorMonth[]): number {
  const counts = months.map((m) => m.vehicles).sort((a, b) => a - b);
  const typical = counts.length ? counts[Math.floor((counts.length - 1) / 2)]! : 0;
  return Math.max(MIN_MONTH_VEHICLES, PARTIAL_MONTH_SHARE * typical);
}

/** The month the advice reads: the newest with enough vehicles that is not partly imported. */
export function decidingMonth(months: readonly MonitorMonth[]): MonitorMonth | null {
  const needed = monthsJudged(months);
  for (let k = months.length - 1; k >= 0; k--) {
    if (months[k]!.vehicles >= needed) return months[k]!;
  }
  return null;
}

/** Consecutive judged months (the deciding one last) whose bias must fall each month for the trend rule. */
export const BIAS_TREND_MONTHS = 3;
/** Over those months the bias must fall by more than this (and by more than chance), to below zero. */
export const MIN_BIAS_GROWTH_SECONDS = 15;

/** Standard error of a month's bias, from its MAE interval (which carries its RMSE) and its bias. */
function biasStandardError(m: MonitorMonth): number {
  const maeSe = (m.maeHigh - m.mae) / Z_95;
  const meanSquare = maeSe * maeSe * m.vehicles + m.mae * m.mae;
  return Math.sqrt(Math.max(0, meanSquare - m.bias * m.bias) / m.vehicles);
}

/**
 * The estimates getting too early month after month: over the last BIAS_TREND_MONTHS months with
 * enough vehicles (ending with the deciding month), the bias fell every month, ends below zero, and
 * fell in all by more than MIN_BIAS_GROWTH_SECONDS and by more than chance. Those months, or null.
 * A single optimistic month is the MAE rule's business; a trend says the world keeps moving away.
 */
export function growingOptimism(
  months: readonly MonitorMonth[],
  deciding: MonitorMonth,
): MonitorMonth[] | null {
  const needed = monthsJudged(months);
  const judged = months.filter((m) => m.vehicles >= needed && m.month <= deciding.month);
  if (judged.length < BIAS_TREND_MONTHS) return null;
  const run = judged.slice(-BIAS_TREND_MONTHS);
  for (let k = 1; k < run.length; k++) if (!(run[k]!.bias < run[k - 1]!.bias)) return null;
  const first = run[0]!;
  const last = run[run.length - 1]!;
  if (!(last.bias < 0)) return null;
  const chance = Z_95 * Math.hypot(biasStandardError(first), biasStandardError(last));
  return first.bias - last.bias > Math.max(MIN_BIAS_GROWTH_SECONDS, chance) ? run : null;
}

/**
 * An input missing for at least this share of a month's vehicles, where the training window had it for
 * most, is a file not imported yet (the month's weather, or its Mobilisation file after its Incident
 * file): the data is absent, not changed, and retraining on it would only teach the model its absence.
 */
export const MISSING_NOW_SHARE = 0.95;

/** Whether a drift is only an input gone missing (see MISSING_NOW_SHARE). */
export function missingNow(d: MonitorDrift): boolean {
  const m = d.movers.find((x) => x.category === MISSING_LABEL);
  return m !== undefined && m.after >= MISSING_NOW_SHARE && m.before < MISSING_NOW_SHARE;
}

const WEATHER_INPUTS: ReadonlySet<string> = new Set(Object.values(WEATHER_FEATURES));

/** What to import, for the inputs missing now: "import its weather file", or the inputs named. */
function missingSentence(missing: readonly MonitorDrift[], name: string): string {
  const weather = missing.filter((d) => WEATHER_INPUTS.has(d.feature));
  const other = missing.filter((d) => !WEATHER_INPUTS.has(d.feature));
  const parts: string[] = [];
  if (weather.length > 0) parts.push(`no weather imported for ${name} yet: import its weather file`);
  if (other.length > 0) {
    parts.push(
      `${other.map((d) => d.feature).join(', ')} missing for ${name}'s vehicles but present at training: ` +
        'a file not imported yet (its Mobilisation file?)',
    );
  }
  return `${parts.join('; ')} (missing inputs are not counted as drift)`;
}

export function advise(input: AdviceInput): MonitorAdvice {
  const month = decidingMonth(input.months);
  if (!month) {
    return {
      retrain: false,
      sentence:
        `Only ${count(input.vehicles)} vehicles since training, no month with ${count(MIN_MONTH_VEHICLES)}: ` +
        `too few to judge; no need to retrain yet.`,
      reasons: [],
    };
  }
  const reasons: string[] = [];
  const parts: string[] = [];
  const name = monthName(month.month);
  if (input.holdout) {
    const diff = month.mae - input.holdout.mae;
    const margin =
      Z_95 * Math.hypot((month.maeHigh - month.mae) / Z_95, (input.holdout.high - input.holdout.mae) / Z_95);
    const worse = diff > Math.max(MIN_WORSE_SECONDS, margin);
    const sign = diff >= 0 ? 'worse' : 'better';
    parts.push(
      Math.abs(diff) < 1
        ? `MAE on ${name}'s ${count(month.vehicles)} vehicles is as at training`
        : `MAE on ${name}'s ${count(month.vehicles)} vehicles is ${Math.round(Math.abs(diff))} s ${sign} than at training`,
    );
    if (worse) {
      reasons.push(
        `MAE ${month.mae.toFixed(1)} s in ${name} against ${input.holdout.mae.toFixed(1)} s on the holdout: ` +
          `${diff.toFixed(1)} s worse, beyond both the ${MIN_WORSE_SECONDS} s floor and chance (${margin.toFixed(1)} s)`,
      );
    }
  } else {
    parts.push(`MAE on ${name}'s ${count(month.vehicles)} vehicles is ${month.mae.toFixed(0)} s`);
  }
  const opened = input.newCategories.filter(
    (c) => c.feature === 'station' && c.vehicles >= MIN_NEW_STATION_VEHICLES,
  );
  if (opened.length > 0) {
    parts.push(`${plural(opened.length, 'station', 'stations')} opened since`);
    reasons.push(
      `vehicles from ${plural(opened.length, 'station', 'stations')} the model never saw: ` +
        opened.map((c) => `${c.category} (${count(c.vehicles)})`).join(', '),
    );
  }
  const shifted = input.stations.filter((s) => s.shifted);
  if (shifted.length > 0) {
    const named = shifted
      .slice(0, 3)
      .map(
        (s) => `${s.name} ${s.biasShift < 0 ? 'slower' : 'faster'} by ${Math.round(Math.abs(s.biasShift))} s`,
      );
    parts.push(
      `${plural(shifted.length, 'station arrives', 'stations arrive')} at a different pace than the model expects (${named.join(', ')})`,
    );
    reasons.push(`station-level shift: ${named.join(', ')}`);
  }
  const growing = growingOptimism(input.months, month);
  if (growing) {
    const biases = growing.map((m) => `${signed(m.bias)} s`).join(', ');
    parts.push(`estimates more optimistic month after month (bias ${biases})`);
    reasons.push(
      `a growing optimistic bias: ${growing.map((m) => `${m.bias.toFixed(1)} s in ${monthName(m.month)}`).join(', ')} ` +
        `(estimate − actual; ${(growing[0]!.bias - growing[growing.length - 1]!.bias).toFixed(1)} s more optimistic, ` +
        `beyond both the ${MIN_BIAS_GROWTH_SECONDS} s floor and chance)`,
    );
  }
  // An input the training window never held a value of cannot have shaped the model: never a reason.
  // An input gone missing is a file not imported yet: said, never a reason (see MISSING_NOW_SHARE).
  const missing = input.drift.filter((d) => !d.notInTrainingWindow && missingNow(d));
  if (missing.length > 0) parts.push(missingSentence(missing, name));
  const major = input.drift.filter(
    (d) => d.level === 'major' && !d.seasonal && !d.notInTrainingWindow && !missingNow(d),
  );
  if (major.length > 0) {
    parts.push(`major drift in ${major.map((d) => d.feature).join(', ')}`);
    reasons.push(
      `population stability index of 0.25 or more in ${name}: ` +
        major.map((d) => `${d.feature} ${(d.psi ?? 0).toFixed(2)}`).join(', '),
    );
  }
  const retrain = reasons.length > 0;
  parts.push(retrain ? 'retraining is recommended' : 'no need to retrain yet');
  return { retrain, sentence: `${parts.join('; ')}.`, reasons };
}
