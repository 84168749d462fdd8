import type { Metrics } from './metrics.js';

/**
 * When a challenger may replace the champion. The default: lower MAE on the same rows, with the paired
 * bootstrap interval of the difference excluding zero, and a P90 bound that still means "90 %".
 */
export interface PromotionPolicy {
  readonly confidence: number;
  readonly minCoverage: number;
  readonly maxCoverage: number;
  /** Fewer shared rows than this cannot show a difference worth acting on. */
  readonly minRows: number;
  readonly requireSignificance: boolean;
}

export const DEFAULT_POLICY: PromotionPolicy = {
  confidence: 0.95,
  minCoverage: 0.85,
  maxCoverage: 0.95,
  minRows: 200,
  requireSignificance: true,
};

export interface Decision {
  readonly promote: boolean;
  readonly reasons: string[];
}

export function decidePromotion(
  champion: Metrics,
  challenger: Metrics,
  maeDiffCi: { diff: number; low: number; high: number },
  policy: PromotionPolicy = DEFAULT_POLICY,
): Decision {
  const reasons: string[] = [];
  let promote = true;
  if (challenger.count < policy.minRows) {
    promote = false;
    reasons.push(`only ${challenger.count} shared holdout rows (policy needs ${policy.minRows})`);
  }
  if (!(challenger.mae < champion.mae)) {
    promote = false;
    reasons.push(
      `MAE ${challenger.mae.toFixed(1)} s is not lower than the champion's ${champion.mae.toFixed(1)} s`,
    );
  } else if (policy.requireSignificance && !(maeDiffCi.high < 0)) {
    promote = false;
    reasons.push(
      `MAE improvement ${(-maeDiffCi.diff).toFixed(1)} s is not significant ` +
        `(${Math.round(policy.confidence * 100)} % interval of the difference ${maeDiffCi.low.toFixed(1)} to ${maeDiffCi.high.toFixed(1)} s includes 0)`,
    );
  } else {
    reasons.push(
      `MAE ${challenger.mae.toFixed(1)} s vs ${champion.mae.toFixed(1)} s ` +
        `(difference ${maeDiffCi.diff.toFixed(1)} s, interval ${maeDiffCi.low.toFixed(1)} to ${maeDiffCi.high.toFixed(1)} s)`,
    );
  }
  const cov = challenger.p90Coverage;
  if (!(cov >= policy.minCoverage && cov <= policy.maxCoverage)) {
    promote = false;
    reasons.push(
      `P90 coverage ${(cov * 100).toFixed(1)} % is outside ${policy.minCoverage * 100}–${policy.maxCoverage * 100} %`,
    );
  } else {
    reasons.push(`P90 coverage ${(cov * 100).toFixed(1)} % is within policy`);
  }
  return { promote, reasons };
}
