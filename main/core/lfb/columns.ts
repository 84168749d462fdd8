/**
 * The column layouts of the London Datastore's Incident and Mobilisation files and of a stations
 * list. Each field lists the header names it has been published under; the first is the name used in
 * messages. Headers are compared by `headerKey`, so case, spaces, punctuation, a `£` mangled by a
 * wrong encoding and pandas merge suffixes (`CalYear_x`) do not matter.
 */

export type LfbKind = 'incidents' | 'mobilisations' | 'stations';

export const INCIDENT_FIELDS = {
  incidentNumber: ['IncidentNumber'],
  dateOfCall: ['DateOfCall'],
  timeOfCall: ['TimeOfCall'],
  incidentGroup: ['IncidentGroup'],
  stopCode: ['StopCodeDescription'],
  specialServiceType: ['SpecialServiceType'],
  propertyCategory: ['PropertyCategory'],
  propertyType: ['PropertyType'],
  addressQualifier: ['AddressQualifier'],
  postcodeDistrict: ['Postcode_district'],
  postcodeFull: ['Postcode_full'],
  boroughCode: ['IncGeo_BoroughCode'],
  boroughName: ['IncGeo_BoroughName'],
  wardCode: ['IncGeo_WardCode'],
  wardName: ['IncGeo_WardName'],
  wardNameNew: ['IncGeo_WardNameNew'],
  eastingRounded: ['Easting_rounded'],
  northingRounded: ['Northing_rounded'],
  eastingM: ['Easting_m'],
  northingM: ['Northing_m'],
  latitude: ['Latitude'],
  longitude: ['Longitude'],
  stationGround: ['IncidentStationGround'],
  firstPumpSeconds: ['FirstPumpArriving_AttendanceTime'],
  firstPumpStation: ['FirstPumpArriving_DeployedFromStation'],
  secondPumpSeconds: ['SecondPumpArriving_AttendanceTime'],
  secondPumpStation: ['SecondPumpArriving_DeployedFromStation'],
  numStationsAttending: ['NumStationsWithPumpsAttending'],
  numPumpsAttending: ['NumPumpsAttending'],
  pumpCount: ['PumpCount'],
  pumpMinutes: ['PumpMinutesRounded'],
  // Older releases: hours rounded up, converted to minutes on import.
  pumpHours: ['PumpHoursRoundUp'],
  notionalCost: ['Notional Cost (£)', 'NotionalCost'],
  numCalls: ['NumCalls'],
} as const;

export const MOBILISATION_FIELDS = {
  incidentNumber: ['IncidentNumber'],
  resourceMobilisationId: ['ResourceMobilisationId'],
  resourceCode: ['Resource_Code'],
  performanceReporting: ['PerformanceReporting'],
  mobilisedAt: ['DateAndTimeMobilised'],
  mobileAt: ['DateAndTimeMobile'],
  arrivedAt: ['DateAndTimeArrived'],
  turnoutSeconds: ['TurnoutTimeSeconds'],
  travelSeconds: ['TravelTimeSeconds'],
  attendanceSeconds: ['AttendanceTimeSeconds'],
  leftAt: ['DateAndTimeLeft'],
  returnedAt: ['DateAndTimeReturned'],
  stationCode: ['DeployedFromStation_Code'],
  stationName: ['DeployedFromStation_Name'],
  deployedFromLocation: ['DeployedFromLocation'],
  pumpOrder: ['PumpOrder'],
  plusCode: ['PlusCode_Code'],
  plusCodeDescription: ['PlusCode_Description'],
  delayCodeId: ['DelayCodeId'],
  delayCodeDescription: ['DelayCode_Description'],
  boroughName: ['BoroughName'],
  wardName: ['WardName'],
} as const;

export const STATION_FIELDS = {
  name: ['name', 'Station', 'StationName', 'DeployedFromStation_Name'],
  code: ['callsign', 'code', 'StationCode', 'DeployedFromStation_Code'],
  borough: ['area', 'borough', 'BoroughName'],
  latitude: ['latitude', 'lat'],
  longitude: ['longitude', 'lon', 'lng', 'long'],
  easting: ['easting'],
  northing: ['northing'],
} as const;

