import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weatherLine } from '../../../contract/index.js';
import { dayNumber } from '../../../main/core/calendar/days.js';
import { openDatabase, type Db } from '../../../main/core/db/index.js';
import { importFile } from '../../../main/core/ingest/import-file.js';
import {
  importedWeatherFrom,
  noImportedWeather,
  resolveWeather,
  WEATHER_FRESH_HOURS,
} from '../../../main/core/serving/weather.js';
import { openMeteoCsv, simulateWeather } from '../../../tools/synthetic/weather.js';
import { tempDir } from '../../fixtures/lfb-files.js';

/** Which weather an answer uses, against a real history with one imported summer day (UTC hours). */
let cleanup: () => void;
let db: Db;
const hours = simulateWeather('serving', dayNumber(2024, 7, 1), 1).map((h, i) => ({
  ...h,
  temperatureC: 20 + i / 10,
  precipitationMm: 0.5,
  rainMm: 0.5,
  snowCm: 0,
}));
const last = hours[hours.length - 1]!;

beforeAll(async () => {
  const t = tempDir('pump-eta-serving-weather-');
  cleanup = t.cleanup;
  db = openDatabase(path.join(t.dir, 'history.sqlite'));
  const file = path.join(t.dir, 'om.csv');
  fs.writeFileSync(file, openMeteoCsv(hours, { timezone: 'GMT' }));
  await importFile(db, file);
});
afterAll(() => {
  db.close();
  cleanup();
});

describe('the weather an answer uses', () => {
  it('takes the imported hour of the call and names it by London clock time', () => {
    // 17:40 BST is 16:40 UTC: the hour stored as 16:00 UTC, shown as 17:00.
    const used = resolveWeather(undefined, importedWeatherFrom(db), new Date('2024-07-01T16:40:00Z'));
    const hour = hours.find((h) => h.hourAt === Date.parse('2024-07-01T16:00:00Z'))!;
    expect(used).toMatchObject({ source: 'imported', hourLabel: '17:00', latest: false, rainMm: 0.5 });
    expect(used.temperatureC).toBeCloseTo(hour.temperatureC, 6);
    expect(weatherLine(used)).toBe(
      `Weather: ${Math.round(hour.temperatureC * 10) / 10} °C, 0.5 mm rain at 17:00 (imported)`,
    );
  });

  it(`takes the latest hour up to ${WEATHER_FRESH_HOURS} hours older than the call, then none`, () => {
    const lookup = importedWeatherFrom(db);
    const within = resolveWeather(
      undefined,
      lookup,
      new Date(last.hourAt + (WEATHER_FRESH_HOURS + 0.5) * 3_600_000),
    );
    expect(within).toMatchObject({ source: 'imported', latest: true });
    expect(weatherLine(within)).toMatch(/\(imported, latest hour\)$/);
    const beyond = resolveWeather(
      undefined,
      lookup,
      new Date(last.hourAt + (WEATHER_FRESH_HOURS + 1) * 3_600_000),
    );
    expect(beyond).toMatchObject({ source: 'none', rainMm: null });
    expect(weatherLine(beyond)).toBe('Weather: none imported for this hour: answered without');
    // Before the first imported hour there is no "latest".
    expect(resolveWeather(undefined, lookup, new Date('2024-06-30T12:00:00Z')).source).toBe('none');
  });

  it('prepares its statements once per connection, not once per answer', () => {
    // A statement prepared per answer is compiled again and left to the garbage collector, whose
    // pauses (tens of ms at 2,000 a second) land on dispatchers' answers.
    const prepare = db.prepare.bind(db);
    let prepared = 0;
    const counting = Object.create(db) as Db;
    counting.prepare = ((sql: string) => {
      prepared += 1;
      return prepare(sql);
    }) as Db['prepare'];
    const lookup = importedWeatherFrom(counting);
    for (let i = 0; i < 200; i++) {
      // Hours with a value, the latest-within-window case and none: both statements are used.
      lookup(new Date(last.hourAt + (i % 8) * 3_600_000));
    }
    expect(prepared).toBeGreaterThan(0);
    expect(prepared).toBeLessThanOrEqual(2);
  });

  it('lets typed weather win, keeping imported values the choice does not set', () => {
    const at = new Date('2024-07-01T16:40:00Z');
    const heavy = resolveWeather({ preset: 'heavy-rain' }, importedWeatherFrom(db), at);
    expect(heavy).toMatchObject({
      source: 'typed',
      preset: 'heavy-rain',
      rainMm: 6,
      precipitationMm: 6,
      visibilityKm: 5,
    });
    expect(heavy.temperatureC).not.toBeNull(); // from the imported hour
    expect(weatherLine(heavy)).toBe('Weather: heavy rain (typed)');
    const numbers = resolveWeather({ rainMm: 0, temperatureC: -2 }, noImportedWeather, at);
    expect(numbers).toMatchObject({
      source: 'typed',
      rainMm: 0,
      precipitationMm: 0,
      snowCm: 0,
      temperatureC: -2,
    });
    expect(weatherLine(numbers)).toBe('Weather: -2 °C, dry (typed)');
  });
});
