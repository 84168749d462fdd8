import { describe, expect, it } from 'vitest';
import { callTimeProblem } from '../../../contract/index.js';
import {
  buildRequest,
  CALL_TIME_OFFSETS,
  EMPTY_FORM,
  isAmbiguousCallTimeError,
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

  it('sends the chosen reading of the autumn hour that happens twice as a time with its offset', () => {
    const autumn = '2025-10-26T01:30';
    // The core's refusal of the bare time (main/core/calendar/callTime.ts; the e2e test uses the real one).
    const refusal =
      'callTime: 2025-10-26 01:30 happens twice in London: the clocks go back an hour that night. ' +
      'Say which: 2025-10-26T01:30+01:00 for the first (BST), 2025-10-26T01:30+00:00 for the second (GMT)';
    expect(isAmbiguousCallTimeError(refusal)).toBe(true);
    expect(isAmbiguousCallTimeError("location: unknown ward 'Atlantis'")).toBe(false);
    expect(isAmbiguousCallTimeError(null)).toBe(false);

    const first = buildRequest(
      form({ placeText: 'SE1', callTime: autumn, callTimeOffset: CALL_TIME_OFFSETS.bst }),
    );
    const second = buildRequest(
      form({ placeText: 'SE1', callTime: autumn, callTimeOffset: CALL_TIME_OFFSETS.gmt }),
    );
    expect(first.ok && first.request.callTime).toBe('2025-10-26T01:30+01:00');
    expect(second.ok && second.request.callTime).toBe('2025-10-26T01:30+00:00');
    // …which the contract accepts as a time with an offset.
    for (const built of [first, second])
      expect(built.ok && callTimeProblem(built.request.callTime!)).toBe('');
  });

  it('waits for a postcode being typed instead of trying it as a ward', () => {
    for (const typing of ['se', 'SE1 7', 'se1 7p', 'SE17P', 'E14 9']) {
      const built = buildRequest(form({ placeText: typing }));
      expect(built, typing).toMatchObject({
        ok: false,
        missing: expect.stringMatching(/Finish the postcode/),
      });
    }
    // Complete postcodes and districts, and ward names, still go to the core.
    expect(buildRequest(form({ placeText: 'se1 7pb' }))).toMatchObject({
      ok: true,
      incident: { location: { kind: 'postcodeDistrict', value: 'SE1 7PB' } },
    });
    expect(buildRequest(form({ placeText: 'SE17' }))).toMatchObject({
      ok: true,
      incident: { location: { kind: 'postcodeDistrict', value: 'SE17' } },
    });
    expect(buildRequest(form({ placeText: 'Bow' }))).toMatchObject({
      ok: true,
      incident: { location: { kind: 'ward', value: 'Bow' } },
    });
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
