import type { CategoryField, IncidentInput } from '../../../contract/index.js';
import type { CategoricalFeature, FeatureSpec } from '../features/spec.js';
import { MISSING_KEY } from '../features/vocabulary.js';
import { normaliseKey } from '../util/keys.js';
import { didYouMean, looseKey, nearestNames } from '../util/fuzzy.js';
import { InputError } from '../util/input-error.js';
import {
  LFB_INCIDENT_GROUPS,
  LFB_PROPERTY_CATEGORIES,
  LFB_STOP_CODE_GROUPS,
  LFB_STOP_CODES,
} from '../lfb/categories.js';

/**
 * The incident's category fields are closed LFB lists: a value the model has never seen is a typing
 * mistake far more often than a new category, and silently scoring it as "other" hides the mistake.
 * Property type stays open (hundreds of LFB types, many rare); an unseen one is scored as "other"
 * and the answer says so (unknown-categories.ts).
 */

/** An incident field the model reads as a category, and the LFB's list of its values (if closed). */
export interface CategoryFieldSpec {
  readonly field: CategoryField;
  readonly feature: CategoricalFeature;
  readonly label: string;
  readonly lfb: readonly string[];
}

/** The closed fields: a value outside the model's vocabulary is refused with the nearest ones. */
export const CLOSED_CATEGORY_FIELDS: readonly CategoryFieldSpec[] = [
  { field: 'incidentGroup', feature: 'incident_group', label: 'incident group', lfb: LFB_INCIDENT_GROUPS },
  { field: 'stopCode', feature: 'stop_code', label: 'stop code', lfb: LFB_STOP_CODES },
  {
    field: 'propertyCategory',
    feature: 'property_category',
    label: 'property category',
    lfb: LFB_PROPERTY_CATEGORIES,
  },
];

/** Per model: every answer checks its categories, and the lists never change for a model. */
const knownCache = new WeakMap<FeatureSpec, Map<CategoricalFeature, string[]>>();

/**
 * The values accepted for a category: the LFB's own list (a rare one the model pooled as "other" is
 * still a real answer) and whatever the model's vocabulary holds, spelt as the vocabulary spells them.
 */
export function knownValues(
  spec: FeatureSpec,
  feature: CategoricalFeature,
  lfb: readonly string[],
): string[] {
  let bySpec = knownCache.get(spec);
  if (!bySpec) knownCache.set(spec, (bySpec = new Map()));
  const cached = bySpec.get(feature);
  if (cached) return cached;
  const lfbKeys = new Set(lfb.map(normaliseKey));
  const fromModel = Object.keys(spec.vocabularies[feature].codes).filter(
    (k) => k !== MISSING_KEY && !lfbKeys.has(k),
  );
  // The LFB's spelling reads better than the vocabulary's upper-case key; both encode alike.
  const known = [...lfb, ...fromModel];
  bySpec.set(feature, known);
  return known;
}

/**
 * The incident with each category spelt as the model knows it (`non-residential` → `Non Residential`),
 * or an InputError naming the field, the nearest known values and the full list when it is short.
 */
export function checkCategories<T extends IncidentInput>(spec: FeatureSpec, incident: T): T {
  let out = incident;
  for (const { field, feature, label, lfb } of CLOSED_CATEGORY_FIELDS) {
    const raw = incident[field];
    if (typeof raw !== 'string') continue;
    const known = knownValues(spec, feature, lfb);
    const loose = looseKey(raw);
    const match =
      known.find((k) => normaliseKey(k) === normaliseKey(raw)) ?? known.find((k) => looseKey(k) === loose);
    if (match) {
      out = { ...out, [field]: match };
      continue;
    }
    const hint = didYouMean(nearestNames(raw, known));
    throw new InputError(
      field,
      `unknown ${label} '${raw}'${hint ? ` — ${hint} ` : '. '}Known values: ${[...known].sort().join(', ')}.`,
    );
  }
  return withIncidentGroup(out);
}

/**
 * Every record the model learnt from pairs a stop code with its incident group, so a stop code alone is
 * answered with its group filled in (left blank, the group would read as a call whose type is unknown,
 * which no record was); a group that contradicts the stop code is refused rather than guessed between.
 */
function withIncidentGroup<T extends IncidentInput>(incident: T): T {
  const stopCode = incident.stopCode;
  if (typeof stopCode !== 'string') return incident;
  const group = LFB_STOP_CODE_GROUPS[stopCode as keyof typeof LFB_STOP_CODE_GROUPS];
  if (!group) return incident;
  if (typeof incident.incidentGroup !== 'string') return { ...incident, incidentGroup: group };
  if (normaliseKey(incident.incidentGroup) === normaliseKey(group)) return incident;
  throw new InputError(
    'incidentGroup',
    `the stop code '${stopCode}' is a ${group} stop code, but the incident group given is ` +
      `'${incident.incidentGroup}': correct one of them (or leave the incident group blank).`,
  );
}
