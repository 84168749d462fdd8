import type { FlagQuality, RiskConfig } from '../model/risk.js';
import type { Metrics } from './metrics.js';

export type { FlagQuality, RiskConfig } from '../model/risk.js';

/**
 * The under-estimation warning the dispatcher sees. The event it predicts: the vehicle arrives more
 * than EVENT_MARGIN_SECONDS after the estimate. A model of that event (trained on out-of-fold
 * residuals of the training slice, its score turned into a probability on the calibration slice) gives
 * every answer a probability; the flag is raised when that probability reaches a threshold chosen on
 * the calibration slice — never the holdout — so that flagged calls are late at a stated precision:
 * TARGET_LIFT times the calibration slice's base rate.
 * The original system's rule (share of times within 600–1600 s ≥ 10 %) is kept for comparison.
 */
export const EVENT_MARGIN_SECONDS = 120;
export const LEGACY_BAND: readonly [number, number] = [600, 1600];
export const LEGACY_SHARE = 0.1;
/** Flagged calls should be late this many times as often as calls in general. */
export const TARGET_LIFT = 1.75;
/** A threshold is only trusted when at least this many calibration rows reach it. */
const MIN_FLAGGED_ROWS = 30;

export function isLate(actual: number, eta: number, margin = EVENT_MARGIN_SECONDS): boolean {
  return actual > eta + margin;
}

/** The original rule, on the training rows' actual attendance times. */
export function legacyRiskStations(station: readonly string[], actual: ArrayLike<number>): string[] {
  const acc = new Map<string, { n: number; band: number }>();
  for (let i = 0; i < station.length; i++) {
    const a = acc.get(station[i]!) ?? { n: 0, band: 0 };
    a.n++;
    const y = actual[i]!;
    if (y >= LEGACY_BAND[0] && y <= LEGACY_BAND[1]) a.band++;
    acc.set(station[i]!, a);
  }
  return [...acc.entries()]
    .filter(([, a]) => a.band / a.n >= LEGACY_SHARE)
    .map(([s]) => s)
    .sort();
}

/**
 * The lowest threshold at which the calibration rows flagged (late probability at or above it) are
 * late at the target precision — the most late arrivals caught at that precision. Precision is read
 * from the calibrated probabilities (the mean probability of the flagged rows, which the calibration
 * makes equal to their late share on average) rather than from the 0/1 outcomes alone: the count of
 * late rows among the top k jumps with every row, and a threshold picked on those jumps moves the
 * flag's firing rate by several points from one training seed to the next.
 */
export function chooseRiskThreshold(
  probability: ArrayLike<number>,
  actual: ArrayLike<number>,
  eta: ArrayLike<number>,
): { threshold: number; targetPrecision: number } {
  const n = probability.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => probability[b]! - probability[a]! || a - b,
  );
  let events = 0;
  for (let i = 0; i < n; i++) if (isLate(actual[i]!, eta[i]!)) events++;
  const targetPrecision = Math.min(1, (TARGET_LIFT * events) / Math.max(1, n));
  let threshold = Infinity;
  let expected = 0;
  let observed = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    expected += probability[i]!;
    if (isLate(actual[i]!, eta[i]!)) observed++;
    // Only at the end of a run of equal probabilities: a threshold flags all of them or none.
    const next = order[k + 1];
    if (next !== undefined && probability[next] === probability[i]) continue;
    const flagged = k + 1;
    // Both readings must agree: calibrated probabilities that promise more than happened do not count.
    const precision = Math.min(expected, (expected + observed) / 2) / flagged;
    if (flagged >= MIN_FLAGGED_ROWS && precision >= targetPrecision) threshold = probability[i]!;
  }
  return { threshold, targetPrecision };
}

export interface RiskAssessment {
  readonly risk: boolean;
  readonly reasons: string[];
}

/** Whether a late probability raises the flag under this model's threshold. */
export function isFlagged(config: RiskConfig, lateProbability: number): boolean {
  return lateProbability >= config.threshold;
}

/** The flag and its reason in plain words: the calibrated probability, read as a frequency. */
export function assessRisk(config: RiskConfig, lateProbability: number, p90: number): RiskAssessment {
  if (!isFlagged(config, lateProbability)) return { risk: false, reasons: [] };
  const minutes = config.eventMarginSeconds / 60;
  const oneIn = Math.round(1 / lateProbability);
  const share =
    oneIn >= 2
      ? `About 1 in ${oneIn} similar calls`
      : `About ${Math.round(lateProbability * 100)} % of similar calls`;
  return {
    risk: true,
    reasons: [
      `${share} arrived over ${minutes} minutes later than estimated; 90 % arrive within ${formatMmSs(p90)}`,
    ],
  };
}

export function flagQuality(
  flags: ArrayLike<boolean | number>,
  actual: ArrayLike<number>,
  eta: ArrayLike<number>,
): FlagQuality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let events = 0;
  let fired = 0;
  const n = actual.length;
  for (let i = 0; i < n; i++) {
    const ev = isLate(actual[i]!, eta[i]!);
    const f = Boolean(flags[i]);
    if (ev) events++;
    if (f) fired++;
    if (f && ev) tp++;
    else if (f) fp++;
    else if (ev) fn++;
  }
  return {
    fireRate: n ? fired / n : NaN,
    precision: tp + fp ? tp / (tp + fp) : NaN,
    recall: tp + fn ? tp / (tp + fn) : NaN,
    eventRate: n ? events / n : NaN,
  };
}

export function formatMmSs(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * One flat record of holdout numbers, as the registry stores them and the comparison shows them side
 * by side: the error metrics, the risk flag's quality and the two probabilities' Brier scores.
 */
export function flatMetrics(
  m: Metrics,
  flag: FlagQuality,
  brier: { readonly withinTarget: number; readonly late: number },
): Record<string, number> {
  return {
    mae: m.mae,
    rmse: m.rmse,
    r2: m.r2,
    medianAbsError: m.medianAbsError,
    within60: m.within60,
    bias: m.bias,
    p90Coverage: m.p90Coverage,
    riskFireRate: flag.fireRate,
    riskPrecision: flag.precision,
    riskRecall: flag.recall,
    withinTargetBrier: brier.withinTarget,
    lateBrier: brier.late,
  };
}
