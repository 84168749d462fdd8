import type { DriftLevel, DriftMover } from '../../../contract/monitoring.js';
import type { CallInput, CategoricalFeature, FeatureName, FeatureSpec } from '../features/spec.js';
import { CATEGORICAL_FEATURES, CATEGORICAL_INPUT, FEATURE_NAMES } from '../features/spec.js';
import { categoryKey, MISSING_KEY } from '../features/vocabulary.js';

/**
 * Input drift: how far the newest month's inputs sit from the training window's, as a population
 * stability index per feature. A number is binned on the training window's deciles; a category on the
 * model's own codes, its TRACKED_CATEGORIES most frequent training categories kept apart and the rest
 * pooled: with k bins the index of two samples of one population is about k/n from chance alone, so
 * a few hundred wards, one bin each, would show ~0.1 on a month of a few thousand vehicles.
 */

/** PSI below this is stable; from it to MAJOR_PSI moderate; from MAJOR_PSI on major (the usual reading). */
export const MODERATE_PSI = 0.1;
export const MAJOR_PSI = 0.25;
export const TRACKED_CATEGORIES = 50;
const DECILES = 10;
/** A share of zero would make the index infinite: empty bins count as this share. */
const EMPTY_SHARE = 1e-4;
const MOVERS_SHOWN = 3;
/** The rest of a categorical feature's categories, pooled. */
export const REST_LABEL = '(all others)';
export const MISSING_LABEL = '(missing)';

/** Calendar and weather move with the season: their drift is shown but never asks for a retrain. */
export const SEASONAL_FEATURES: ReadonlySet<FeatureName> = new Set<FeatureName>([
  'month',
  'bank_holiday',
  'school_holiday',
  'temperature_c',
  'precipitation_mm',
]);

export const NUMERIC_FEATURES = FEATURE_NAMES.filter(
  (f) => !(CATEGORICAL_FEATURES as readonly string[]).includes(f),
) as FeatureName[];

export interface NumericReference {
  readonly feature: FeatureName;
  /** Distinct decile edges of the training window; bins are (−∞, e0], (e0, e1] … (eLast, ∞), then missing. */
  readonly edges: readonly number[];
  readonly shares: readonly number[];
}

export interface CategoricalReference {
  readonly feature: CategoricalFeature;
  /** The model's codes kept apart, most frequent first; every other code falls in the last bin. */
  readonly codes: readonly number[];
  readonly labels: readonly string[];
  readonly shares: readonly number[];
  /** Every category key the training window holds (rare ones too): a key outside it is new. */
  readonly keys: readonly string[];
}

/** The training window's input distributions, computed once per model. */
export interface DriftReference {
  readonly rows: number;
  readonly numeric: readonly NumericReference[];
  readonly categorical: readonly CategoricalReference[];
}

/** Bins of every feature laid end to end, so a month's counts are one flat array. */
export class DriftBins {
  readonly offsets: Int32Array;
  readonly total: number;
  private readonly featureIndex: Int32Array;
  private readonly codeBin: Int32Array[];

  constructor(readonly reference: DriftReference) {
    const n = reference.numeric.length + reference.categorical.length;
    this.offsets = new Int32Array(n + 1);
    this.featureIndex = new Int32Array(n);
    this.codeBin = [];
    let at = 0;
    let k = 0;
    for (const r of reference.numeric) {
      this.featureIndex[k] = FEATURE_NAMES.indexOf(r.feature as (typeof FEATURE_NAMES)[number]);
      this.offsets[k++] = at;
      at += r.shares.length;
    }
    for (const r of reference.categorical) {
      this.featureIndex[k] = FEATURE_NAMES.indexOf(r.feature as (typeof FEATURE_NAMES)[number]);
      this.offsets[k++] = at;
      const maxCode = Math.max(0, ...r.codes);
      const lookup = new Int32Array(maxCode + 1).fill(r.codes.length);
      r.codes.forEach((code, bin) => (lookup[code] = bin));
      this.codeBin.push(lookup);
      at += r.shares.length;
    }
    this.offsets[k] = at;
    this.total = at;
  }

  /** Adds one row of model inputs (`row` at `from` in a row-major matrix) to `counts`. */
  add(counts: Float64Array, matrix: Float32Array, from: number): void {
    const numeric = this.reference.numeric;
    let k = 0;
    for (; k < numeric.length; k++) {
      const value = matrix[from + this.featureIndex[k]!]!;
      counts[this.offsets[k]! + numericBin(numeric[k]!.edges, value)]! += 1;
    }
    for (let c = 0; c < this.codeBin.length; c++, k++) {
      const lookup = this.codeBin[c]!;
      const code = matrix[from + this.featureIndex[k]!]!;
      const bin = code >= 0 && code < lookup.length ? lookup[code]! : restBin(this, c);
      counts[this.offsets[k]! + bin]! += 1;
    }
  }
}

function restBin(bins: DriftBins, categorical: number): number {
  return bins.reference.categorical[categorical]!.codes.length;
}

/**
 * The inputs every row of the training window lacked (weather for a model trained before any weather
 * was imported): the trees cannot split on them, so how they move since says nothing of the model.
 * A number whose only bin with rows is the missing one; a category whose only value is the missing one.
 */
