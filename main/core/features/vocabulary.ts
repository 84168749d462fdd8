import { normaliseKey } from '../util/keys.js';
import type { Vocabulary } from './spec.js';

/** The key of a blank or absent categorical value. Parenthesised so no real LFB value collides with it. */
export const MISSING_KEY = '(MISSING)';

/** Internal key of the pooled rare categories while ranking; never stored in a vocabulary. */
const OTHER_GROUP = Symbol('other');

export function categoryKey(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return MISSING_KEY;
  const key = normaliseKey(raw);
  return key === '' ? MISSING_KEY : key;
}

/** Collects per-category row counts and target sums over the training rows. */
export class VocabularyAccumulator {
  private readonly stats = new Map<string, { count: number; sum: number }>();
  private total = 0;
  private totalSum = 0;

  add(key: string, target: number): void {
    let s = this.stats.get(key);
    if (!s) {
      s = { count: 0, sum: 0 };
      this.stats.set(key, s);
    }
    s.count += 1;
    s.sum += target;
    this.total += 1;
    this.totalSum += target;
  }

  /**
   * Gives a blank value a code of its own where training saw it on fewer than `minCount` rows: `minCount`
   * pseudo-rows at the overall mean target, so it ranks among the average categories and never shares
   * the pooled rare ones' code (see BLANKABLE_FEATURES in fit.ts). The totals are left alone: the
   * prior and every other category's rank stay as the records give them.
   */
  reserveMissing(minCount: number): void {
    const seen = this.stats.get(MISSING_KEY);
    if (seen && seen.count >= minCount) return;
    const prior = this.total > 0 ? this.totalSum / this.total : 0;
    this.stats.set(MISSING_KEY, { count: minCount, sum: prior * minCount });
  }

  /**
   * Ranks the categories by their mean target shrunk towards the overall mean (`smoothing` pseudo-rows),
   * so a category seen 25 times with one outlier does not land at an extreme code. Ties break on the key,
   * so the same data always gives the same codes.
   */
  finish(minCount: number, smoothing: number): Vocabulary {
    const prior = this.total > 0 ? this.totalSum / this.total : 0;
    const groups: { key: string | typeof OTHER_GROUP; score: number }[] = [];
    let otherCount = 0;
    let otherSum = 0;
    for (const [key, s] of this.stats) {
      if (s.count >= minCount)
        groups.push({ key, score: (s.sum + prior * smoothing) / (s.count + smoothing) });
      else {
        otherCount += s.count;
        otherSum += s.sum;
      }
    }
    const otherScore = otherCount > 0 ? (otherSum + prior * smoothing) / (otherCount + smoothing) : prior;
    groups.push({ key: OTHER_GROUP, score: otherScore });
    groups.sort((a, b) => a.score - b.score || compareKeys(a.key, b.key));
    const codes: Record<string, number> = {};
    let otherCode = 0;
    groups.forEach((g, code) => {
      if (g.key === OTHER_GROUP) otherCode = code;
      else codes[g.key] = code;
    });
    return { codes, otherCode };
  }
}

function compareKeys(a: string | typeof OTHER_GROUP, b: string | typeof OTHER_GROUP): number {
  if (a === b) return 0;
  if (a === OTHER_GROUP) return -1;
  if (b === OTHER_GROUP) return 1;
  return a < b ? -1 : 1;
}
