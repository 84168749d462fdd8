import { normaliseKey } from './keys.js';

/** A full UK postcode: outward code (the LFB's postcode district) then inward code, e.g. "SE1 7PB". */
export const FULL_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$/i;

/** The property category whose full postcodes the LFB withholds, and which we never store. */
export const DWELLING = 'DWELLING';

/**
 * One spelling of a full postcode, "SE1 7PB", however it was written ("se17pb", " SE1  7PB");
 * null when the text is not shaped like a full postcode.
 */
export function canonicalPostcode(raw: string): string | null {
  const m = FULL_POSTCODE.exec(normaliseKey(raw));
  return m ? `${m[1]!} ${m[2]!}` : null;
}

/**
 * The full postcode to store for an incident: none for a dwelling (the LFB leaves it blank there;
 * a file that did not is not passed on), the canonical spelling when it is shaped like one, else the
 * text as the file gave it.
 */
export function storedPostcode(raw: string | null, propertyCategory: string | null): string | null {
  if (raw === null) return null;
  if (propertyCategory !== null && normaliseKey(propertyCategory) === DWELLING) return null;
  return canonicalPostcode(raw) ?? raw;
}
