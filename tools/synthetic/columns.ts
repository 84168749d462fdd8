/**
 * The real files' column layouts, in order, with how each column's values are written. Names and order
 * are those of the London Datastore's Incident (39 columns) and Mobilisation (22 columns) files.
 *  - text: as is
 *  - int: `342`
 *  - float: a whole number written as a float, `416.0` (the published CSVs came through pandas)
 *  - coord: latitude/longitude, up to 10 decimals
 *  - date: Incident DateOfCall, `2023-03-19` in CSV, an Excel date cell in xlsx
 *  - datetime: Mobilisation times, `19/03/2023 14:11:51` in CSV, an Excel date-time cell in xlsx
 */
export type ColumnKind = 'text' | 'int' | 'float' | 'coord' | 'date' | 'datetime';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
}

const col = (name: string, kind: ColumnKind): ColumnSpec => ({ name, kind });

export const INCIDENT_COLUMNS: readonly ColumnSpec[] = [
  col('IncidentNumber', 'text'),
  col('DateOfCall', 'date'),
  col('CalYear', 'int'),
  col('TimeOfCall', 'text'),
  col('HourOfCall', 'int'),
  col('IncidentGroup', 'text'),
  col('StopCodeDescription', 'text'),
  col('SpecialServiceType', 'text'),
  col('PropertyCategory', 'text'),
  col('PropertyType', 'text'),
  col('AddressQualifier', 'text'),
  col('Postcode_full', 'text'),
  col('Postcode_district', 'text'),
  col('UPRN', 'int'),
  col('USRN', 'int'),
  col('IncGeo_BoroughCode', 'text'),
  col('IncGeo_BoroughName', 'text'),
  col('ProperCase', 'text'),
  col('IncGeo_WardCode', 'text'),
  col('IncGeo_WardName', 'text'),
  col('IncGeo_WardNameNew', 'text'),
  col('Easting_m', 'float'),
  col('Northing_m', 'float'),
  col('Easting_rounded', 'int'),
  col('Northing_rounded', 'int'),
  col('Latitude', 'coord'),
  col('Longitude', 'coord'),
  col('FRS', 'text'),
  col('IncidentStationGround', 'text'),
  col('FirstPumpArriving_AttendanceTime', 'float'),
  col('FirstPumpArriving_DeployedFromStation', 'text'),
  col('SecondPumpArriving_AttendanceTime', 'float'),
  col('SecondPumpArriving_DeployedFromStation', 'text'),
  col('NumStationsWithPumpsAttending', 'float'),
  col('NumPumpsAttending', 'float'),
  col('PumpCount', 'int'),
  col('PumpMinutesRounded', 'int'),
  col('Notional Cost (£)', 'int'),
  col('NumCalls', 'float'),
];

export const MOBILISATION_COLUMNS: readonly ColumnSpec[] = [
  col('IncidentNumber', 'text'),
  col('CalYear', 'int'),
  col('HourOfCall', 'int'),
  col('ResourceMobilisationId', 'int'),
  col('Resource_Code', 'text'),
  col('PerformanceReporting', 'int'),
  col('DateAndTimeMobilised', 'datetime'),
  col('DateAndTimeMobile', 'datetime'),
  col('DateAndTimeArrived', 'datetime'),
  col('TurnoutTimeSeconds', 'float'),
  col('TravelTimeSeconds', 'float'),
  col('AttendanceTimeSeconds', 'int'),
  col('DateAndTimeLeft', 'datetime'),
  col('DateAndTimeReturned', 'datetime'),
  col('DeployedFromStation_Code', 'text'),
  col('DeployedFromStation_Name', 'text'),
  col('DeployedFromLocation', 'text'),
  col('PumpOrder', 'int'),
  col('PlusCode_Code', 'text'),
  col('PlusCode_Description', 'text'),
  col('DelayCodeId', 'float'),
  col('DelayCode_Description', 'text'),
];

export const STATION_COLUMNS: readonly ColumnSpec[] = [
  col('name', 'text'),
  col('code', 'text'),
  col('borough', 'text'),
  col('easting', 'int'),
  col('northing', 'int'),
  col('latitude', 'coord'),
  col('longitude', 'coord'),
];

/** A cell before formatting: date kinds hold London wall-clock milliseconds (see time.ts). */
export type Cell = string | number | null;
