import type { IncidentInput, UnknownCategory } from '../../../contract/index.js';
import type { CategoricalFeature, FeatureSpec } from '../features/spec.js';
import { MISSING_KEY } from '../features/vocabulary.js';
import { CLOSED_CATEGORY_FIELDS, type CategoryFieldSpec } from './categories.js';
import { editDistance, looseKey, nearestNames, SUGGESTION_LIMIT } from '../util/fuzzy.js';
import { normaliseKey } from '../util/keys.js';

/**
 * A category value the model's vocabulary does not hold is encoded as the vocabulary's "other" code:
 * the estimate is then the one for the pooled rare categories, whatever was typed. That is a fair
 * answer for a genuinely new or rare category and a wrong one for a typing slip, so the answer says
 * which value it could not place and offers the nearest ones the model knows.
 */

const FIELDS: readonly CategoryFieldSpec[] = [
  ...CLOSED_CATEGORY_FIELDS,
  { field: 'propertyType', feature: 'property_type', label: 'property type', lfb: [] },
  { field: 'addressQualifier', feature: 'address_qualifier', label: 'address qualifier', lfb: [] },
];

/** A word this short ("-", "to", "of") says nothing about which category was meant. */
const MIN_WORD_LENGTH = 3;
/** Words this long may carry one slip ("ocupancy") and still count as the same word. */
const SLIP_WORD_LENGTH = 5;
const SAME_WORD = 1;
const RELATED_WORD = 0.5;

/** A vocabulary key ("HOUSE - SINGLE OCCUPANCY") as a person would type it ("House - single occupancy"). */
export function readableKey(key: string): string {
  const lower = key.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** The model's values for a feature, in the LFB's own spelling where it has one. */
function knownSpellings(spec: FeatureSpec, feature: CategoricalFeature, lfb: readonly string[]): string[] {
  const byKey = new Map(lfb.map((v) => [normaliseKey(v), v]));
  return Object.keys(spec.vocabularies[feature].codes)
    .filter((k) => k !== MISSING_KEY)
    .map((k) => byKey.get(k) ?? readableKey(k));
}

const words = (text: string) =>
  looseKey(text)
    .split(' ')
    .filter((w) => w.length >= MIN_WORD_LENGTH);

/** How much of the typed words a candidate shares: a word in full, or one that begins the other or is one slip away. */
function wordOverlap(typed: readonly string[], candidate: string): number {
  const theirs = words(candidate);
  let score = 0;
  for (const w of typed) {
    if (theirs.includes(w)) score += SAME_WORD;
    else if (
      theirs.some(
        (c) =>
          c.startsWith(w) ||
          w.startsWith(c) ||
          (Math.min(w.length, c.length) >= SLIP_WORD_LENGTH && editDistance(w, c) <= 1),
      )
    )
      score += RELATED_WORD;
  }
  return score;
}

/**
 * The known values nearest to what was typed: near spellings first ("Hous - single ocupancy"), then
 * values sharing its words ("Dwelling-house" → "House - single occupancy"), at most SUGGESTION_LIMIT.
 */
export function closestValues(raw: string, known: readonly string[], limit = SUGGESTION_LIMIT): string[] {
  const out = nearestNames(raw, known, limit);
  if (out.length >= limit) return out;
  const typed = words(raw);
  const byWords = known
    .filter((k) => !out.includes(k))
    .map((name) => ({ name, score: wordOverlap(typed, name) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.name.length - b.name.length || a.name.localeCompare(b.name));
  return [...out, ...byWords.slice(0, limit - out.length).map((s) => s.name)];
}

/** The sentence an answer carries for a value the model cannot place. */
export function unknownCategoryMessage(label: string, value: string): string {
  return `${label} '${value}' is not one the model knows: estimated as 'other'`;
}

/**
 * The call's category values (as checkCategories left them) the model's vocabularies do not hold,
 * each with its sentence and the nearest known values. Only what the call carries is looked at: a
 * field left out is the model's "(missing)", which it learned from.
 */
export function unknownCategories(spec: FeatureSpec, incident: IncidentInput): UnknownCategory[] {
  const out: UnknownCategory[] = [];
  for (const { field, feature, label, lfb } of FIELDS) {
    const value = incident[field];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const codes = spec.vocabularies[feature].codes;
    if (Object.hasOwn(codes, normaliseKey(value))) continue;
    out.push({
      field,
      value,
      message: unknownCategoryMessage(label, value),
      closest: closestValues(value, knownSpellings(spec, feature, lfb)),
    });
  }
  return out;
}

/**
 * Open fields (property type, address qualifier) typed with different punctuation or spacing than the
 * model's key ("house single occupancy") take the key's spelling, so they are not scored as "other".
 */
export function spellOpenCategories<T extends IncidentInput>(spec: FeatureSpec, incident: T): T {
  let out = incident;
  for (const [field, feature] of [
    ['propertyType', 'property_type'],
    ['addressQualifier', 'address_qualifier'],
  ] as const) {
    const value = incident[field];
    if (typeof value !== 'string') continue;
    const codes = spec.vocabularies[feature].codes;
    if (Object.hasOwn(codes, normaliseKey(value))) continue;
    const loose = looseKey(value);
    const match = Object.keys(codes).find((k) => k !== MISSING_KEY && looseKey(k) === loose);
    if (match) out = { ...out, [field]: match };
  }
  return out;
}
