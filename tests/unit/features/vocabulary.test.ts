import { describe, expect, it } from 'vitest';
import { categoryKey, MISSING_KEY, VocabularyAccumulator } from '../../../main/core/features/vocabulary.js';

function fill(acc: VocabularyAccumulator, key: string, n: number, target: number): void {
  for (let i = 0; i < n; i++) acc.add(key, target);
}

describe('categorical vocabulary', () => {
  it('ranks categories by mean target, with rare ones pooled into "other"', () => {
    const acc = new VocabularyAccumulator();
    fill(acc, 'A', 50, 100);
    fill(acc, 'B', 50, 300);
    fill(acc, 'C', 50, 200);
    fill(acc, 'RARE1', 2, 1000);
    fill(acc, 'RARE2', 3, 900);
    const v = acc.finish(5, 0);
    expect(v).toEqual({ codes: { A: 0, C: 1, B: 2 }, otherCode: 3 });
  });

  it('reserves a blank its own code at the overall mean, apart from the pooled rare values', () => {
    const acc = new VocabularyAccumulator();
    fill(acc, 'FAST', 30, 100);
    fill(acc, 'SLOW', 30, 500);
    fill(acc, 'RARE', 2, 1000);
    acc.reserveMissing(5);
    const v = acc.finish(5, 0);
    // Overall mean 323: the blank ranks between FAST and SLOW, the rare pool (1000) above SLOW.
    expect(v).toEqual({ codes: { FAST: 0, [MISSING_KEY]: 1, SLOW: 2 }, otherCode: 3 });
    // A blank seen often enough keeps its own statistics.
    const seen = new VocabularyAccumulator();
    fill(seen, 'FAST', 30, 100);
    fill(seen, MISSING_KEY, 30, 900);
    seen.reserveMissing(5);
    expect(seen.finish(5, 0).codes[MISSING_KEY]).toBe(2);
  });

  it('places "other" at the overall mean when nothing was rare, so unseen values sit in the middle', () => {
    const acc = new VocabularyAccumulator();
    fill(acc, 'FAST', 30, 100);
    fill(acc, 'SLOW', 30, 500);
    expect(acc.finish(5, 0)).toEqual({ codes: { FAST: 0, SLOW: 2 }, otherCode: 1 });
  });

  it('shrinks small categories towards the overall mean before ranking', () => {
    const acc = new VocabularyAccumulator();
    fill(acc, 'BIG', 1000, 300);
    fill(acc, 'SMALL', 5, 350); // raw mean above BIG, but only 5 rows
    fill(acc, 'LOW', 1000, 100);
    expect(acc.finish(5, 0)).toEqual({ codes: { LOW: 0, BIG: 2, SMALL: 3 }, otherCode: 1 });
    // With 20 pseudo-rows at the overall mean (~200), SMALL's score is ~230 < BIG's 300.
    expect(acc.finish(5, 20)).toEqual({ codes: { LOW: 0, SMALL: 2, BIG: 3 }, otherCode: 1 });
  });

  it('breaks ties on the key, whatever the insertion order', () => {
    const a = new VocabularyAccumulator();
    const b = new VocabularyAccumulator();
    fill(a, 'X', 10, 200);
    fill(a, 'Y', 10, 200);
    fill(b, 'Y', 10, 200);
    fill(b, 'X', 10, 200);
    expect(a.finish(1, 0)).toEqual(b.finish(1, 0));
  });

  it('normalises spelling and treats blank as the "(missing)" category', () => {
    expect(categoryKey('  Purpose Built  Flats ')).toBe('PURPOSE BUILT FLATS');
    expect(categoryKey('')).toBe(MISSING_KEY);
    expect(categoryKey('   ')).toBe(MISSING_KEY);
    expect(categoryKey(null)).toBe(MISSING_KEY);
    expect(categoryKey(undefined)).toBe(MISSING_KEY);
  });
});
