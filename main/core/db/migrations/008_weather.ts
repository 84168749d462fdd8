import type { Migration } from './types.js';

/**
 * Hourly weather (a Visual Crossing or Open-Meteo history file), imported like the LFB files: listed in
 * the import log, corrected by a newer import, undoable. One row per UTC hour, keyed by the hour's first
 * instant in epoch ms (`hour_at`, the same clock as `incidents.call_at`), so training joins a call to its
 * hour with `floor(call_at / 3600000) * 3600000` and serving looks an hour up by its key.
 *
 * Units are metric whatever the file used (the reader converts or refuses): °C, mm of liquid water in
 * the hour (all precipitation, and rain alone), snowfall in cm, mean wind in km/h, visibility in km.
 * A value the file does not carry is NULL. `weather_hours_prior` keeps the versions a newer import
 * replaced, with the same trigger as the LFB tables (migration 004), so undo restores them.
 */
export const migration008: Migration = {
  version: 8,
  name: 'weather',
  up: `
    CREATE TABLE weather_hours (
      hour_at           INTEGER PRIMARY KEY,
      temperature_c     REAL,
      precipitation_mm  REAL,
      rain_mm           REAL,
      snow_cm           REAL,
      wind_kmh          REAL,
      visibility_km     REAL,
      conditions        TEXT,
      source            TEXT NOT NULL CHECK (source IN ('visual-crossing', 'open-meteo')),
      import_id         INTEGER NOT NULL REFERENCES imports (id)
    );
    CREATE INDEX weather_hours_import ON weather_hours (import_id);

    CREATE TABLE weather_hours_prior AS SELECT *, 0 AS replaced_by FROM weather_hours WHERE 0;
    CREATE INDEX weather_hours_prior_replaced_by ON weather_hours_prior (replaced_by);
    CREATE INDEX weather_hours_prior_import ON weather_hours_prior (import_id);
    CREATE TRIGGER weather_hours_keep_prior BEFORE UPDATE OF import_id ON weather_hours
      WHEN old.import_id IS NOT new.import_id
    BEGIN
      INSERT INTO weather_hours_prior SELECT *, new.import_id FROM weather_hours WHERE rowid = old.rowid;
    END;
  `,
};
