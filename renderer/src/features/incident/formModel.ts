/**
 * The incident form's state and how it becomes a predict request. Pure and unit-tested: what the
 * dispatcher typed is never silently dropped — an incomplete form says what is missing instead.
 */
import type { IncidentInput, PredictRequest, Suggestion } from '../../../../preload/contract';

export type LocationMode = 'place' | 'coordinates';

export interface IncidentForm {
  readonly locationMode: LocationMode;
  /** Text in the place box; `place` is set when a suggestion was picked for exactly this text. */
  readonly placeText: string;
  readonly place: Pick<Suggestion, 'kind' | 'value' | 'stationGround'> | null;
  readonly easting: string;
  readonly northing: string;
  /** Empty means "now" (the core's default). Otherwise a datetime-local value in the browser's zone. */
  readonly callTime: string;
  readonly incidentGroup: string;
  readonly stopCode: string;
  readonly propertyCategory: string;
  readonly propertyType: string;
  /** Station code, or null for the incident's station ground. */
  readonly station: string | null;
  readonly pumpOrder: number;
}

export const EMPTY_FORM: IncidentForm = {
  locationMode: 'place',
  placeText: '',
  place: null,
  easting: '',
  northing: '',
  callTime: '',
  incidentGroup: '',
  stopCode: '',
  propertyCategory: '',
  propertyType: '',
  station: null,
  pumpOrder: 1,
};

/** Outward code of a UK postcode (the LFB's Postcode_district), e.g. "SE1", "E14", "WC2N". */
const POSTCODE_DISTRICT = /^[A-Z]{1,2}\d[A-Z\d]?$/i;

export type BuiltRequest =
  | { readonly ok: true; readonly request: PredictRequest; readonly incident: IncidentInput }
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
  if (!text) return 'Enter a postcode district (e.g. SE1) or a ward, or switch to coordinates.';
  if (form.place && form.place.value.toLowerCase() === text.toLowerCase())
    return { kind: form.place.kind, value: form.place.value };
  // Typed without picking a suggestion: a postcode district is recognisable; anything else is tried as a
  // ward, and the core names the field if it does not know it.
  return POSTCODE_DISTRICT.test(text)
    ? { kind: 'postcodeDistrict', value: text.toUpperCase() }
    : { kind: 'ward', value: text };
}

function callTimeIso(value: string): string | undefined | null {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function buildRequest(form: IncidentForm): BuiltRequest {
  const where = location(form);
  if (typeof where === 'string') return { ok: false, missing: where };
  const callTime = callTimeIso(form.callTime);
  if (callTime === null) return { ok: false, missing: 'The call time is not a valid date and time.' };
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const incident: IncidentInput = {
    location: where,
    ...(callTime ? { callTime } : {}),
    ...(optional(form.incidentGroup) ? { incidentGroup: form.incidentGroup.trim() } : {}),
    ...(optional(form.stopCode) ? { stopCode: form.stopCode.trim() } : {}),
    ...(optional(form.propertyCategory) ? { propertyCategory: form.propertyCategory.trim() } : {}),
    ...(optional(form.propertyType) ? { propertyType: form.propertyType.trim() } : {}),
  };
  const request: PredictRequest = {
    ...incident,
    ...(form.station ? { station: form.station } : {}),
    pumpOrder: form.pumpOrder,
  };
  return { ok: true, request, incident };
}

/** A changed location puts the deploying station back to "the ground's station". */
export function withLocationChange(form: IncidentForm, change: Partial<IncidentForm>): IncidentForm {
  return { ...form, ...change, station: null };
}
