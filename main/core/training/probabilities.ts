import { TARGET_SECONDS } from '../../../contract/index.js';
import { brierScore, reliabilityTable, type ReliabilityBin } from '../evaluation/logistic.js';
import { flagQuality, isLate, type FlagQuality } from '../evaluation/risk.js';
import type { HeadScores } from './heads.js';

/** Thresholds at which the late model's precision–recall curve is reported. */
export const PR_THRESHOLDS = [0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.4, 0.5] as const;

export interface ProbabilityReport {
  readonly withinTarget: {
    /** Share of rows that arrived within the target. */
    readonly rate: number;
    readonly brier: number;
    /** The same for each station's historical share within the target (training slice). */
    readonly baselineBrier: number;
    readonly reliability: ReliabilityBin[];
    readonly baselineReliability: ReliabilityBin[];
  };
  readonly late: {
    readonly rate: number;
    readonly brier: number;
    readonly curve: (FlagQuality & { readonly threshold: number })[];
  };
}

/** How well the two probabilities match what happened on the given rows. */
export function evaluateProbabilities(
  actual: ArrayLike<number>,
  scores: HeadScores,
  baselineWithin: readonly number[],
): ProbabilityReport {
  const n = actual.length;
  const within = Float64Array.from({ length: n }, (_, i) => (actual[i]! <= TARGET_SECONDS ? 1 : 0));
  const late = Float64Array.from({ length: n }, (_, i) => (isLate(actual[i]!, scores.eta[i]!) ? 1 : 0));
  const mean = (a: Float64Array) => (n ? a.reduce((s, v) => s + v, 0) / n : NaN);
  return {
    withinTarget: {
      rate: mean(within),
      brier: brierScore(scores.withinTarget, within),
      baselineBrier: brierScore(baselineWithin, within),
      reliability: reliabilityTable(scores.withinTarget, within),
      baselineReliability: reliabilityTable(baselineWithin, within),
    },
    late: {
      rate: mean(late),
      brier: brierScore(scores.late, late),
      curve: PR_THRESHOLDS.map((threshold) => ({
        threshold,
        ...flagQuality(
          Array.from(scores.late, (p) => p >= threshold),
          actual,
          scores.eta,
        ),
      })),
    },
  };
}
