/**
 * The physical backbone every estimate stands on, as a model file stores it: a turnout plus the
 * straight-line distance at a pace. Fitted by training (training/backbone.ts); computed here the way the
 * ONNX graph computes it, so training, evaluation and serving agree to the last float32 bit.
 */
export interface Backbone {
  /** Seconds at zero distance (float32, as the ONNX graph stores it). */
  readonly turnoutSeconds: number;
  /** Seconds per metre of straight-line distance (float32). */
  readonly secondsPerMetre: number;
}

/** The backbone's value, in float32 steps exactly as the graph's Mul then Add compute it. */
export function backboneSeconds(b: Backbone, distanceMetres: number): number {
  return Math.fround(Math.fround(Math.fround(distanceMetres) * b.secondsPerMetre) + b.turnoutSeconds);
}
