import { describe, expect, it } from 'vitest';
import {
  buildFeatureColumns,
  buildFeatureVector,
  FeatureInputError,
} from '../../../main/core/features/build.js';
import { fitFeatureSpec } from '../../../main/core/features/fit.js';
import { CallInputTable } from '../../../main/core/features/inputTable.js';
import { findStation, stationForGround } from '../../../main/core/places/stations.js';
import {
  CATEGORICAL_FEATURES,
  CATEGORICAL_INPUT,
  FEATURE_INDEX as F,
  FEATURE_NAMES,
  FEATURE_SPEC_VERSION,
  FeatureSpecError,
  parseFeatureSpec,
  type CallInput,
} from '../../../main/core/features/spec.js';
import { BASE, SCHOOL, STATIONS, syntheticRows } from './helpers.js';

const { inputs, target } = syntheticRows(3000);
const table = new CallInputTable();
for (const input of inputs) table.push(input);
const spec = fitFeatureSpec(table, target, { stations: STATIONS, schoolHolidays: SCHOOL, minCount: 20 });

const vector = (overrides: Partial<CallInput> = {}) => buildFeatureVector(spec, { ...BASE, ...overrides });

describe('feature spec', () => {
  it('lists the features in a fixed order and never a post-incident field', () => {
    expect(spec.features).toEqual(FEATURE_NAMES);
    const forbidden =
      /pump_?count|pump_?minutes|notional|num_?pumps|num_?stations|delay|turnout|travel|left|returned|arriv/i;
    for (const name of FEATURE_NAMES) expect(name).not.toMatch(forbidden);
  });

  it('ranks stations by their training mean, and maps grounds to stations by name', () => {
    const codes = spec.vocabularies.station.codes;
    expect(Object.keys(codes).sort()).toEqual(['A21', 'A23', 'H27']);
    expect(spec.groundToStation).toEqual({ PADDINGTON: 'A21', EUSTON: 'A23', BATTERSEA: 'H27' });
    // Each station says how much it was used and when last, so closed stations can be left off lists.
    expect(spec.stations.reduce((sum, s) => sum + (s.rows ?? 0), 0)).toBe(inputs.length);
    const latest = Math.max(...inputs.map((i) => i.callTime.getTime()));
    expect(Math.max(...spec.stations.map((s) => s.lastSeenAt ?? 0))).toBe(latest);
    // Camden's calls carry +60 s in the synthetic target: it must rank slowest of the boroughs.
    const boroughs = spec.vocabularies.borough.codes;
    expect(Math.max(...Object.values(boroughs))).toBe(boroughs.CAMDEN);
  });

  it('survives JSON, and a parsed copy builds identical vectors', () => {
    const copy = parseFeatureSpec(JSON.parse(JSON.stringify(spec)));
    expect(copy).toEqual(spec);
    for (const input of inputs.slice(0, 50)) {
      expect(buildFeatureVector(copy, input)).toEqual(buildFeatureVector(spec, input));
    }
  });

  it('refuses a spec from another feature version or with another column list', () => {
    expect(() => parseFeatureSpec({ ...spec, version: FEATURE_SPEC_VERSION + 1 })).toThrow(
      new RegExp(`version ${FEATURE_SPEC_VERSION + 1}; this build reads version ${FEATURE_SPEC_VERSION}`),
    );
    expect(() => parseFeatureSpec({ ...spec, features: [...spec.features].reverse() })).toThrow(
      /feature list .* differs/,
    );
    expect(() => parseFeatureSpec({ ...spec, stations: [] })).toThrow(FeatureSpecError);
  });

  it('finds stations by code or name, and the station of a ground', () => {
    expect(findStation(spec, 'a21')?.name).toBe('Paddington');
    expect(findStation(spec, ' euston ')?.code).toBe('A23');
    expect(findStation(spec, 'Nowhere')).toBeUndefined();
    expect(stationForGround(spec, 'BATTERSEA')?.code).toBe('H27');
  });
});

