import { describe, expect, it } from 'vitest';
import { likelyPumps, pumpsAnswer } from '../../../contract/index.js';

/**
 * The pumps headline names one count only when it is clearly ahead (≥ 50 %, or twice the runner-up);
 * otherwise the narrowest run of adjacent counts holding at least half the chance.
 */
describe('pumps headline', () => {
  it('does not call a 38 % class likely when 2, 3 and 4 share the rest', () => {
    const a = pumpsAnswer([0.02, 0.2, 0.2, 0.2, 0.38]);
    expect(a.mostLikely).toBe(5);
    expect(a.likely).toEqual({ from: 4, to: 5, probability: 0.58 });
    // "4 or more" is the headline itself, so it is not repeated.
    expect(a.summary).toBe('4 or more pumps likely (58 %)');
  });

  it('names a run of two counts with its chance, and keeps the chance of 4 or more', () => {
    const a = pumpsAnswer([0.05, 0.4, 0.31, 0.14, 0.1]);
    expect(a.likely).toEqual({ from: 2, to: 3, probability: 0.71 });
    expect(a.summary).toBe('2 or 3 pumps likely (71 %), but 24 % chance of 4 or more');
    expect(a.fourOrMoreMaterial).toBe(true);
  });

  it('names one count at exactly half, or at exactly twice the runner-up', () => {
    expect(pumpsAnswer([0.1, 0.5, 0.3, 0.05, 0.05]).summary).toBe(
      '2 pumps likely (50 %), but 10 % chance of 4 or more',
    );
    // 40 % against 20 %: clearly ahead although under half.
    expect(likelyPumps([0.4, 0.2, 0.2, 0.1, 0.1])).toEqual({ from: 1, to: 1, probability: 0.4 });
    expect(pumpsAnswer([0.4, 0.2, 0.2, 0.1, 0.1]).summary).toBe(
      '1 pump likely (40 %), but 20 % chance of 4 or more',
    );
    // Just under twice the runner-up and under half: a run instead.
    const run = likelyPumps([0.39, 0.2, 0.2, 0.11, 0.1]);
    expect(run).toMatchObject({ from: 1, to: 2 });
    expect(run.probability).toBeCloseTo(0.59, 9);
  });

  it('widens to three counts when no two adjacent ones hold half', () => {
    // Pairs hold 30, 48, 48 and 42 %; 3, 4 and 5+ together 70 %.
    const a = pumpsAnswer([0.1, 0.2, 0.28, 0.2, 0.22]);
    expect(a.likely).toEqual({ from: 3, to: 5, probability: 0.7 });
    // The headline already names 4 and 5+: no "but".
    expect(a.summary).toBe('3 or more pumps likely (70 %), 42 % chance of 4 or more');
    expect(a.fourOrMoreMaterial).toBe(false);
    const middle = pumpsAnswer([0.2, 0.2, 0.2, 0.2, 0.2]);
    // Every pair holds 40 %: three counts, the smallest first on a tie.
    expect(middle.likely).toEqual({ from: 1, to: 3, probability: 0.6 });
    expect(middle.summary).toBe('1 to 3 pumps likely (60 %), but 40 % chance of 4 or more');
  });

  it('prefers, on a tie, the run that holds the likeliest count', () => {
    // 1+2 and 3+4 both hold 50 %; the likeliest count (1, 45 %) is in the first.
    expect(likelyPumps([0.45, 0.05, 0.25, 0.25, 0])).toEqual({ from: 1, to: 2, probability: 0.5 });
    // 2+3 and 4+5 both hold 50 %; the likeliest (5, 30 %) is in the second.
    expect(likelyPumps([0, 0.25, 0.25, 0.2, 0.3])).toEqual({ from: 4, to: 5, probability: 0.5 });
  });

  it('says "5 or more" for the open class and never 0 % or 100 %', () => {
    expect(pumpsAnswer([0, 0, 0, 0.004, 0.996]).summary).toBe(
      '5 or more pumps likely (over 99 %), over 99 % chance of 4 or more',
    );
    expect(pumpsAnswer([0.998, 0.002, 0, 0, 0]).summary).toBe(
      '1 pump likely (over 99 %), under 1 % chance of 4 or more',
    );
  });

  it('says a big-fire tail of 10 % or more with "but", beside a headline that names fewer pumps', () => {
    // The high-rise answer of a trial: 1 or 2 pumps at 59 %, 4 or more at 36 %.
    const tall = pumpsAnswer([0.3, 0.29, 0.05, 0.16, 0.2]);
    expect(tall.likely).toMatchObject({ from: 1, to: 2 });
    expect(tall.summary).toBe('1 or 2 pumps likely (59 %), but 36 % chance of 4 or more');
    expect(tall.fourOrMoreMaterial).toBe(true);
    // The bound is the shown whole percent: 9.9 % reads "10 %" and is a warning; 9.4 % is not.
    expect(pumpsAnswer([0.6, 0.3, 0.001, 0.05, 0.049]).summary).toBe(
      '1 pump likely (60 %), but 10 % chance of 4 or more',
    );
    const small = pumpsAnswer([0.6, 0.3, 0.006, 0.05, 0.044]);
    expect(small.summary).toBe('1 pump likely (60 %), 9 % chance of 4 or more');
    expect(small.fourOrMoreMaterial).toBe(false);
    expect(pumpsAnswer([0.7, 0.25, 0.02, 0.02, 0.01]).summary).toBe(
      '1 pump likely (70 %), 3 % chance of 4 or more',
    );
  });
});
