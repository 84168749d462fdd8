import type { Migration } from './types.js';

/**
 * The LFB history: one row per incident, one per mobilised vehicle, the stations table and the
 * import log. Columns hold the fields the product uses, typed; call-time and post-incident fields
 * are both stored (the history is the record), and the feature builder decides what a model may see.
 * Times are stored twice where it helps: epoch milliseconds (UTC instant) and the Europe/London
 * wall-clock date, because features are local-time while ordering needs instants.
 */
export const migration001: Migration = {
  version: 1,
  name: 'history',
  up: `
    CREATE TABLE imports (
      id              INTEGER PRIMARY KEY,
      file_name       TEXT NOT NULL,
      sha256          TEXT NOT NULL,
      kind            TEXT NOT NULL CHECK (kind IN ('incidents', 'mobilisations', 'stations', 'weather')),
      size_bytes      INTEGER NOT NULL,
      started_at      TEXT NOT NULL,
      finished_at     TEXT NOT NULL,
      rows_read       INTEGER NOT NULL,
      rows_imported   INTEGER NOT NULL,
      rows_duplicate  INTEGER NOT NULL,
      rows_rejected   INTEGER NOT NULL,
      report_json     TEXT NOT NULL
    );
    CREATE INDEX imports_sha256 ON imports (sha256);

    CREATE TABLE incidents (
      incident_number          TEXT PRIMARY KEY,
      call_at                  INTEGER NOT NULL,          -- epoch ms of the call (UTC instant)
      call_date_local          TEXT NOT NULL,             -- YYYY-MM-DD, Europe/London
      hour_of_call             INTEGER NOT NULL,          -- 0..23, Europe/London
      incident_group           TEXT,
      stop_code                TEXT,
      special_service_type     TEXT,
      property_category        TEXT,
      property_type            TEXT,
      address_qualifier        TEXT,
      postcode_district        TEXT,
      borough_code             TEXT,
      borough_name             TEXT,
      ward_code                TEXT,
      ward_name                TEXT,
      easting_rounded          REAL,
      northing_rounded         REAL,
      easting_m                REAL,
      northing_m               REAL,
      latitude                 REAL,
      longitude                REAL,
      station_ground           TEXT,
      first_pump_seconds       REAL,
      first_pump_station       TEXT,
      second_pump_seconds      REAL,
      second_pump_station      TEXT,
      num_stations_attending   REAL,   -- post-incident: never a feature
      num_pumps_attending      REAL,   -- post-incident: never a feature
      pump_count               REAL,   -- post-incident: never a feature
      pump_minutes             REAL,   -- post-incident: never a feature
      notional_cost            REAL,   -- post-incident: never a feature
      num_calls                REAL,
      import_id                INTEGER NOT NULL REFERENCES imports (id)
    );
    CREATE INDEX incidents_call_at ON incidents (call_at);

    CREATE TABLE mobilisations (
      id                        INTEGER PRIMARY KEY,
      dedupe_key                TEXT NOT NULL UNIQUE,   -- IncidentNumber|ResourceMobilisationId, else content hash
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
      import_id                 INTEGER NOT NULL REFERENCES imports (id)
    );
    CREATE INDEX mobilisations_incident ON mobilisations (incident_number);
    CREATE INDEX mobilisations_mobilised_at ON mobilisations (mobilised_at);

    CREATE TABLE stations (
      code        TEXT PRIMARY KEY,     -- LFB station code / callsign, e.g. A21
      name        TEXT NOT NULL,
      borough     TEXT,
      latitude    REAL,
      longitude   REAL,
      easting     REAL NOT NULL,
      northing    REAL NOT NULL,
      import_id   INTEGER NOT NULL REFERENCES imports (id)
    );
    CREATE UNIQUE INDEX stations_name ON stations (name COLLATE NOCASE);
  `,
};