describe('buildFeatureVector', () => {
  it('measures the distance from the deploying station and keeps the location', () => {
    const v = vector({ easting: 526_141 + 3000, northing: 181_692 + 4000 });
    expect(v).toBeInstanceOf(Float32Array);
    expect(v).toHaveLength(FEATURE_NAMES.length);
    expect(v[F.distance_m]).toBe(5000);
    expect(v[F.incident_easting]).toBe(529_141);
    expect(v[F.incident_northing]).toBe(185_692);
  });

  it('reads time in Europe/London: summer time, weekday, month, bank and school holidays', () => {
    // 08:30 UTC on Monday 8 May 2023 (coronation bank holiday) is 09:30 BST.
    const bankHoliday = vector({ callTime: new Date('2023-05-08T08:30:00Z') });
    expect([bankHoliday[F.hour], bankHoliday[F.weekday], bankHoliday[F.month]]).toEqual([9, 1, 5]);
    expect(bankHoliday[F.bank_holiday]).toBe(1);
    expect(bankHoliday[F.school_holiday]).toBe(0);
    // 23:30 UTC on Sunday 30 July 2023 is already Monday 31 July in London, in the summer break.
    const summer = vector({ callTime: new Date('2023-07-30T23:30:00Z') });
    expect([summer[F.hour], summer[F.weekday], summer[F.month], summer[F.bank_holiday]]).toEqual([
      0, 1, 7, 0,
    ]);
    expect(summer[F.school_holiday]).toBe(1);
    // In winter London is on UTC.
    const winter = vector({ callTime: new Date('2023-12-25T14:00:00Z') });
    expect([winter[F.hour], winter[F.bank_holiday], winter[F.school_holiday]]).toEqual([14, 1, 1]);
    // Outside the calendar's span the school flag is unknown.
    expect(vector({ callTime: new Date('2030-03-01T12:00:00Z') })[F.school_holiday]).toBeNaN();
  });

  it('encodes categories case- and space-insensitively; unseen and missing values get the "other" code', () => {
    const v = vector({ borough: '  camden ' });
    expect(v[F.borough]).toBe(spec.vocabularies.borough.codes.CAMDEN);
    expect(vector({ borough: 'Atlantis' })[F.borough]).toBe(spec.vocabularies.borough.otherCode);
    // No training row lacked a borough, so "(missing)" is not a category of its own here.
    expect(vector({ borough: null })[F.borough]).toBe(spec.vocabularies.borough.otherCode);
    expect(vector({ borough: '' })[F.borough]).toBe(spec.vocabularies.borough.otherCode);
    // specialServiceType was always missing in training: missing is a category of its own.
    const sst = spec.vocabularies.special_service_type;
    expect(vector({ specialServiceType: undefined })[F.special_service_type]).toBe(sst.codes['(MISSING)']);
    expect(vector({ specialServiceType: 'RTC' })[F.special_service_type]).toBe(sst.otherCode);
    expect(vector({ stationCode: 'a23' })[F.station]).toBe(spec.vocabularies.station.codes.A23);
  });

  it('writes every categorical feature from its own input field', () => {
    for (const feature of CATEGORICAL_FEATURES) {
      const field = CATEGORICAL_INPUT[feature];
      const vocabulary = spec.vocabularies[feature];
      const known = Object.keys(vocabulary.codes).find((k) => k !== '(MISSING)');
      if (known === undefined) continue;
      // Lower-cased so the input still has to go through normalisation to match.
      const v = vector({ [field]: field === 'stationCode' ? known : known.toLowerCase() });
      expect(v[F[feature]], feature).toBe(vocabulary.codes[known]);
    }
  });

  it('flags the own ground, another ground and an unknown one', () => {
    expect(vector({ stationGround: 'PADDINGTON' })[F.same_ground]).toBe(1);
    expect(vector({ stationGround: 'Euston' })[F.same_ground]).toBe(0);
    expect(vector({ stationGround: 'Mars' })[F.same_ground]).toBeNaN();
    expect(vector({ stationGround: null })[F.same_ground]).toBeNaN();
  });

  it('passes pump order, home station and weather, NaN when unknown', () => {
    const v = vector({ pumpOrder: 3, deployedFromHome: false, temperatureC: 12.5, precipitationMm: 0.4 });
    expect([v[F.pump_order], v[F.deployed_from_home], v[F.temperature_c]]).toEqual([3, 0, 12.5]);
    expect(v[F.precipitation_mm]).toBeCloseTo(0.4, 6);
    const unknown = vector({ deployedFromHome: undefined, temperatureC: null, precipitationMm: NaN });
    expect(unknown[F.deployed_from_home]).toBeNaN();
    expect(unknown[F.temperature_c]).toBeNaN();
    expect(unknown[F.precipitation_mm]).toBeNaN();
    const wet = vector({ rainMm: 3.5, snowCm: 1, windKmh: 40, visibilityKm: 0.5 });
    expect([wet[F.rain_mm], wet[F.snow_cm], wet[F.wind_kmh], wet[F.visibility_km]]).toEqual([
      3.5, 1, 40, 0.5,
    ]);
    expect([unknown[F.rain_mm], unknown[F.snow_cm], unknown[F.wind_kmh], unknown[F.visibility_km]]).toEqual([
      NaN,
      NaN,
      NaN,
      NaN,
    ]);
  });

  it('rejects bad input with an error naming the field', () => {
    const fieldOf = (overrides: Partial<CallInput>): string | undefined => {
      try {
        vector(overrides);
      } catch (error) {
        expect(error).toBeInstanceOf(FeatureInputError);
        return (error as FeatureInputError).field;
      }
      return undefined;
    };
    expect(fieldOf({ stationCode: 'Z99' })).toBe('stationCode');
    expect(() => vector({ stationCode: 'Z99' })).toThrow('Unknown station "Z99".');
    expect(fieldOf({ easting: 651_409, northing: 313_177 })).toBe('easting');
    expect(() => vector({ easting: 400_000 })).toThrow(/outside Greater London/);
    expect(fieldOf({ northing: NaN })).toBe('northing');
    expect(fieldOf({ callTime: new Date('not a date') })).toBe('callTime');
    expect(fieldOf({ pumpOrder: 0 })).toBe('pumpOrder');
    expect(fieldOf({ pumpOrder: 1.5 })).toBe('pumpOrder');
    expect(fieldOf({})).toBeUndefined();
  });
});

