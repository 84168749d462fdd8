import type { Migration } from './types.js';

/**
 * Mobilisations keyed by (incident_number, dedupe_key) instead of a TEXT `incident|id` key unique on
 * its own plus a separate incident index: the natural key's one index also serves lookups by
 * incident, and a million-row import maintains one index fewer (~2 s). dedupe_key loses its
 * `IncidentNumber|` prefix: it is the ResourceMobilisationId, or `#` + the content hash. Existing rows
 * keep their ids and values; only the key column is rewritten.
 */
export const migration003: Migration = {
  version: 3,
  name: 'mobilisation key',
  up: `
    CREATE TABLE mobilisations_v3 (
      id                        INTEGER PRIMARY KEY,
      dedupe_key                TEXT NOT NULL,          -- ResourceMobilisationId, else '#' + content hash
      incident_number           TEXT NOT NULL,
      resource_mobilisation_id  TEXT,
      resource_code             TEXT,
      performance_reporting     TEXT,
      mobilised_at              INTEGER NOT NULL,       -- epoch ms
      mobilised_date_local      TEXT NOT NULL,          -- YYYY-MM-DD, Europe/London
      mobilised_hour            INTEGER NOT NULL,       -- 0..23, Europe/London
      mobile_at                 INTEGER,
      arrived_at                INTEGER,
      turnout_seconds           REAL,   -- post-incident: never a feature
      travel_seconds            REAL,   -- post-incident: never a feature
      attendance_seconds        REAL,   -- the target
      left_at                   INTEGER,
      returned_at               INTEGER,
      station_code              TEXT,
      station_name              TEXT,
      deployed_from_location    TEXT,
      pump_order                INTEGER,
      plus_code                 TEXT,
      plus_code_description     TEXT,
      delay_code_id             TEXT,   -- post-incident: never a feature
      delay_code_description    TEXT,   -- post-incident: never a feature
      borough_name              TEXT,
      ward_name                 TEXT,
      import_id                 INTEGER NOT NULL REFERENCES imports (id),
      UNIQUE (incident_number, dedupe_key)
    );
    -- Every version-1 key is the incident number, '|', then the rest.
    INSERT INTO mobilisations_v3
      SELECT id, substr(dedupe_key, length(incident_number) + 2), incident_number, resource_mobilisation_id,
             resource_code, performance_reporting, mobilised_at, mobilised_date_local, mobilised_hour,
             mobile_at, arrived_at, turnout_seconds, travel_seconds, attendance_seconds, left_at,
             returned_at, station_code, station_name, deployed_from_location, pump_order, plus_code,
             plus_code_description, delay_code_id, delay_code_description, borough_name, ward_name,
             import_id
      FROM mobilisations ORDER BY id;
    DROP TABLE mobilisations;
    ALTER TABLE mobilisations_v3 RENAME TO mobilisations;
    CREATE INDEX mobilisations_mobilised_at ON mobilisations (mobilised_at);
  `,
};
