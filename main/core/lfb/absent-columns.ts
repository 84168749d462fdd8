import type { ColumnMap, IncidentField, MobilisationField, StationField } from './columns.js';
import type { DetectedHeader } from './detect.js';

/**
 * The stored columns a file cannot speak for, decided once per file from its header: a column absent
 * from the file (renamed in a spreadsheet, or missing from an older release) reads as blank in every
 * row, and a blank must never overwrite a stored value. The writer keeps the stored value of these
 * columns when a record is re-imported and does not compare them, so such rows stay "unchanged".
 * Columns computed from the required ones (the key, the time of call or of mobilisation) are always
 * present and are not listed.
 */

/** Stored column ← the file fields any one of which fills it. */
type Sources<F extends string> = Readonly<Record<string, readonly F[]>>;

const INCIDENT_SOURCES: Sources<IncidentField> = {
  incident_group: ['incidentGroup'],
  stop_code: ['stopCode'],
  special_service_type: ['specialServiceType'],
  property_category: ['propertyCategory'],
  property_type: ['propertyType'],
  address_qualifier: ['addressQualifier'],
  postcode_district: ['postcodeDistrict'],
  postcode_full: ['postcodeFull'],
  borough_code: ['boroughCode'],
  borough_name: ['boroughName'],
  ward_code: ['wardCode'],
  ward_name: ['wardName', 'wardNameNew'],
  easting_rounded: ['eastingRounded'],
  northing_rounded: ['northingRounded'],
  easting_m: ['eastingM'],
  northing_m: ['northingM'],
  latitude: ['latitude'],
  longitude: ['longitude'],
  station_ground: ['stationGround'],
  first_pump_seconds: ['firstPumpSeconds'],
  first_pump_station: ['firstPumpStation'],
  second_pump_seconds: ['secondPumpSeconds'],
  second_pump_station: ['secondPumpStation'],
  num_stations_attending: ['numStationsAttending'],
  num_pumps_attending: ['numPumpsAttending'],
  pump_count: ['pumpCount'],
  pump_minutes: ['pumpMinutes', 'pumpHours'],
  notional_cost: ['notionalCost'],
  num_calls: ['numCalls'],
};

const MOBILISATION_SOURCES: Sources<MobilisationField> = {
  resource_code: ['resourceCode'],
  performance_reporting: ['performanceReporting'],
  mobile_at: ['mobileAt'],
  arrived_at: ['arrivedAt'],
  turnout_seconds: ['turnoutSeconds'],
  travel_seconds: ['travelSeconds'],
  // Computed from the arrival time when the file has no attendance column.
  attendance_seconds: ['attendanceSeconds', 'arrivedAt'],
  left_at: ['leftAt'],
  returned_at: ['returnedAt'],
  station_code: ['stationCode'],
  station_name: ['stationName'],
  deployed_from_location: ['deployedFromLocation'],
  pump_order: ['pumpOrder'],
  plus_code: ['plusCode'],
  plus_code_description: ['plusCodeDescription'],
  delay_code_id: ['delayCodeId'],
  delay_code_description: ['delayCodeDescription'],
  borough_name: ['boroughName'],
  ward_name: ['wardName'],
};

const STATION_SOURCES: Sources<StationField> = {
  borough: ['borough'],
  // Easting/northing are computed from latitude/longitude when absent, so they are always present.
  latitude: ['latitude'],
  longitude: ['longitude'],
};

function absent<F extends string>(map: ColumnMap<F>, sources: Sources<F>): string[] {
  return Object.entries(sources)
    .filter(([, fields]) => fields.every((f) => map[f] < 0))
    .map(([column]) => column);
}

/** The stored columns this file has no column for (see above). */
export function absentStoredColumns(header: DetectedHeader): string[] {
  switch (header.kind) {
    case 'incidents':
      return absent(header.columns, INCIDENT_SOURCES);
    case 'mobilisations':
      return absent(header.columns, MOBILISATION_SOURCES);
    case 'stations':
      return absent(header.columns, STATION_SOURCES);
  }
}

/** For tests: every stored column named above, per kind. */
export const ABSENT_COLUMN_SOURCES = {
  incidents: INCIDENT_SOURCES,
  mobilisations: MOBILISATION_SOURCES,
  stations: STATION_SOURCES,
} as const;
