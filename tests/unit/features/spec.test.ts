import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CATEGORICAL_FEATURES,
  CATEGORICAL_INPUT,
  FEATURE_INDEX,
  FEATURE_NAMES,
  type CategoricalFeature,
  type FeatureName,
} from '../../../main/core/features/spec.js';

// A model file's input is this exact column order: changing it silently breaks every stored model.
const VECTOR_ORDER = [
  'distance_m',
  'incident_easting',
  'incident_northing',
  'station',
  'station_ground',
  'same_ground',
  'borough',
  'ward',
  'postcode_district',
  'property_category',
  'property_type',
  'incident_group',
  'stop_code',
  'special_service_type',
  'address_qualifier',
  'pump_order',
  'deployed_from_home',
  'hour',
  'weekday',
  'month',
  'bank_holiday',
  'school_holiday',
  'temperature_c',
  'precipitation_mm',
  'rain_mm',
  'snow_cm',
  'wind_kmh',
  'visibility_km',
];

describe('the feature list', () => {
  it('keeps the model input column order', () => {
    expect([...FEATURE_NAMES]).toEqual(VECTOR_ORDER);
    VECTOR_ORDER.forEach((name, i) => expect(FEATURE_INDEX[name as FeatureName]).toBe(i));
  });

  it('names the categorical features in vector order, each with the input field that feeds it', () => {
    expect([...CATEGORICAL_FEATURES]).toEqual([
      'station',
      'station_ground',
      'borough',
      'ward',
      'postcode_district',
      'property_category',
      'property_type',
      'incident_group',
      'stop_code',
      'special_service_type',
      'address_qualifier',
    ]);
    expect(CATEGORICAL_INPUT).toEqual({
      station: 'stationCode',
      station_ground: 'stationGround',
      borough: 'borough',
      ward: 'ward',
      postcode_district: 'postcodeDistrict',
      property_category: 'propertyCategory',
      property_type: 'propertyType',
      incident_group: 'incidentGroup',
      stop_code: 'stopCode',
      special_service_type: 'specialServiceType',
      address_qualifier: 'addressQualifier',
    });
  });

  it('keeps literal types: a tuple of names, categorical names a subset', () => {
    expectTypeOf(FEATURE_NAMES.length).toEqualTypeOf<28>();
    expectTypeOf<CategoricalFeature>().toExtend<FeatureName>();
    expectTypeOf<'same_ground'>().not.toExtend<CategoricalFeature>();
    expectTypeOf<'station'>().toExtend<CategoricalFeature>();
  });
});
