import type { IncidentInput } from '../../../preload/contract.js';
import type { CategoricalFeature, FeatureSpec } from '../features/spec.js';
import { MISSING_KEY } from '../features/vocabulary.js';
import { normaliseKey } from '../util/keys.js';
import { didYouMean, looseKey, nearestNames } from '../util/fuzzy.js';
import { InputError } from './input-error.js';

/**
 * The incident's category fields are closed LFB lists: a value the model has never seen is a typing
 * mistake far more often than a new category, and silently scoring it as "other" hides the mistake.
 * Property type stays open (hundreds of LFB types, many rare); an unseen one is scored as "other".
 */
const CHECKED: readonly { field: keyof IncidentInput; feature: CategoricalFeature; label: string }[] = [
  { field: 'incidentGroup', feature: 'incident_group', label: 'incident group' },
  { field: 'stopCode', feature: 'stop_code', label: 'stop code' },
  { field: 'propertyCategory', feature: 'property_category', label: 'property category' },
];

/** The values a model knows for a category, as its vocabulary spells them. */
export function knownValues(spec: FeatureSpec, feature: CategoricalFeature): string[] {
  return Object.keys(spec.vocabularies[feature].codes).filter((k) => k !== MISSING_KEY);
}

/**
 * The incident with each category spelt as the model knows it (`non-residential` → `NON RESIDENTIAL`),
 * or an InputError naming the field, the nearest known values and the full list when it is short.
 */
export function checkCategories<T extends IncidentInput>(spec: FeatureSpec, incident: T): T {
  let out = incident;
  for (const { field, feature, label } of CHECKED) {
    const raw = incident[field];
    if (typeof raw !== 'string') continue;
    const known = knownValues(spec, feature);
    // A model trained without this field cannot check it; it scores every value alike.
    if (known.length === 0) continue;
    if (known.includes(normaliseKey(raw))) continue;
    const loose = looseKey(raw);
    const match = known.find((k) => looseKey(k) === loose);
    if (match) {
      out = { ...out, [field]: match };
      continue;
    }
    const hint = didYouMean(nearestNames(raw, known));
    throw new InputError(
      field,
      `unknown ${label} '${raw}'${hint ? ` — ${hint} ` : '. '}The model knows: ${[...known].sort().join(', ')}.`,
    );
  }
  return out;
}