export type IncidentField = keyof typeof INCIDENT_FIELDS;
export type MobilisationField = keyof typeof MOBILISATION_FIELDS;
export type StationField = keyof typeof STATION_FIELDS;

/** Field → index of its column in the row, or -1 when the file lacks it. */
export type ColumnMap<F extends string> = Readonly<Record<F, number>>;

/**
 * One requirement: any one alternative satisfies it, and an alternative needs all its fields
 * (stations need latitude+longitude or easting+northing).
 */
export type Requirement<F extends string> = readonly (readonly F[])[];

export interface KindSchema<F extends string> {
  readonly kind: LfbKind;
  /** As the Datastore names the record type, for messages. */
  readonly label: string;
  readonly fields: Readonly<Record<F, readonly string[]>>;
  readonly required: readonly Requirement<F>[];
  /** Fields that only this kind has: how a header row is recognised. */
  readonly signature: readonly F[];
}

export const INCIDENT_SCHEMA: KindSchema<IncidentField> = {
  kind: 'incidents',
  label: 'Incident',
  fields: INCIDENT_FIELDS,
  required: [[['incidentNumber']], [['dateOfCall']], [['timeOfCall']]],
  signature: [
    'dateOfCall',
    'timeOfCall',
    'incidentGroup',
    'stopCode',
    'propertyCategory',
    'propertyType',
    'stationGround',
    'firstPumpSeconds',
    'eastingRounded',
    'northingRounded',
  ],
};

export const MOBILISATION_SCHEMA: KindSchema<MobilisationField> = {
  kind: 'mobilisations',
  label: 'Mobilisation',
  fields: MOBILISATION_FIELDS,
  required: [[['incidentNumber']], [['mobilisedAt']], [['arrivedAt'], ['attendanceSeconds']]],
  signature: [
    'resourceMobilisationId',
    'resourceCode',
    'mobilisedAt',
    'arrivedAt',
    'attendanceSeconds',
    'turnoutSeconds',
    'stationCode',
    'pumpOrder',
  ],
};

export const STATION_SCHEMA: KindSchema<StationField> = {
  kind: 'stations',
  label: 'stations',
  fields: STATION_FIELDS,
  required: [
    [['name']],
    [['code']],
    [
      ['latitude', 'longitude'],
      ['easting', 'northing'],
    ],
  ],
  signature: ['name', 'code', 'latitude', 'longitude', 'easting', 'northing', 'borough'],
};

const MERGE_SUFFIX = /_[xy]$/i;
const NOT_ALPHANUMERIC = /[^a-z0-9]/g;

/** The comparable form of a header: `Notional Cost (£)` → `notionalcost`, `CalYear_x` → `calyear`. */
export function headerKey(raw: string): string {
  return raw.trim().replace(MERGE_SUFFIX, '').toLowerCase().replace(NOT_ALPHANUMERIC, '');
}

/** Maps each field to the first column whose header matches one of its names. */
export function mapColumns<F extends string>(
  schema: KindSchema<F>,
  headerKeys: readonly string[],
): Record<F, number> {
  const firstIndex = new Map<string, number>();
  headerKeys.forEach((key, i) => {
    if (key !== '' && !firstIndex.has(key)) firstIndex.set(key, i);
  });
  const map = {} as Record<F, number>;
  for (const field of Object.keys(schema.fields) as F[]) {
    map[field] = -1;
    for (const name of schema.fields[field]) {
      const i = firstIndex.get(headerKey(name));
      if (i !== undefined) {
        map[field] = i;
        break;
      }
    }
  }
  return map;
}

/** Requirements the header fails, each described with the Datastore's column names. */
export function missingRequirements<F extends string>(schema: KindSchema<F>, map: ColumnMap<F>): string[] {
  const missing: string[] = [];
  for (const requirement of schema.required) {
    const met = requirement.some((alternative) => alternative.every((f) => map[f] >= 0));
    if (!met) {
      missing.push(requirement.map((alt) => alt.map((f) => schema.fields[f][0]).join(' + ')).join(' or '));
    }
  }
  return missing;
}