describe('buildFeatureColumns', () => {
  it('writes column-major rows identical to the single-vector builder, from arrays and tables alike', () => {
    const fromArray = buildFeatureColumns(spec, inputs);
    const fromTable = buildFeatureColumns(spec, table);
    expect(fromArray).toHaveLength(FEATURE_NAMES.length);
    expect(fromTable).toEqual(fromArray);
    for (let i = 0; i < inputs.length; i += 7) {
      const single = buildFeatureVector(spec, inputs[i]!);
      const row = Float32Array.from(fromArray, (column) => column[i]!);
      expect(row, `row ${i}`).toEqual(single);
    }
  });

  it('round-trips every CallInput field through the columnar table', () => {
    for (let i = 0; i < 200; i++) {
      const stored = table.get(i);
      const original = inputs[i]!;
      for (const key of Object.keys(original) as (keyof CallInput)[]) {
        expect(stored[key] ?? null, `${i}.${key}`).toEqual(original[key] ?? null);
      }
    }
  });

  // A smoke check only: the machine is shared, so the real number comes from tests/bench/features.ts.
  it('featurises 100,000 rows without pathological slowness', () => {
    const many = syntheticRows(100_000, 11).inputs;
    const started = performance.now();
    const columns = buildFeatureColumns(spec, many);
    const ms = performance.now() - started;
    console.log(`featurised 100,000 rows in ${ms.toFixed(0)} ms`);
    expect(columns[0]).toHaveLength(100_000);
    expect(ms).toBeLessThan(10_000);
  });
});
