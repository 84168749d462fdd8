import type { Migration } from './types.js';

/**
 * The full postcode of an incident (the LFB's `Postcode_full`), so a dispatcher's "SE1 7PB" can be
 * placed where that postcode's incidents were rather than at its district. The LFB publishes it only
 * for non-dwellings; it is blank for homes and the importer never stores one for a dwelling.
 *
 * The prior table gets the column too, so corrections and undo keep it. Migration 004's trigger
 * copied rows by position (`SELECT *`); after ALTER TABLE the new column sits after `replaced_by` in
 * the prior table but last in `incidents`, so the trigger is recreated naming every column.
 */
const COLUMNS = [
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
  'import_id',
  'postcode_full',
].join(', ');

export const migration005: Migration = {
  version: 5,
  name: 'postcode_full',
  up: `
    ALTER TABLE incidents ADD COLUMN postcode_full TEXT;
    ALTER TABLE incidents_prior ADD COLUMN postcode_full TEXT;
    DROP TRIGGER incidents_keep_prior;
    CREATE TRIGGER incidents_keep_prior BEFORE UPDATE OF import_id ON incidents
      WHEN old.import_id IS NOT new.import_id
    BEGIN
      INSERT INTO incidents_prior (${COLUMNS}, replaced_by)
        SELECT ${COLUMNS}, new.import_id FROM incidents WHERE rowid = old.rowid;
    END;
  `,
};
