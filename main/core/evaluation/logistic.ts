/**
 * Logistic regression by Newton's method (iteratively reweighted least squares) with a small ridge
 * penalty, for the few-coefficient calibrations the model's probability heads need. Deterministic:
 * a fixed number of iterations from zero, no sampling.
 */
const ITERATIONS = 50;
const RIDGE = 1e-6;
const CONVERGED = 1e-10;
/** A Newton step this large means the likelihood has no finite optimum. */
const MAX_STEP = 50;

/** `x[i]` is row i's features (an intercept column is added here); `y[i]` is 0 or 1. */
export function fitLogistic(x: readonly (readonly number[])[], y: ArrayLike<number>): number[] {
  const n = x.length;
  if (n === 0) throw new RangeError('cannot fit a logistic calibration on no rows');
  const k = x[0]!.length + 1;
  const beta = new Array<number>(k).fill(0);
  const row = new Float64Array(k);
  for (let iter = 0; iter < ITERATIONS; iter++) {
    const g = new Float64Array(k);
    const h = new Float64Array(k * k);
    for (let i = 0; i < n; i++) {
      row[0] = 1;
      for (let j = 1; j < k; j++) row[j] = x[i]![j - 1]!;
      let z = 0;
      for (let j = 0; j < k; j++) z += beta[j]! * row[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const w = Math.max(p * (1 - p), 1e-12);
      const r = y[i]! - p;
      for (let a = 0; a < k; a++) {
        g[a] = g[a]! + r * row[a]!;
        for (let b = 0; b < k; b++) h[a * k + b] = h[a * k + b]! + w * row[a]! * row[b]!;
      }
    }
    for (let a = 0; a < k; a++) {
      g[a] = g[a]! - RIDGE * n * beta[a]!;
      h[a * k + a] = h[a * k + a]! + RIDGE * n;
    }
    const step = solve(h, g, k);
    let size = 0;
    for (let j = 0; j < k; j++) size = Math.max(size, Math.abs(step[j]!));
    // Separable data (say, no event at all on a tiny slice) sends Newton towards infinity: keep the
    // last finite, bounded coefficients rather than write a non-number into the model.
    if (!Number.isFinite(size) || size > MAX_STEP) break;
    for (let j = 0; j < k; j++) beta[j] = beta[j]! + step[j]!;
    if (size < CONVERGED) break;
  }
  return beta;
}

/** Solves the symmetric positive-definite system h·s = g by Gaussian elimination with pivoting. */
function solve(h: Float64Array, g: Float64Array, k: number): Float64Array {
  const a = Float64Array.from(h);
  const b = Float64Array.from(g);
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r * k + c]!) > Math.abs(a[pivot * k + c]!)) pivot = r;
    if (pivot !== c) {
      for (let j = 0; j < k; j++) {
        const t = a[c * k + j]!;
        a[c * k + j] = a[pivot * k + j]!;
        a[pivot * k + j] = t;
      }
      const t = b[c]!;
      b[c] = b[pivot]!;
      b[pivot] = t;
    }
    const d = a[c * k + c]!;
    for (let r = c + 1; r < k; r++) {
      const m = a[r * k + c]! / d;
      for (let j = c; j < k; j++) a[r * k + j] = a[r * k + j]! - m * a[c * k + j]!;
      b[r] = b[r]! - m * b[c]!;
    }
  }
  const s = new Float64Array(k);
  for (let r = k - 1; r >= 0; r--) {
    let v = b[r]!;
    for (let j = r + 1; j < k; j++) v -= a[r * k + j]! * s[j]!;
    s[r] = v / a[r * k + r]!;
  }
  return s;
}

/** Brier score: mean squared difference between probability and outcome. */
export function brierScore(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i]! - y[i]!) ** 2;
  return p.length ? s / p.length : NaN;
}

export interface ReliabilityBin {
  readonly count: number;
  readonly meanPredicted: number;
  readonly observed: number;
}

/** Predicted vs observed by decile of the predicted probability (ties kept together by sort order). */
export function reliabilityTable(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    let sp = 0;
    let sy = 0;
    for (let k = from; k < to; k++) {
      sp += p[order[k]!]!;
      sy += y[order[k]!]!;
    }
    const count = to - from;
    out.push({ count, meanPredicted: count ? sp / count : NaN, observed: count ? sy / count : NaN });
  }
  return out;
}
