/**
 * How each model metric reads, in words: the Models screen and the CLI's `compare` and `evaluate`
 * use this one table, so a data officer sees the same names in both. Pure data, no imports.
 */
export interface MetricInfo {
  readonly label: string;
  readonly unit: string;
  readonly digits: number;
  /** How a change reads: lower is better, higher is better, or closest to a target. Closest to a target counts as better; within `tolerance` of it both are equally good. */
  readonly better: 'lower' | 'higher' | { readonly target: number; readonly tolerance: number } | 'none';
  readonly scale?: number;
}

/** The metrics the trainer reports, in the order a data officer reads them. Unknown keys follow. */
export const METRICS: Readonly<Record<string, MetricInfo>> = {
  mae: { label: 'Mean absolute error', unit: 's', digits: 1, better: 'lower' },
  rmse: { label: 'Root mean square error', unit: 's', digits: 1, better: 'lower' },
  medianAbsError: { label: 'Median absolute error', unit: 's', digits: 1, better: 'lower' },
  bias: { label: 'Bias (estimate − actual)', unit: 's', digits: 1, better: { target: 0, tolerance: 0 } },
  within60: { label: 'Within 60 s', unit: '%', digits: 1, better: 'higher', scale: 100 },
  r2: { label: 'R²', unit: '', digits: 3, better: 'higher' },
  // The promotion policy accepts 85–95 %: inside that band coverage is not a reason to prefer a model.
  p90Coverage: {
    label: 'P90 coverage',
    unit: '%',
    digits: 1,
    better: { target: 0.9, tolerance: 0.05 },
    scale: 100,
  },
  riskPrecision: { label: 'Risk flag: precision', unit: '%', digits: 1, better: 'higher', scale: 100 },
  riskRecall: { label: 'Risk flag: recall', unit: '%', digits: 1, better: 'higher', scale: 100 },
  riskFireRate: {
    label: 'Risk flag: share of calls flagged',
    unit: '%',
    digits: 1,
    better: 'none',
    scale: 100,
  },
  // The fixed rule the learned risk flag replaced, scored on the same holdout for comparison.
  legacyPrecision: {
    label: 'Original risk rule: precision',
    unit: '%',
    digits: 1,
    better: 'higher',
    scale: 100,
  },
  legacyRecall: { label: 'Original risk rule: recall', unit: '%', digits: 1, better: 'higher', scale: 100 },
  legacyFireRate: {
    label: 'Original risk rule: share of calls flagged',
    unit: '%',
    digits: 1,
    better: 'none',
    scale: 100,
  },
  withinTargetBrier: {
    label: 'Chance within 6 min: Brier score',
    unit: '',
    digits: 4,
    better: 'lower',
  },
  lateBrier: { label: 'Late-arrival chance: Brier score', unit: '', digits: 4, better: 'lower' },
  count: { label: 'Rows scored', unit: '', digits: 0, better: 'none' },
  holdoutRows: { label: 'Holdout rows', unit: '', digits: 0, better: 'none' },
};

export function metricInfo(key: string): MetricInfo {
  return METRICS[key] ?? { label: key, unit: '', digits: 3, better: 'none' };
}
