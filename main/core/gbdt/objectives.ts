import type { ObjectiveName, TrainParams } from './types.js';

/**
 * A regression objective. Hessians are 1 for every objective here (L1 and quantile use LightGBM's
 * convention of a unit hessian plus a leaf refit), which is what lets histograms drop the hessian sum.
 */
export interface Objective {
  readonly name: ObjectiveName;
  /** The constant prediction that minimises the loss: the model's base score. */
  initScore(y: Float32Array): number;
  /** First-order gradients of the loss at `score`, for rows 0..y.length-1. */
  gradients(y: Float32Array, score: Float64Array, grad: Float64Array): void;
  /** Mean loss (L2: mean squared error, L1: mean absolute error, quantile: mean pinball loss). */
  loss(y: Float32Array, score: Float64Array): number;
  /**
   * When set, a leaf's value is this statistic of the residuals `y - score` of its rows (overwritten),
   * not the Newton step. Sign gradients only give the direction; the residual quantile is the
   * loss-minimising constant for the rows that reached the leaf.
   */
  readonly leafQuantile: number | null;
}

export function createObjective(params: Pick<TrainParams, 'objective' | 'alpha'>): Objective {
  switch (params.objective) {
    case 'l2':
      return l2Objective();
    case 'l1':
      return quantileObjective('l1', 0.5);
    case 'quantile': {
      const alpha = params.alpha ?? 0.5;
      if (!(alpha > 0 && alpha < 1)) throw new RangeError(`quantile alpha must be in (0, 1), got ${alpha}`);
      return quantileObjective('quantile', alpha);
    }
    default: {
      const never: never = params.objective;
      throw new RangeError(`unknown objective ${String(never)}`);
    }
  }
}

function l2Objective(): Objective {
  return {
    name: 'l2',
    leafQuantile: null,
    initScore(y) {
      let s = 0;
      for (let i = 0; i < y.length; i++) s += y[i]!;
      return y.length > 0 ? s / y.length : 0;
    },
    gradients(y, score, grad) {
      for (let i = 0; i < y.length; i++) grad[i] = score[i]! - y[i]!;
    },
    loss(y, score) {
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        const d = score[i]! - y[i]!;
        s += d * d;
      }
      return y.length > 0 ? s / y.length : 0;
    },
  };
}

/** L1 is the quantile objective at alpha = 0.5 (up to a factor 2 in the loss, which L1 reports unscaled). */
function quantileObjective(name: 'l1' | 'quantile', alpha: number): Objective {
  const scale = name === 'l1' ? 2 : 1;
  return {
    name,
    leafQuantile: alpha,
    initScore(y) {
      return y.length > 0 ? quantileInPlace(Float64Array.from(y), y.length, alpha) : 0;
    },
    gradients(y, score, grad) {
      // Subgradient of the pinball loss; 0 on exact ties (common: attendance times are whole seconds).
      const above = (1 - alpha) * scale;
      const below = -alpha * scale;
      for (let i = 0; i < y.length; i++) {
        const d = score[i]! - y[i]!;
        grad[i] = d > 0 ? above : d < 0 ? below : 0;
      }
    },
    loss(y, score) {
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        const r = y[i]! - score[i]!;
        s += r >= 0 ? alpha * r : (alpha - 1) * r;
      }
      return y.length > 0 ? (scale * s) / y.length : 0;
    },
  };
}

/**
 * The alpha-quantile of `values[0..n)` with linear interpolation between order statistics (position
 * alpha * (n - 1), numpy's default). Reorders `values`; expected O(n) by quickselect.
 */
export function quantileInPlace(values: Float64Array, n: number, alpha: number): number {
  if (n <= 0) throw new RangeError('quantile of an empty set');
  const pos = alpha * (n - 1);
  const k = Math.floor(pos);
  const lo = select(values, 0, n - 1, k);
  if (k + 1 >= n || pos === k) return lo;
  // After select, everything right of k is >= values[k]; the next order statistic is their minimum.
  let hi = Infinity;
  for (let i = k + 1; i < n; i++) if (values[i]! < hi) hi = values[i]!;
  return lo + (hi - lo) * (pos - k);
}

/** Hoare-style quickselect with a median-of-three pivot; deterministic (no random pivots). */
function select(a: Float64Array, left: number, right: number, k: number): number {
  while (right > left) {
    const mid = (left + right) >>> 1;
    // Order a[left], a[mid], a[right] so the pivot a[mid] is their median.
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k]!;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
