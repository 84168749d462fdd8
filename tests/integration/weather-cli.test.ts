import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prediction, RankResult } from '../../contract/index.js';
import { dayNumber } from '../../main/core/calendar/days.js';
import { openMeteoCsv, simulateWeather } from '../../tools/synthetic/weather.js';
import { cli, cliJson } from '../fixtures/cli.js';
import { tempDir } from '../fixtures/lfb-files.js';

/**
 * `pump-eta predict` and `rank` with weather, as a user runs them: typed weather wins and is named in
 * the answer, an imported hour is used and named with its time, and with neither the answer says it
 * went without. The demo model learned from synthetic weather, so heavy rain lengthens its estimate.
 */
let dir: string;
let cleanup: () => void;
let db: string;
const CALL = '2026-11-28T17:30';

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-weather-cli-'));
  db = path.join(dir, 'history.sqlite');
  // Open-Meteo hours for 27–28 November 2026, in UTC (London is on GMT then).
  const hours = simulateWeather('cli', dayNumber(2026, 11, 27), 2);
  const file = path.join(dir, 'open-meteo.csv');
  fs.writeFileSync(
    file,
    openMeteoCsv(
      hours.map((h) => ({ ...h, temperatureC: 8, precipitationMm: 0.4, rainMm: 0.4 })),
      { timezone: 'GMT' },
    ),
  );
  const imported = await cli(['import', file, '--db', path.join(dir, 'with-weather.sqlite')]);
  expect(imported.code, imported.stderr).toBe(0);
}, 120_000);
afterAll(() => cleanup?.());

const predict = (args: string[], database = db) =>
  cliJson<Prediction>(['predict', '--ward', 'Lambeth North', '--time', CALL, '--db', database, ...args]);

describe('predict and rank with weather', () => {
  it('names typed weather, and heavy rain lengthens the demo model’s estimate', async () => {
    const dry = await predict(['--weather', 'dry']);
    const heavy = await predict(['--weather', 'heavy-rain']);
    expect(heavy.weather).toMatchObject({
      source: 'typed',
      preset: 'heavy-rain',
      rainMm: 6,
      precipitationMm: 6,
    });
    expect(dry.weather).toMatchObject({ source: 'typed', preset: 'dry', rainMm: 0 });
    expect(heavy.etaSeconds).toBeGreaterThan(dry.etaSeconds);
    const text = await cli([
      'predict',
      '--ward',
      'Lambeth North',
      '--time',
      CALL,
      '--db',
      db,
      '--weather',
      'heavy-rain',
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Weather: heavy rain (typed)');
    // As a person types it: the words of the answer line are accepted too; a typo is named plainly.
    expect(await predict(['--weather', 'Heavy rain'])).toEqual(heavy);
    const typo = await cli([
      'predict',
      '--ward',
      'Lambeth North',
      '--time',
      CALL,
      '--db',
      db,
      '--weather',
      'drizzle',
    ]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      "--weather must be one of 'dry', 'light rain', 'heavy rain', 'snow', 'fog', got 'drizzle'.",
    );
    const numbers = await predict(['--rain-mm', '2.5', '--temp-c', '3']);
    expect(numbers.weather).toMatchObject({ source: 'typed', rainMm: 2.5, temperatureC: 3 });
  });

  it('says it answered without weather when none is imported for the hour', async () => {
    const none = await predict([]);
    expect(none.weather).toMatchObject({ source: 'none', rainMm: null, temperatureC: null });
    const text = await cli(['predict', '--ward', 'Lambeth North', '--time', CALL, '--db', db]);
    expect(text.stdout).toContain('Weather: none imported for this hour: answered without');
  });

  it('uses the imported hour of the call, named with its London time; typed weather still wins', async () => {
    const withWeather = path.join(dir, 'with-weather.sqlite');
    const imported = await predict([], withWeather);
    expect(imported.weather).toMatchObject({
      source: 'imported',
      hourAt: '2026-11-28T17:00:00.000Z',
      hourLabel: '17:00',
      latest: false,
      temperatureC: 8,
      rainMm: 0.4,
    });
    const text = await cli(['predict', '--ward', 'Lambeth North', '--time', CALL, '--db', withWeather]);
    expect(text.stdout).toContain('Weather: 8 °C, 0.4 mm rain at 17:00 (imported)');
    const typed = await predict(['--weather', 'snow'], withWeather);
    expect(typed.weather).toMatchObject({ source: 'typed', preset: 'snow', snowCm: 1, temperatureC: 0 });
    // Past the file's last hour (28 Nov 23:00 UTC) by under 3 h: the latest hour, said so; beyond, none.
    const soon = await cliJson<Prediction>([
      'predict',
      '--ward',
      'Lambeth North',
      '--time',
      '2026-11-29T01:30',
      '--db',
      withWeather,
    ]);
    expect(soon.weather).toMatchObject({ source: 'imported', latest: true, hourLabel: '23:00' });
    const stale = await cliJson<Prediction>([
      'predict',
      '--ward',
      'Lambeth North',
      '--time',
      '2026-11-29T05:30',
      '--db',
      withWeather,
    ]);
    expect(stale.weather?.source).toBe('none');
    // A ranking uses the same weather for every station.
    const ranked = await cliJson<RankResult>([
      'rank',
      '--ward',
      'Lambeth North',
      '--time',
      CALL,
      '--db',
      withWeather,
      '--weather',
      'fog',
    ]);
    expect(new Set(ranked.stations.map((s) => s.weather?.preset))).toEqual(new Set(['fog']));
  });

  it('refuses an unknown weather or an impossible value, saying what it takes', async () => {
    const sleet = await cli(['predict', '--ward', 'Lambeth North', '--db', db, '--weather', 'sleet']);
    expect(sleet.code).not.toBe(0);
    expect(sleet.stderr).toMatch(/'dry', 'light rain', 'heavy rain', 'snow', 'fog', got 'sleet'/);
    expect(sleet.stderr).not.toMatch(/Invalid request|weather\.preset/);
    const negative = await cli(['predict', '--ward', 'Lambeth North', '--db', db, '--rain-mm', '-1']);
    expect(negative.code).not.toBe(0);
    expect(negative.stderr).toMatch(/--rain-mm must be between 0 and 150/);
  });
});
