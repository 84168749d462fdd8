import { describe, expect, it } from 'vitest';
import { canonicalPostcode, storedPostcode } from '../../../main/core/util/postcode.js';

describe('full postcodes', () => {
  it('have one spelling however they are cased and spaced', () => {
    for (const typed of ['SE1 7PB', 'se17pb', '  SE1   7PB ', 'Se1 7pB'])
      expect(canonicalPostcode(typed)).toBe('SE1 7PB');
    expect(canonicalPostcode('WC2N5DU')).toBe('WC2N 5DU');
    expect(canonicalPostcode('E14 0AA')).toBe('E14 0AA');
  });

  it('are not recognised in what is not shaped like one', () => {
    for (const text of ['SE1', 'SE1 7P', '7PB SE1', 'Waterloo & South Bank', ''])
      expect(canonicalPostcode(text)).toBeNull();
  });

  it('are never stored for a dwelling, and stored canonical (or as given) otherwise', () => {
    expect(storedPostcode('N1 9ZZ', 'Dwelling')).toBeNull();
    expect(storedPostcode('N1 9ZZ', ' DWELLING ')).toBeNull();
    expect(storedPostcode('n19zz', 'Non Residential')).toBe('N1 9ZZ');
    expect(storedPostcode('n19zz', null)).toBe('N1 9ZZ');
    expect(storedPostcode('unknown', 'Outdoor')).toBe('unknown');
    expect(storedPostcode(null, 'Outdoor')).toBeNull();
  });
});
