import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, looseKey, nearestNames } from '../../../main/core/util/fuzzy.js';

describe('forgiving name matching', () => {
  it('ignores case, & versus and, punctuation and spacing', () => {
    expect(looseKey('Waterloo & South Bank')).toBe(looseKey('waterloo and south-bank'));
    expect(looseKey("St. Katharine's  and Wapping")).toBe('ST KATHARINES AND WAPPING');
    expect(looseKey('ST KATHARINES AND WAPPING')).toBe(looseKey("ST. KATHARINE'S & WAPPING"));
  });

  it('offers the parts of a postcode district before other districts that share its first characters', () => {
    expect(nearestNames('W1', ['W10', 'W11', 'W12', 'W1D', 'W1B', 'W1C'])).toEqual(['W1B', 'W1C', 'W1D']);
  });

  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('LAMBTH', 'LAMBETH')).toBe(1);
    expect(editDistance('LAMEBTH', 'LAMBETH')).toBe(1);
    expect(editDistance('SOHO', 'SOHO')).toBe(0);
    expect(editDistance('', 'ABC')).toBe(3);
  });

  it('offers the nearest names, closest first, and nothing when nothing is near', () => {
    const stations = ['Lambeth', 'Lewisham', 'Clapham', 'Soho', 'Southwark'];
    expect(nearestNames('Lambth', stations)).toEqual(['Lambeth']);
    expect(nearestNames('lamb', stations)[0]).toBe('Lambeth');
    expect(nearestNames('Zzzzzz', stations)).toEqual([]);
    expect(didYouMean(['A'])).toBe("did you mean 'A'?");
    expect(didYouMean(['A', 'B', 'C'])).toBe("did you mean 'A', 'B' or 'C'?");
    expect(didYouMean([])).toBe('');
  });
});