export function notInTrainingWindow(reference: DriftReference): Set<string> {
  const out = new Set<string>();
  if (reference.rows === 0) return out;
  for (const r of reference.numeric) {
    if (r.edges.length === 0 && r.shares[r.shares.length - 1] === 1) out.add(r.feature);
  }
  for (const r of reference.categorical) {
    if (r.keys.length === 1 && r.keys[0] === MISSING_KEY) out.add(r.feature);
  }
  return out;
}

/** Index of a value's bin: the number of edges below it, or the last bin for a missing value. */
export function numericBin(edges: readonly number[], value: number): number {
  if (Number.isNaN(value)) return edges.length + 1;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Population stability index of `actual` shares against `expected` ones (same bins). */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i]!, EMPTY_SHARE);
    const a = Math.max(actual[i]!, EMPTY_SHARE);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

export function driftLevel(value: number): DriftLevel {
  if (value >= MAJOR_PSI) return 'major';
  if (value >= MODERATE_PSI) return 'moderate';
  return 'stable';
}

export interface FeatureDrift {
  readonly feature: FeatureName;
  readonly psi: number;
  readonly movers: readonly DriftMover[];
}

/** Each feature's PSI for one month's bin counts, with the bins whose share moved most. */
export function driftOf(bins: DriftBins, counts: Float64Array): FeatureDrift[] {
  const out: FeatureDrift[] = [];
  const refs = [
    ...bins.reference.numeric.map((r) => ({
      feature: r.feature,
      shares: r.shares,
      labels: numericLabels(r),
    })),
    ...bins.reference.categorical.map((r) => ({ feature: r.feature, shares: r.shares, labels: r.labels })),
  ];
  refs.forEach((r, k) => {
    const from = bins.offsets[k]!;
    let n = 0;
    for (let b = 0; b < r.shares.length; b++) n += counts[from + b]!;
    if (n === 0) return;
    const actual = r.shares.map((_, b) => counts[from + b]! / n);
    const movers = r.shares
      .map((before, b) => ({ category: r.labels[b]!, before, after: actual[b]! }))
      .filter((m) => m.before !== m.after)
      .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before))
      .slice(0, MOVERS_SHOWN);
    out.push({ feature: r.feature, psi: psi(r.shares, actual), movers });
  });
  return out;
}

function numericLabels(r: NumericReference): string[] {
  const format = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  const labels: string[] = [];
  const e = r.edges;
  if (e.length === 0) labels.push('all values');
  else {
    labels.push(`≤ ${format(e[0]!)}`);
    for (let i = 1; i < e.length; i++) labels.push(`${format(e[i - 1]!)}–${format(e[i]!)}`);
    labels.push(`> ${format(e[e.length - 1]!)}`);
  }
  labels.push(MISSING_LABEL);
  return labels;
}

/**
 * The training window's distributions from its rows' model inputs (`matrix`, row-major) and raw
 * inputs (for the category keys). `keysOf` visits every row; the shares and deciles may come from a
 * sample of them.
 */
export function buildReference(
  spec: FeatureSpec,
  matrix: Float32Array,
  rows: number,
  everyInput: Iterable<CallInput>,
): DriftReference {
  const f = FEATURE_NAMES.length;
  const numeric: NumericReference[] = NUMERIC_FEATURES.map((feature) => {
    const index = FEATURE_NAMES.indexOf(feature as (typeof FEATURE_NAMES)[number]);
    const values: number[] = [];
    for (let i = 0; i < rows; i++) {
      const v = matrix[i * f + index]!;
      if (!Number.isNaN(v)) values.push(v);
    }
    values.sort((a, b) => a - b);
    const edges: number[] = [];
    for (let d = 1; d < DECILES; d++) {
      if (values.length === 0) break;
      const edge = values[Math.min(values.length - 1, Math.floor((d * values.length) / DECILES))]!;
      if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
    }
    const counts = new Array<number>(edges.length + 2).fill(0);
    for (let i = 0; i < rows; i++) counts[numericBin(edges, matrix[i * f + index]!)]! += 1;
    return { feature, edges, shares: counts.map((c) => c / Math.max(1, rows)) };
  });
  const keys = new Map<CategoricalFeature, Set<string>>(CATEGORICAL_FEATURES.map((c) => [c, new Set()]));
  for (const input of everyInput) {
    for (const feature of CATEGORICAL_FEATURES) {
      keys.get(feature)!.add(categoryKey(input[CATEGORICAL_INPUT[feature]] as string | null | undefined));
    }
  }
  const categorical: CategoricalReference[] = CATEGORICAL_FEATURES.map((feature) => {
    const index = FEATURE_NAMES.indexOf(feature as (typeof FEATURE_NAMES)[number]);
    const counts = new Map<number, number>();
    for (let i = 0; i < rows; i++) {
      const code = matrix[i * f + index]!;
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    const vocabulary = spec.vocabularies[feature];
    const names = new Map<number, string>(Object.entries(vocabulary.codes).map(([k, c]) => [c, k]));
    names.set(vocabulary.otherCode, '(rare in training)');
    const tracked = [...counts]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, TRACKED_CATEGORIES)
      .map(([code]) => code);
    const inTracked = tracked.reduce((s, code) => s + counts.get(code)!, 0);
    return {
      feature,
      codes: tracked,
      labels: [...tracked.map((code) => names.get(code) ?? `code ${code}`), REST_LABEL],
      shares: [
        ...tracked.map((code) => counts.get(code)! / Math.max(1, rows)),
        (rows - inTracked) / Math.max(1, rows),
      ],
      keys: [...keys.get(feature)!].sort(),
    };
  });
  return { rows, numeric, categorical };
}
