import { createHash } from 'node:crypto';
import { cellKey, cellText, describeCell, type Cell, type Row } from './cells.js';
import type { ColumnMap, MobilisationField } from './columns.js';
import type { NormaliseOptions } from './incidents.js';
import { LondonTimeReader } from './local-time.js';
import { Rejection } from './reasons.js';
import { MOBILISATION_COLUMNS, type MobilisationRow } from './rows.js';
import {
  duration,
  MAX_DURATION_SECONDS,
  optionalInteger,
  optionalText,
  rowIndexes,
  timeRejection,
} from './validate.js';

const EXCEL_1900_DATE_TEXT = /^1900-01-0([12])(?:[ T]00:00(?::00(?:\.0+)?)?)?$/;
const DAY_FIRST_1900_DATE_TEXT = /^0?([12])\/0?1\/1900(?: 00:00(?::00)?)?$/;

/**
 * `PerformanceReporting` is 1 or 2 (first or second pump); Excel sometimes formats the column as a
 * date, so it comes back as 1900-01-01 / 1900-01-02. Serial numbers arrive as the numbers themselves.
 */
export function performanceReporting(v: Cell): string | null {
  if (v instanceof Date) {
    if (v.getUTCFullYear() === 1900 && v.getUTCMonth() === 0) return String(v.getUTCDate());
    return cellText(v);
  }
  const key = cellKey(v);
  if (key === null) return null;
  const m = EXCEL_1900_DATE_TEXT.exec(key) ?? DAY_FIRST_1900_DATE_TEXT.exec(key);
  return m ? m[1]! : key;
}

const CONTENT_HASH_CHARS = 22;

/**
 * Without a ResourceMobilisationId a row is identified, within its incident, by its content: the
 * normalised values (not the raw text), so the same row read from CSV or XLSX gets the same key.
 * The `#` keeps it apart from any ResourceMobilisationId.
 */
export function contentKey(row: MobilisationRow): string {
  const values = MOBILISATION_COLUMNS.filter((k) => k !== 'dedupe_key').map((k) => row[k]);
  const digest = createHash('sha256').update(JSON.stringify(values)).digest('base64url');
  return `#${digest.slice(0, CONTENT_HASH_CHARS)}`;
}

/** Builds the per-row function for one Mobilisation file's columns. */
export function mobilisationNormaliser(
  columns: ColumnMap<MobilisationField>,
  options: NormaliseOptions = {},
): (row: Row) => MobilisationRow | Rejection {
  const c = rowIndexes(columns);
  const time = new LondonTimeReader(options.date1904, options.dateOrder, options.dateOrders);

  /** A time after mobilisation: null when blank, undefined when unreadable. */
  const after = (cell: Cell, mobilisedAt: number): number | null | undefined => {
    const status = time.read(cell);
    if (status === 'blank') return null;
    if (status !== 'ok') return undefined;
    // In the autumn overlap a later event can read as earlier: take its second occurrence.
    return time.epochMs < mobilisedAt && time.laterMs >= mobilisedAt ? time.laterMs : time.epochMs;
  };

  return (row) => {
    const incidentNumber = cellKey(row[c.incidentNumber]);
    if (incidentNumber === null) {
      return new Rejection('missing_incident_number', 'IncidentNumber is blank', '(blank)');
    }
    const status = time.read(row[c.mobilisedAt]);
    if (status !== 'ok') {
      return timeRejection(status, 'DateAndTimeMobilised', describeCell(row[c.mobilisedAt]));
    }
    const mobilisedAt = time.epochMs;
    const mobilisedDate = time.localDate;
    const mobilisedHour = time.hour;

    const arrivedAt = after(row[c.arrivedAt], mobilisedAt);
    if (arrivedAt === undefined) {
      return timeRejection('invalid', 'DateAndTimeArrived', describeCell(row[c.arrivedAt]));
    }
    if (arrivedAt !== null && arrivedAt < mobilisedAt) {
      const value = `${describeCell(row[c.mobilisedAt])} → ${describeCell(row[c.arrivedAt])}`;
      return new Rejection(
        'arrival_before_mobilisation',
        'DateAndTimeArrived is before DateAndTimeMobilised',
        value,
      );
    }
    let attendance = duration(row[c.attendanceSeconds], 'AttendanceTimeSeconds');
    if (attendance instanceof Rejection) return attendance;
    if (attendance === null && arrivedAt !== null) {
      attendance = (arrivedAt - mobilisedAt) / 1000;
      if (attendance > MAX_DURATION_SECONDS) {
        const value = `${describeCell(row[c.mobilisedAt])} → ${describeCell(row[c.arrivedAt])}`;
        return new Rejection(
          'absurd_time',
          `arrival over ${MAX_DURATION_SECONDS} s after mobilisation`,
          value,
        );
      }
    }
    const turnout = duration(row[c.turnoutSeconds], 'TurnoutTimeSeconds');
    if (turnout instanceof Rejection) return turnout;
    const travel = duration(row[c.travelSeconds], 'TravelTimeSeconds');
    if (travel instanceof Rejection) return travel;

    const resourceMobilisationId = cellKey(row[c.resourceMobilisationId]);
    const result: MobilisationRow = {
      dedupe_key: resourceMobilisationId ?? '',
      incident_number: incidentNumber,
      resource_mobilisation_id: resourceMobilisationId,
      resource_code: optionalText(row[c.resourceCode]),
      performance_reporting: performanceReporting(row[c.performanceReporting]),
      mobilised_at: mobilisedAt,
      mobilised_date_local: mobilisedDate,
      mobilised_hour: mobilisedHour,
      mobile_at: after(row[c.mobileAt], mobilisedAt) ?? null,
      arrived_at: arrivedAt,
      turnout_seconds: turnout,
      travel_seconds: travel,
      attendance_seconds: attendance,
      left_at: after(row[c.leftAt], mobilisedAt) ?? null,
      returned_at: after(row[c.returnedAt], mobilisedAt) ?? null,
      station_code: cellKey(row[c.stationCode]),
      station_name: optionalText(row[c.stationName]),
      deployed_from_location: optionalText(row[c.deployedFromLocation]),
      pump_order: optionalInteger(row[c.pumpOrder]),
      plus_code: optionalText(row[c.plusCode]),
      plus_code_description: optionalText(row[c.plusCodeDescription]),
      delay_code_id: cellKey(row[c.delayCodeId]),
      delay_code_description: optionalText(row[c.delayCodeDescription]),
      borough_name: optionalText(row[c.boroughName]),
      ward_name: optionalText(row[c.wardName]),
    };
    if (resourceMobilisationId === null) result.dedupe_key = contentKey(result);
    return result;
  };
}
