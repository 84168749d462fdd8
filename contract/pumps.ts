/**
 * How many pumps the incident will need, as the model file's pumps classifier answers it: a
 * distribution over 1, 2, 3, 4 and 5 or more pumps. A model file trained before the classifier
 * existed (or on data without pump counts) answers no distribution and says so.
 */

/** Classes in answer order: 1, 2, 3, 4, 5+ pumps. */
export const PUMP_COUNT_LABELS = ['1', '2', '3', '4', '5+'] as const;
/** "Four or more" is the count the answer's second half is about (a large incident). */
export const MANY_PUMPS = 4;

export interface PumpsDistribution {
  readonly available: true;
  /** Probabilities of 1, 2, 3, 4 and 5+ pumps (sum 1, three decimals). */
  readonly probabilities: readonly number[];
  /** The most likely count, 1..5 (5 meaning 5 or more). */
  readonly mostLikely: number;
  /** Chance (0–1) of 4 or more pumps. */
  readonly fourOrMoreProbability: number;
  /** One line, e.g. "2 pumps likely, 17 % chance of 4 or more". */
  readonly summary: string;
}

export interface PumpsUnavailable {
  readonly available: false;
  /** Why there is no distribution, in words. */
  readonly reason: string;
}

export type PumpsAnswer = PumpsDistribution | PumpsUnavailable;

export const PUMPS_UNAVAILABLE_REASON =
  'this model has no pumps-needed estimate (it was trained without recorded pump counts)';

/** Chances as every surface states them: whole percent, never 0 % or 100 % for a model's guess. */
function percent(p: number): string {
  const v = Math.round(p * 100);
  if (v <= 0) return 'under 1 %';
  if (v >= 100) return 'over 99 %';
  return `${v} %`;
}

/** The line the incident screen and `pump-eta predict` both print. */
export function pumpsSummary(mostLikely: number, fourOrMore: number): string {
  const label = PUMP_COUNT_LABELS[mostLikely - 1] ?? String(mostLikely);
  const noun = label === '1' ? 'pump' : 'pumps';
  return `${label} ${noun} likely, ${percent(fourOrMore)} chance of ${MANY_PUMPS} or more`;
}

/** The answer from the model's five probabilities (rounded to three decimals here). */
export function pumpsAnswer(probabilities: ArrayLike<number>): PumpsDistribution {
  const p = Array.from(probabilities, (v) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000);
  let arg = 0;
  for (let k = 1; k < p.length; k++) if (probabilities[k]! > probabilities[arg]!) arg = k;
  let many = 0;
  for (let k = MANY_PUMPS - 1; k < probabilities.length; k++) many += probabilities[k]!;
  const fourOrMoreProbability = Math.round(Math.min(1, many) * 1000) / 1000;
  return {
    available: true,
    probabilities: p,
    mostLikely: arg + 1,
    fourOrMoreProbability,
    summary: pumpsSummary(arg + 1, fourOrMoreProbability),
  };
}
