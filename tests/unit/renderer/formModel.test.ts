import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  EMPTY_FORM,
  withLocationChange,
  type IncidentForm,
} from '../../../renderer/src/features/incident/formModel';

const form = (patch: Partial<IncidentForm>): IncidentForm => ({ ...EMPTY_FORM, ...patch });

describe('buildRequest', () => {
  it('says what is missing instead of sending an empty location', () => {
    const built = buildRequest(EMPTY_FORM);
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.missing).toMatch(/postcode \(SE1 or SE1 7PB\)/);
  });

  it('uses the picked suggestion as is', () => {
    const built = buildRequest(
      form({ placeText: 'Millwall', place: { kind: 'ward', value: 'Millwall', stationGround: 'Millwall' } }),
    );
    expect(built).toMatchObject({ ok: true, incident: { location: { kind: 'ward', value: 'Millwall' } } });
  });

  it('recognises a typed postcode district and tries anything else as a ward', () => {
    expect(buildRequest(form({ placeText: ' se1 ' }))).toMatchObject({
      ok: true,
      incident: { location: { kind: 'postcodeDistrict', value: 'SE1' } },
    });
    expect(buildRequest(form({ placeText: 'Poplar' }))).toMatchObject({
      ok: true,
      incident: { location: { kind: 'ward', value: 'Poplar' } },
    });
  });

  it('ignores a suggestion picked for different text', () => {
    const built = buildRequest(
      form({ placeText: 'E14', place: { kind: 'ward', value: 'Millwall', stationGround: null } }),
    );
    expect(built).toMatchObject({
      ok: true,
      incident: { location: { kind: 'postcodeDistrict', value: 'E14' } },
    });
  });

  it('parses coordinates and refuses non-numbers', () => {
    expect(
      buildRequest(form({ locationMode: 'coordinates', easting: '531500', northing: '180000' })),
    ).toMatchObject({
      ok: true,
      incident: { location: { kind: 'coordinates', easting: 531500, northing: 180000 } },
    });
    const bad = buildRequest(form({ locationMode: 'coordinates', easting: 'abc', northing: '1' }));
    expect(bad.ok).toBe(false);
    expect(buildRequest(form({ locationMode: 'coordinates', easting: '531500' })).ok).toBe(false);
  });

  it('leaves the call time out for "now" and sends an ISO instant otherwise', () => {
    const now = buildRequest(form({ placeText: 'SE1' }));
    expect(now.ok && 'callTime' in now.request).toBe(false);
    const set = buildRequest(form({ placeText: 'SE1', callTime: '2023-03-19T14:11' }));
    // London wall-clock time, read by the core (not converted with the browser's zone).
    expect(set.ok && set.request.callTime).toBe('2023-03-19T14:11');
  });

  it('sends only the details that were given, plus station and pump order', () => {
    const built = buildRequest(
      form({
        placeText: 'SE1',
        incidentGroup: 'Fire',
        stopCode: 'Primary Fire',
        station: 'E31',
        pumpOrder: 2,
      }),
    );
    expect(built.ok && built.request).toEqual({
      location: { kind: 'postcodeDistrict', value: 'SE1' },
      incidentGroup: 'Fire',
      stopCode: 'Primary Fire',
      station: 'E31',
      pumpOrder: 2,
    });
    expect(built.ok && built.incident).not.toHaveProperty('station');
  });
});

describe('withLocationChange', () => {
  it('returns the deploying station to the new ground', () => {
    expect(withLocationChange(form({ station: 'E31' }), { placeText: 'SE1' })).toMatchObject({
      station: null,
      placeText: 'SE1',
    });
  });
});
