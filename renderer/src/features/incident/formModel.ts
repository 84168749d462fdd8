/**
 * The incident form's state and how it becomes a predict request. Pure and unit-tested: what the
 * dispatcher typed is never silently dropped — an incomplete form says what is missing instead.
 */
import type {
  IncidentInput,
  PredictRequest,
  RankRequest,
  Suggestion,
  WeatherPreset,
} from '../../../../contract/index.js';

export type LocationMode = 'place' | 'coordinates';

export interface IncidentForm {
  readonly locationMode: LocationMode;
  /** Text in the place box; `place` is set when a suggestion was picked for exactly this text. */
  readonly placeText: string;
  readonly place: Pick<Suggestion, 'kind' | 'value' | 'stationGround'> | null;
  readonly easting: string;
  readonly northing: string;
  /**
   * Empty means "now" (the core's default). Otherwise a datetime-local value (`2025-03-14T17:30`),
   * which the core reads as London wall-clock time whatever zone this computer is set to.
   */
  readonly callTime: string;
  /**
   * Which of the two 01:00–01:59 hours of the autumn clock change `callTime` means, as its UTC offset;
   * empty otherwise. The datetime-local picker cannot hold an offset, so the form keeps it beside it.
   */
  readonly callTimeOffset: CallTimeOffset;
  /** Something is typed in the call time that is not yet a whole date and time: never read as "now". */
  readonly callTimeIncomplete: boolean;
  readonly incidentGroup: string;
  readonly stopCode: string;
  readonly propertyCategory: string;
  readonly propertyType: string;
  /** Station code, or null for the incident's station ground. */
  readonly station: string | null;
  readonly pumpOrder: number;
  /** The weather the dispatcher chose; empty: the imported weather of the call's hour. */
  readonly weather: WeatherPreset | '';
}

/** London's two offsets: the first 01:xx of the autumn change is BST (+01:00), the second GMT (+00:00). */
export const CALL_TIME_OFFSETS = {
  bst: '+01:00',
  gmt: '+00:00',
} as const;
export type CallTimeOffset = '' | (typeof CALL_TIME_OFFSETS)[keyof typeof CALL_TIME_OFFSETS];

/**
 * The core's answer when a London time happens twice (the autumn clock change): it names both readings,
 * `…+01:00 for the first (BST), …+00:00 for the second (GMT)`.
 */
const AMBIGUOUS_CALL_TIME =
  /happens twice in London[\s\S]*\+01:00 for the first \(BST\)[\s\S]*\+00:00 for the second \(GMT\)/;

export function isAmbiguousCallTimeError(error: string | null): boolean {
  return error !== null && AMBIGUOUS_CALL_TIME.test(error);
}

export const EMPTY_FORM: IncidentForm = {
  locationMode: 'place',
  placeText: '',
  place: null,
  easting: '',
  northing: '',
  callTime: '',
  callTimeOffset: '',
  callTimeIncomplete: false,
  incidentGroup: '',
  stopCode: '',
  propertyCategory: '',
  propertyType: '',
  station: null,
  pumpOrder: 1,
  weather: '',
};

/** Outward code of a UK postcode (the LFB's Postcode_district), e.g. "SE1", "E14", "WC2N". */
const POSTCODE_DISTRICT = /^[A-Z]{1,2}\d[A-Z\d]?$/i;
/** A full postcode, e.g. "SE1 7PB": the core places it exactly where the history knows it, else at its district, and says which. */
const FULL_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;

/**
 * Text on its way to being a postcode that is neither a district nor a full postcode yet: one or two
 * letters ("SE"), or a district with part of the inward code ("SE1 7", "SE1 7P"). No ward is named like
 * this, so asking the core would only flash "unknown ward" while the dispatcher is still typing.
 */
const POSTCODE_IN_PROGRESS = /^(?:[A-Z]{1,2}|[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]?|[A-Z]{1,2}\d[A-Z\d]?\d[A-Z])$/i;

export type BuiltRequest =
  | { readonly ok: true; readonly request: PredictRequest; readonly incident: RankRequest }
  | { readonly ok: false; readonly missing: string };

function location(form: IncidentForm): IncidentInput['location'] | string {
  if (form.locationMode === 'coordinates') {
    const easting = form.easting.trim();
    const northing = form.northing.trim();
    if (!easting || !northing) return 'Enter both easting and northing (British National Grid, metres).';
    const e = Number(easting);
    const n = Number(northing);
    if (!Number.isFinite(e) || !Number.isFinite(n))
      return 'Easting and northing must be numbers, e.g. 530000 and 180000.';
    return { kind: 'coordinates', easting: e, northing: n };
  }
  const text = form.placeText.trim();
  if (!text) return 'Enter a postcode (SE1 or SE1 7PB) or a ward, or switch to coordinates.';
  if (form.place && form.place.value.toLowerCase() === text.toLowerCase())
    return { kind: form.place.kind, value: form.place.value };
  if (POSTCODE_IN_PROGRESS.test(text) && !POSTCODE_DISTRICT.test(text))
    return 'Finish the postcode (SE1 or SE1 7PB) or pick a suggestion.';
  // Typed without picking a suggestion: a postcode district is recognisable; anything else is tried as a
  // ward, and the core names the field if it does not know it.
  return POSTCODE_DISTRICT.test(text) || FULL_POSTCODE.test(text)
    ? { kind: 'postcodeDistrict', value: text.toUpperCase() }
    : { kind: 'ward', value: text };
}

/** A datetime-local value: date, hours and minutes, optionally seconds. */
const DATETIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$/;

/**
 * Sent as typed: London wall-clock time, as the CLI reads `--time`. Converting it here with the
 * browser's zone would put a workstation set to UTC an hour out all summer.
 */
function callTimeText(value: string, offset: CallTimeOffset): string | undefined | null {
  if (!value) return undefined;
  if (!DATETIME_LOCAL.test(value)) return null;
  // With an offset the core reads the instant as given, which settles the autumn hour that happens twice.
  return `${value}${offset}`;
}

export function buildRequest(form: IncidentForm): BuiltRequest {
  const where = location(form);
  if (typeof where === 'string') return { ok: false, missing: where };
  if (form.callTimeIncomplete) {
    return {
      ok: false,
      missing: 'The call time is incomplete: finish the date and time, or press Now for the current time.',
    };
  }
  const callTime = callTimeText(form.callTime, form.callTimeOffset);
  if (callTime === null) return { ok: false, missing: 'The call time is not a valid date and time.' };
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const incident: IncidentInput = {
    location: where,
    ...(callTime ? { callTime } : {}),
    ...(optional(form.incidentGroup) ? { incidentGroup: form.incidentGroup.trim() } : {}),
    ...(optional(form.stopCode) ? { stopCode: form.stopCode.trim() } : {}),
    ...(optional(form.propertyCategory) ? { propertyCategory: form.propertyCategory.trim() } : {}),
    ...(optional(form.propertyType) ? { propertyType: form.propertyType.trim() } : {}),
    ...(form.weather ? { weather: { preset: form.weather } } : {}),
  };
  const request: PredictRequest = {
    ...incident,
    ...(form.station ? { station: form.station } : {}),
    pumpOrder: form.pumpOrder,
  };
  // The ranking is for the same pump: a second pump's ETAs are a second pump's.
  return { ok: true, request, incident: { ...incident, pumpOrder: form.pumpOrder } };
}

/** A changed location puts the deploying station back to "the ground's station". */
export function withLocationChange(form: IncidentForm, change: Partial<IncidentForm>): IncidentForm {
  return { ...form, ...change, station: null };
}
