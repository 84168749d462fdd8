import { cellKey, describeCell, type Row } from './cells.js';
import type { ColumnMap, IncidentField } from './columns.js';
import type { DateOrder, DateOrderLog } from './date-order.js';
import { LondonTimeReader } from './local-time.js';
import { Rejection } from './reasons.js';
import type { IncidentRow } from './rows.js';
import { storedPostcode } from '../util/postcode.js';
import { duration, optionalNumber, optionalText, rowIndexes, timeRejection } from './validate.js';

export interface NormaliseOptions {
  /** The workbook uses Excel's 1904 date system (old Mac files). */
  readonly date1904?: boolean;
  /** How `NN/NN/YYYY` dates are read (default day first, as the LFB writes them). */
  readonly dateOrder?: DateOrder;
  /** Counts the dates only one order can read, for deciding the file's order. */
  readonly dateOrders?: DateOrderLog;
}

const MINUTES_PER_HOUR = 60;

/** Builds the per-row function for one Incident file's columns. */
export function incidentNormaliser(
  columns: ColumnMap<IncidentField>,
  options: NormaliseOptions = {},
): (row: Row) => IncidentRow | Rejection {
  const c = rowIndexes(columns);
  const time = new LondonTimeReader(options.date1904, options.dateOrder, options.dateOrders);

  return (row) => {
    const incidentNumber = cellKey(row[c.incidentNumber]);
    if (incidentNumber === null) {
      return new Rejection('missing_incident_number', 'IncidentNumber is blank', '(blank)');
    }
    const status = time.readSplit(row[c.dateOfCall], row[c.timeOfCall]);
    if (status !== 'ok') {
      const value = `${describeCell(row[c.dateOfCall])} ${describeCell(row[c.timeOfCall])}`;
      return timeRejection(status, 'DateOfCall/TimeOfCall', value);
    }
    const first = duration(row[c.firstPumpSeconds], 'FirstPumpArriving_AttendanceTime');
    if (first instanceof Rejection) return first;
    const second = duration(row[c.secondPumpSeconds], 'SecondPumpArriving_AttendanceTime');
    if (second instanceof Rejection) return second;

    const pumpHours = optionalNumber(row[c.pumpHours]);
    const propertyCategory = optionalText(row[c.propertyCategory]);
    return {
      incident_number: incidentNumber,
      call_at: time.epochMs,
      call_date_local: time.localDate,
      hour_of_call: time.hour,
      incident_group: optionalText(row[c.incidentGroup]),
      stop_code: optionalText(row[c.stopCode]),
      special_service_type: optionalText(row[c.specialServiceType]),
      property_category: propertyCategory,
      property_type: optionalText(row[c.propertyType]),
      address_qualifier: optionalText(row[c.addressQualifier]),
      postcode_district: optionalText(row[c.postcodeDistrict]),
      postcode_full: storedPostcode(optionalText(row[c.postcodeFull]), propertyCategory),
      borough_code: optionalText(row[c.boroughCode]),
      borough_name: optionalText(row[c.boroughName]),
      ward_code: optionalText(row[c.wardCode]),
      ward_name: optionalText(row[c.wardName]) ?? optionalText(row[c.wardNameNew]),
      easting_rounded: optionalNumber(row[c.eastingRounded]),
      northing_rounded: optionalNumber(row[c.northingRounded]),
      easting_m: optionalNumber(row[c.eastingM]),
      northing_m: optionalNumber(row[c.northingM]),
      latitude: optionalNumber(row[c.latitude]),
      longitude: optionalNumber(row[c.longitude]),
      station_ground: optionalText(row[c.stationGround]),
      first_pump_seconds: first,
      first_pump_station: optionalText(row[c.firstPumpStation]),
      second_pump_seconds: second,
      second_pump_station: optionalText(row[c.secondPumpStation]),
      num_stations_attending: optionalNumber(row[c.numStationsAttending]),
      num_pumps_attending: optionalNumber(row[c.numPumpsAttending]),
      pump_count: optionalNumber(row[c.pumpCount]),
      pump_minutes:
        optionalNumber(row[c.pumpMinutes]) ?? (pumpHours === null ? null : pumpHours * MINUTES_PER_HOUR),
      notional_cost: optionalNumber(row[c.notionalCost]),
      num_calls: optionalNumber(row[c.numCalls]),
    };
  };
}
