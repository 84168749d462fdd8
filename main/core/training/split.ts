/**
 * Time-based split: rows are ordered by call time and cut into consecutive slices, oldest first —
 * train, validation (early stopping), calibration (conformal offset, risk thresholds), holdout
 * (the newest slice, never used to fit anything; the metrics a data officer reads and the rows a
 * challenger and the champion are compared on).
 */
export interface SplitFractions {
  readonly validation: number;
  readonly calibration: number;
  readonly holdout: number;
}

export const DEFAULT_FRACTIONS: SplitFractions = { validation: 0.1, calibration: 0.1, holdout: 0.15 };

export interface TimeSplit {
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
  readonly calibration: Uint32Array;
  readonly holdout: Uint32Array;
  /** First call time (epoch ms) of the holdout: rows from here on were never trained on. */
  readonly holdoutFrom: number;
  readonly trainFrom: number;
}

export function splitByTime(
  callAt: ArrayLike<number>,
  fractions: SplitFractions = DEFAULT_FRACTIONS,
): TimeSplit {
  const n = callAt.length;
  if (n < 10) throw new Error(`too few usable rows to train (${n}); import more LFB data first`);
  // Ties broken by index so the split is deterministic for the same data.
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => callAt[a]! - callAt[b]! || a - b);
  // Cut on whole call-time boundaries so one incident's vehicles never straddle two slices.
  const cut = (fromEnd: number) => {
    let k = Math.max(1, Math.min(n - 1, Math.round(n * (1 - fromEnd))));
    while (k > 1 && callAt[order[k]!] === callAt[order[k - 1]!]) k--;
    return k;
  };
  const hStart = cut(fractions.holdout);
  const cStart = Math.min(hStart, cut(fractions.holdout + fractions.calibration));
  const vStart = Math.min(cStart, cut(fractions.holdout + fractions.calibration + fractions.validation));
  return {
    train: order.slice(0, vStart),
    validation: order.slice(vStart, cStart),
    calibration: order.slice(cStart, hStart),
    holdout: order.slice(hStart),
    holdoutFrom: callAt[order[hStart]!]!,
    trainFrom: callAt[order[0]!]!,
  };
}
