import type { MonitorMonth } from '../../../contract/monitoring.js';

/**
 * The sufficient statistics of a set of scored vehicles: what is stored per month and per station and
 * month, so any grouping of them (a station over every month since training) is a sum, and the
 * metrics follow without the rows.
 */
export interface ErrorSums {
  vehicles: number;
  /** Σ|estimate − actual|, Σ(estimate − actual)², Σ(estimate − actual). */
  absSum: number;
  sqSum: number;
  errSum: number;
  /** Actual at or below the P90 bound. */
  covered: number;
  /** Flag raised; flag raised and late; late (over 120 s after the estimate). */
  flagged: number;
  flaggedLate: number;
  late: number;
  /** Σ(P(within 360 s) − outcome)². */
  withinBrierSum: number;
}

/** A 95 % interval is the mean ± this many standard errors. */
export const Z_95 = 1.96;

export function emptySums(): ErrorSums {
  return {
    vehicles: 0,
    absSum: 0,
    sqSum: 0,
    errSum: 0,
    covered: 0,
    flagged: 0,
    flaggedLate: 0,
    late: 0,
    withinBrierSum: 0,
  };
}

export function addSums(into: ErrorSums, more: ErrorSums): ErrorSums {
  into.vehicles += more.vehicles;
  into.absSum += more.absSum;
  into.sqSum += more.sqSum;
  into.errSum += more.errSum;
  into.covered += more.covered;
  into.flagged += more.flagged;
  into.flaggedLate += more.flaggedLate;
  into.late += more.late;
  into.withinBrierSum += more.withinBrierSum;
  return into;
}

/**
 * Standard error of a mean absolute error from its count, MAE and root mean squared error: the
 * absolute errors' variance is E[e²] − E[|e|]². At the thousands of vehicles a month holds, a bootstrap
 * of the mean gives the same interval; this one needs no rows, so the holdout's is known from the
 * registry's metrics alone.
 */
export function maeStandardError(count: number, mae: number, rmse: number): number {
  if (count < 2) return NaN;
  return Math.sqrt(Math.max(0, rmse * rmse - mae * mae) / count);
}

/** Standard error of the mean signed error (the bias). */
export function biasStandardError(s: ErrorSums): number {
  if (s.vehicles < 2) return NaN;
  const mean = s.errSum / s.vehicles;
  return Math.sqrt(Math.max(0, s.sqSum / s.vehicles - mean * mean) / s.vehicles);
}

export function monthOf(month: string, s: ErrorSums): MonitorMonth {
  const n = s.vehicles;
  const mae = s.absSum / n;
  const se = maeStandardError(n, mae, Math.sqrt(s.sqSum / n));
  return {
    month,
    vehicles: n,
    mae,
    maeLow: mae - Z_95 * se,
    maeHigh: mae + Z_95 * se,
    bias: s.errSum / n,
    p90Coverage: s.covered / n,
    flagPrecision: s.flagged > 0 ? s.flaggedLate / s.flagged : null,
    flagRecall: s.late > 0 ? s.flaggedLate / s.late : null,
    flagFireRate: s.flagged / n,
    withinTargetBrier: s.withinBrierSum / n,
  };
}
