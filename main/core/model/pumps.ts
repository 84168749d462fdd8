import { softmax32 } from '../gbdt/multiclass-model.js';

/** Classes of the pumps model: 1, 2, 3, 4 and 5 or more pumps. */
export const PUMP_CLASSES = 5;
/** Labels of the classes, in output order. */
export const PUMP_CLASS_LABELS = ['1', '2', '3', '4', '5+'] as const;

/**
 * What the graph does after the pumps ensemble: divides the five raw scores by a temperature fitted
 * on the calibration slice (1 = the trees' own probabilities), then a softmax. Stored in the model file.
 */
export interface PumpsHead {
  readonly temperature: number;
}

const f = Math.fround;

/**
 * The pumps probabilities from the five raw class scores, in float32 steps like the graph
 * (`Mul` by 1/T, then `Softmax`).
 */
export function pumpsProbabilities(head: PumpsHead, raw: ArrayLike<number>): Float32Array {
  const inv = f(1 / head.temperature);
  const scaled = Float32Array.from(raw as ArrayLike<number>, (v) => f(f(v) * inv));
  return softmax32(scaled);
}
