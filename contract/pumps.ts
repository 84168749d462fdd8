/**
 * How many pumps the incident will need, as the model file's pumps classifier answers it: a
 * distribution over 1, 2, 3, 4 and 5 or more pumps. A model file trained before the classifier
 * existed (or on data without pump counts) answers no distribution and says so.
 */

/** Classes in answer order: 1, 2, 3, 4, 5+ pumps. */
export const PUMP_COUNT_LABELS = ['1', '2', '3', '4', '5+'] as const;
/** "Four or more" is the count the answer's second half is about (a large incident). */
export const MANY_PUMPS = 4;

/**
 * The headline names one count only when it is clearly ahead: at least CLEAR_SHARE of the chance, or
 * at least CLEAR_LEAD times the runner-up's. Otherwise "the likeliest" would be a coin toss dressed as
 * a forecast: 38 % on 5+ with 2, 3 and 4 close behind is not "5+ pumps likely".
 */
export const CLEAR_SHARE = 0.5;
export const CLEAR_LEAD = 2;
/**
 * Otherwise the headline names the narrowest run of adjacent counts holding at least RANGE_SHARE of the
 * chance. Three adjacent classes always do: 1–3 and 3–5 together cover everything, so one of them
 * holds at least half.
 */
export const RANGE_SHARE = 0.5;
/**
 * A chance of 4 or more pumps from this share up is material to whoever sends the resources: when the
 * headline names fewer counts, the answer says it as a warning ("…, but 36 % chance of 4 or more") and
 * `fourOrMoreMaterial` is set, so a bimodal high-rise answer cannot read as a one-or-two-pump call.
 */
export const MATERIAL_FOUR_OR_MORE = 0.1;

/** The counts the headline names: `from`..`to` (1..5, 5 meaning 5 or more) and their chance together. */
export interface LikelyPumps {
  readonly from: number;
  readonly to: number;
  readonly probability: number;
}

export interface PumpsDistribution {
  readonly available: true;
  /** Probabilities of 1, 2, 3, 4 and 5+ pumps (sum 1, three decimals). */
  readonly probabilities: readonly number[];
  /** The most likely count, 1..5 (5 meaning 5 or more). */
  readonly mostLikely: number;
  /** What the headline names: one count when clearly ahead, else the likeliest run of counts. */
  readonly likely: LikelyPumps;
  /** Chance (0–1) of 4 or more pumps. */
  readonly fourOrMoreProbability: number;
  /**
   * The chance of 4 or more is at least MATERIAL_FOUR_OR_MORE while the headline names fewer pumps:
   * the big-fire tail the headline does not show, said with "but" and highlighted on the screen.
   */
  readonly fourOrMoreMaterial: boolean;
  /** One line, e.g. "2 pumps likely (62 %), 17 % chance of 4 or more". */
  readonly summary: string;
  /**
   * Said beside the line when the answer rests on less than the model learned from (the stop code not
   * known): it can understate a big attendance, and the dispatcher should know before acting on it.
   */
  readonly caveat?: string;
}

/** The caveat of a pumps answer given without a stop code. */
export const PUMPS_WITHOUT_STOP_CODE =
  'rough without a stop code (it can understate a big attendance): choose the stop code as soon as the ' +
  'caller says what is happening';

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

const sum = (p: readonly number[], from: number, to: number) => {
  let s = 0;
  for (let k = from - 1; k < to; k++) s += p[k] ?? 0;
  return s;
};

