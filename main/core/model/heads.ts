import { backboneSeconds, type Backbone } from './backbone.js';

/**
 * What the model graph computes after its tree ensembles, as numbers stored in the model file. The
 * ONNX export builds these steps from standard operators; `evaluateHeads` repeats them in float32, in
 * the same order, so training and evaluation score exactly what serving will answer.
 */
export interface WithinTargetHead {
  /** The LFB target the probability is about (360 s). */
  readonly targetSeconds: number;
  /** Floor on p90 − eta when dividing by it: a zero spread would make the ratio meaningless. */
  readonly minSpreadSeconds: number;
  readonly intercept: number;
  /** Coefficient of (target − eta), seconds. */
  readonly perSecond: number;
  /** Coefficient of (target − eta) / max(p90 − eta, minSpread). */
  readonly perSpread: number;
}

export interface LateHead {
  /** Logistic calibration of the late model's score: σ(intercept + slope · score). */
  readonly intercept: number;
  readonly slope: number;
}

export interface HeadParams {
  readonly distanceFeature: number;
  readonly backbone: Backbone;
  /** Split-conformal offset added to the upper model (section 4 of docs/training.md). */
  readonly p90Offset: number;
  readonly withinTarget: WithinTargetHead;
  readonly late: LateHead;
}

export interface HeadOutputs {
  eta: number;
  p90: number;
  withinTarget: number;
  late: number;
}

const f = Math.fround;

/** Logistic function as onnxruntime's float Sigmoid computes it, to float32. */
export function sigmoid32(x: number): number {
  return f(x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
}

/**
 * The bound never sits below the estimate: a P90 under the ETA would say the engine is more likely
 * than not to beat its own estimate. The graph applies it (onnx/export.ts, `p90_not_below_eta`), and
 * so does every reader of its outputs that rounds or copies them.
 */
export function p90NotBelowEta(p90: number, eta: number): number {
  return Math.max(p90, eta);
}

/** The within-target probability from an estimate and its bound (the graph's steps after p90). */
export function withinTargetProbability(h: WithinTargetHead, eta: number, p90: number): number {
  const margin = f(h.targetSeconds - eta);
  const spread = Math.max(f(p90 - eta), h.minSpreadSeconds);
  const z = f(margin / spread);
  return sigmoid32(f(f(f(margin * h.perSecond) + f(z * h.perSpread)) + h.intercept));
}

export function lateProbability(h: LateHead, score: number): number {
  return sigmoid32(f(f(score * h.slope) + h.intercept));
}

/**
 * One row's outputs from its distance and the three ensembles' raw sums (`point`, `upper`, `late`:
 * each base score plus its trees, as the learner's predict returns them).
 */
export function evaluateHeads(
  h: HeadParams,
  distanceMetres: number,
  point: number,
  upper: number,
  late: number,
): HeadOutputs {
  const backbone = backboneSeconds(h.backbone, distanceMetres);
  const eta = f(backbone + f(point));
  const p90 = p90NotBelowEta(f(f(backbone + f(upper)) + h.p90Offset), eta);
  return {
    eta,
    p90,
    withinTarget: withinTargetProbability(h.withinTarget, eta, p90),
    late: lateProbability(h.late, late),
  };
}
