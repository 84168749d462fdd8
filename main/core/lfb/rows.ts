/**
 * The database row shapes the normalisers produce, named as the columns of migration 001
 * (`import_id` is added by the writer).
 */

import type { LfbKind } from './columns.js';

export interface IncidentRow {
  incident_number: string;
  call_at: number;
  call_date_local: string;
  hour_of_call: number;
  incident_group: string | null;
  stop_code: string | null;
  special_service_type: string | null;
  property_category: string | null;
  property_type: string | null;
  address_qualifier: string | null;
  postcode_district: string | null;
  /** Blank for dwellings in LFB files, and never stored for one (migration 005). */
  postcode_full: string | null;
  borough_code: string | null;
  borough_name: string | null;
  ward_code: string | null;
  ward_name: string | null;
  easting_rounded: number | null;
  northing_rounded: number | null;
  easting_m: number | null;
  northing_m: number | null;
  latitude: number | null;
  longitude: number | null;
  station_ground: string | null;
  first_pump_seconds: number | null;
  first_pump_station: string | null;
  second_pump_seconds: number | null;
  second_pump_station: string | null;
  num_stations_attending: number | null;
  num_pumps_attending: number | null;
  pump_count: number | null;
  pump_minutes: number | null;
  notional_cost: number | null;
  num_calls: number | null;
}

export interface MobilisationRow {
  dedupe_key: string;
  incident_number: string;
  resource_mobilisation_id: string | null;
  resource_code: string | null;
  performance_reporting: string | null;
  mobilised_at: number;
  mobilised_date_local: string;
  mobilised_hour: number;
  mobile_at: number | null;
  arrived_at: number | null;
  turnout_seconds: number | null;
  travel_seconds: number | null;
  attendance_seconds: number | null;
  left_at: number | null;
  returned_at: number | null;
  station_code: string | null;
  station_name: string | null;
  deployed_from_location: string | null;
  pump_order: number | null;
  plus_code: string | null;
  plus_code_description: string | null;
  delay_code_id: string | null;
  delay_code_description: string | null;
  borough_name: string | null;
  ward_name: string | null;
}

export interface StationRow {
  code: string;
  name: string;
  borough: string | null;
  latitude: number | null;
  longitude: number | null;
  easting: number;
  northing: number;
}

export const INCIDENT_COLUMNS = [
  'incident_number',
  'call_at',
  'call_date_local',
  'hour_of_call',
  'incident_group',
  'stop_code',
  'special_service_type',
  'property_category',
  'property_type',
  'address_qualifier',
  'postcode_district',
  'borough_code',
  'borough_name',
  'ward_code',
  'ward_name',
  'easting_rounded',
  'northing_rounded',
  'easting_m',
  'northing_m',
  'latitude',
  'longitude',
  'station_ground',
  'first_pump_seconds',
  'first_pump_station',
  'second_pump_seconds',
  'second_pump_station',
  'num_stations_attending',
  'num_pumps_attending',
  'pump_count',
  'pump_minutes',
  'notional_cost',
  'num_calls',
  'postcode_full',
] as const satisfies readonly (keyof IncidentRow)[];

export const MOBILISATION_COLUMNS = [
  'dedupe_key',
  'incident_number',
  'resource_mobilisation_id',
  'resource_code',
  'performance_reporting',
  'mobilised_at',
  'mobilised_date_local',
  'mobilised_hour',
  'mobile_at',
  'arrived_at',
  'turnout_seconds',
  'travel_seconds',
  'attendance_seconds',
  'left_at',
  'returned_at',
  'station_code',
  'station_name',
  'deployed_from_location',
  'pump_order',
  'plus_code',
  'plus_code_description',
  'delay_code_id',
  'delay_code_description',
  'borough_name',
  'ward_name',
] as const satisfies readonly (keyof MobilisationRow)[];

export const STATION_COLUMNS = [
  'code',
  'name',
  'borough',
  'latitude',
  'longitude',
  'easting',
  'northing',
] as const satisfies readonly (keyof StationRow)[];

/** The stored columns of each kind's rows, in insert order. */
export function columnsOf(kind: LfbKind): readonly string[] {
  switch (kind) {
    case 'incidents':
      return INCIDENT_COLUMNS;
    case 'mobilisations':
      return MOBILISATION_COLUMNS;
    case 'stations':
      return STATION_COLUMNS;
  }
}