/** The count (or run of counts) the headline names, by the rule above. */
export function likelyPumps(probabilities: ArrayLike<number>): LikelyPumps {
  const p = Array.from(probabilities, (v) => (Number.isFinite(v) ? Math.max(0, v) : 0));
  let top = 0;
  for (let k = 1; k < p.length; k++) if (p[k]! > p[top]!) top = k;
  const runnerUp = Math.max(0, ...p.filter((_, k) => k !== top));
  const best = p[top]!;
  if (best >= CLEAR_SHARE || best >= CLEAR_LEAD * runnerUp) {
    return { from: top + 1, to: top + 1, probability: best };
  }
  for (let width = 2; width <= p.length; width++) {
    let chosen: LikelyPumps | null = null;
    for (let from = 1; from + width - 1 <= p.length; from++) {
      const to = from + width - 1;
      const mass = sum(p, from, to);
      const holdsTop = from <= top + 1 && top + 1 <= to;
      const chosenHoldsTop = chosen !== null && chosen.from <= top + 1 && top + 1 <= chosen.to;
      // More chance wins; on a tie the run holding the likeliest count, then the smaller counts.
      if (
        !chosen ||
        mass > chosen.probability ||
        (mass === chosen.probability && holdsTop && !chosenHoldsTop)
      )
        chosen = { from, to, probability: mass };
    }
    if (chosen && chosen.probability >= RANGE_SHARE) return chosen;
  }
  return { from: 1, to: p.length, probability: sum(p, 1, p.length) };
}

/** "2 pumps", "2 or 3 pumps", "2 to 4 pumps", "4 or more pumps" (the last class is open-ended). */
function countsText({ from, to }: LikelyPumps, classes: number): string {
  if (to >= classes) return from === 1 ? 'any number of pumps' : `${from} or more pumps`;
  if (from === to) return from === 1 ? '1 pump' : `${from} pumps`;
  return to === from + 1 ? `${from} or ${to} pumps` : `${from} to ${to} pumps`;
}

/** Whether the chance of 4 or more is a tail the headline leaves out (see MATERIAL_FOUR_OR_MORE). */
export function fourOrMoreIsMaterial(likely: LikelyPumps, fourOrMore: number): boolean {
  // Judged on the whole percent the text shows, so "10 %" is never said without its "but".
  return likely.to < MANY_PUMPS && Math.round(fourOrMore * 100) >= Math.round(MATERIAL_FOUR_OR_MORE * 100);
}

/**
 * The line the incident screen and `pump-eta predict` both print: what is likely, with its chance, then
 * always the chance of 4 or more (left out only when the headline already is "4 or more"), after a
 * "but" when it is a material tail the headline does not name.
 */
export function pumpsSummary(likely: LikelyPumps, fourOrMore: number): string {
  const head = `${countsText(likely, PUMP_COUNT_LABELS.length)} likely (${percent(likely.probability)})`;
  const saysFourOrMore = likely.from === MANY_PUMPS && likely.to >= PUMP_COUNT_LABELS.length;
  if (saysFourOrMore) return head;
  const but = fourOrMoreIsMaterial(likely, fourOrMore) ? 'but ' : '';
  return `${head}, ${but}${percent(fourOrMore)} chance of ${MANY_PUMPS} or more`;
}

/** The answer from the model's five probabilities (rounded to three decimals here). */
export function pumpsAnswer(probabilities: ArrayLike<number>): PumpsDistribution {
  const p = Array.from(probabilities, (v) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000);
  let arg = 0;
  for (let k = 1; k < p.length; k++) if (probabilities[k]! > probabilities[arg]!) arg = k;
  let many = 0;
  for (let k = MANY_PUMPS - 1; k < probabilities.length; k++) many += probabilities[k]!;
  const fourOrMoreProbability = Math.round(Math.min(1, many) * 1000) / 1000;
  const raw = likelyPumps(probabilities);
  const likely = { ...raw, probability: Math.round(Math.min(1, raw.probability) * 1000) / 1000 };
  return {
    available: true,
    probabilities: p,
    mostLikely: arg + 1,
    likely,
    fourOrMoreProbability,
    fourOrMoreMaterial: fourOrMoreIsMaterial(likely, fourOrMoreProbability),
    summary: pumpsSummary(likely, fourOrMoreProbability),
  };
}
