import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayNumber } from '../../main/core/calendar/days.js';
import { openDatabase, type Db } from '../../main/core/db/index.js';
import { importFiles } from '../../main/core/ingest/index.js';
import { listImports, undoImport, UndoError } from '../../main/core/ingest/history.js';
import { importFile } from '../../main/core/ingest/import-file.js';
import {
  openMeteoCsv,
  simulateWeather,
  visualCrossingCsv,
  type SyntheticWeatherHour,
} from '../../tools/synthetic/weather.js';
import { databaseChecksum } from '../fixtures/db-state.js';
import { tempDir } from '../fixtures/lfb-files.js';

/**
 * Hourly weather files (Visual Crossing and Open-Meteo CSV, written by the generator) imported into a
 * real SQLite history: both formats detected from the header, the clock changes, units converted or
 * refused, gaps and repeated hours reported, re-import, correction and undo as for the LFB files.
 */
let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('pump-eta-weather-')));
afterAll(() => cleanup());

let fileNo = 0;
function write(text: string, name = `weather-${++fileNo}.csv`): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
function freshDb(): { db: Db; dbPath: string } {
  const dbPath = path.join(dir, `history-${++fileNo}.sqlite`);
  return { db: openDatabase(dbPath), dbPath };
}
interface Stored {
  hour_at: number;
  temperature_c: number | null;
  precipitation_mm: number | null;
  rain_mm: number | null;
  snow_cm: number | null;
  wind_kmh: number | null;
  visibility_km: number | null;
  conditions: string | null;
  import_id: number;
}
const stored = (db: Db): Stored[] =>
  db.prepare('SELECT * FROM weather_hours ORDER BY hour_at').all() as Stored[];
const series = (y: number, m: number, d: number, days: number): SyntheticWeatherHour[] =>
  simulateWeather('weather-test', dayNumber(y, m, d), days);

describe('weather import: formats and hours', () => {
  it('reads Visual Crossing London wall-clock hours across the October change: the repeated hour is BST, then GMT', async () => {
    const hours = series(2023, 10, 28, 3); // 29 October 2023: 01:00 twice
    const text = visualCrossingCsv(hours);
    expect(text.match(/2023-10-29T01:00:00/g)).toHaveLength(2);
    const { db } = freshDb();
    const report = await importFile(db, write(text));
    expect(report.kind).toBe('weather');
    expect(report.rowsRead).toBe(hours.length);
    expect(report.rowsImported).toBe(hours.length);
    expect(report.rowsRejected).toBe(0);
    expect(report.notes.join(' ')).toMatch(/Visual Crossing: London wall-clock hours/);
    const rows = stored(db);
    expect(rows.map((r) => r.hour_at)).toEqual(hours.map((h) => h.hourAt));
    expect(rows.map((r) => r.temperature_c)).toEqual(hours.map((h) => h.temperatureC));
    // Both 01:00s are stored, an hour apart: 00:00Z (BST) and 01:00Z (GMT).
    const at = (iso: string) => rows.find((r) => r.hour_at === Date.parse(iso));
    expect(at('2023-10-29T00:00:00Z')?.temperature_c).toBe(
      hours.find((h) => h.hourAt === Date.parse('2023-10-29T00:00:00Z'))!.temperatureC,
    );
    expect(at('2023-10-29T01:00:00Z')?.temperature_c).toBe(
      hours.find((h) => h.hourAt === Date.parse('2023-10-29T01:00:00Z'))!.temperatureC,
    );
    expect(report.notes.join(' ')).not.toMatch(/gap/);
    db.close();
  });

  it('reads the March change: no hour is missing, and an hour the clocks skipped is rejected with its reason', async () => {
    const hours = series(2024, 3, 30, 3); // 31 March 2024: 01:00–02:00 does not exist
    const text = visualCrossingCsv(hours);
    expect(text).not.toMatch(/2024-03-31T01:00/);
    const bogus = text.replace(
      /\n(London,2024-03-31T02:00:00,)/,
      '\nLondon,2024-03-31T01:00:00,5,5,5,80,0,0,,0,0,,10,200,1015,50,25,0,0,0,10,"Clear",rain,EGLC\n$1',
    );
    const { db } = freshDb();
    const report = await importFile(db, write(bogus));
    expect(report.rowsRead).toBe(hours.length + 1);
    expect(report.rowsImported).toBe(hours.length);
    expect(report.rejected).toEqual({ no_such_local_hour: 1 });
    expect(report.examples[0]).toMatchObject({ reason: 'no_such_local_hour', value: '2024-03-31T01:00:00' });
    expect(stored(db).map((r) => r.hour_at)).toEqual(hours.map((h) => h.hourAt));
    expect(report.notes.join(' ')).not.toMatch(/gap/);
    db.close();
  });

  it('reads Open-Meteo in UTC, and in Europe/London at the one offset the file states', async () => {
    const hours = series(2023, 7, 1, 2);
    const { db } = freshDb();
    await importFile(db, write(openMeteoCsv(hours, { timezone: 'GMT' })));
    const rows = stored(db);
    expect(rows.map((r) => r.hour_at)).toEqual(hours.map((h) => h.hourAt));
    expect(rows.map((r) => r.rain_mm)).toEqual(hours.map((h) => h.rainMm));
    expect(rows.map((r) => r.visibility_km)).toEqual(hours.map((h) => h.visibilityKm));
    db.close();

    const summer = freshDb();
    const text = openMeteoCsv(hours, { timezone: 'Europe/London', offsetSeconds: 3600 });
    // The series starts at London midnight, 23:00Z, written at +1 h as 00:00.
    expect(hours[0]!.hourAt).toBe(Date.parse('2023-06-30T23:00:00Z'));
    expect(text.split('\n')[4]).toMatch(/^2023-07-01T00:00,/);
    const report = await importFile(summer.db, write(text));
    expect(report.notes[0]).toMatch(/UTC\+1/);
    expect(stored(summer.db).map((r) => r.hour_at)).toEqual(hours.map((h) => h.hourAt));
    summer.db.close();
  });

  it('converts Open-Meteo’s named units (°F, inch, mp/h, m/s) to metric', async () => {
    const hours = series(2023, 1, 10, 2);
    const { db } = freshDb();
    await importFile(
      db,
      write(openMeteoCsv(hours, { timezone: 'GMT', fahrenheit: true, inches: true, windUnit: 'mph' })),
    );
    const rows = stored(db);
    rows.forEach((r, i) => {
      const h = hours[i]!;
      expect(r.temperature_c!).toBeCloseTo(h.temperatureC, 0); // °F written to 0.1
      expect(Math.abs(r.precipitation_mm! - h.precipitationMm)).toBeLessThan(0.02); // inch to 0.001
      expect(Math.abs(r.wind_kmh! - h.windKmh)).toBeLessThan(0.1);
    });
    db.close();
    const ms = freshDb();
    await importFile(ms.db, write(openMeteoCsv(hours, { timezone: 'GMT', windUnit: 'm/s' })));
    stored(ms.db).forEach((r, i) => expect(Math.abs(r.wind_kmh! - hours[i]!.windKmh)).toBeLessThan(0.2));
    ms.db.close();
  });

  it('accepts a semicolon CSV with decimal commas and a byte-order mark, storing the same hours', async () => {
    const hours = series(2023, 2, 1, 1);
    const plain = freshDb();
    await importFile(plain.db, write(visualCrossingCsv(hours)));
    // As a European Excel saves it: `;` between fields, decimal commas.
    const european = visualCrossingCsv(hours)
      .split('\n')
      .map((line) =>
        line
          .split(',')
          .map((cell) => (/^-?\d+\.\d+$/.test(cell) ? cell.replace('.', ',') : cell))
          .join(';'),
      )
      .join('\n');
    expect(european).toMatch(/;\d+,\d;/);
    const semi = freshDb();
    const text = '\uFEFF' + european;
    const report = await importFile(semi.db, write(text));
    expect(report.rowsRejected).toBe(0);
    const strip = (rows: Stored[]) => rows.map(({ import_id: _, ...r }) => r);
    expect(strip(stored(semi.db))).toEqual(strip(stored(plain.db)));
    plain.db.close();
    semi.db.close();
  });
});

describe('weather import: refusals change nothing', () => {
  it('refuses Visual Crossing in °F, an unknown unit, a place far from London, a daily file and a file that is no weather', async () => {
    const hours = series(2023, 6, 1, 2);
    const { db, dbPath } = freshDb();
    await importFile(db, write(visualCrossingCsv(series(2023, 5, 1, 1))));
    const before = databaseChecksum(dbPath);
    const refuse = async (text: string, pattern: RegExp) => {
      await expect(importFile(db, write(text))).rejects.toThrow(pattern);
      expect(databaseChecksum(dbPath)).toBe(before);
    };
    await refuse(visualCrossingCsv(hours, { us: true }), /look like °F: export with unitGroup=metric/);
    await refuse(
      openMeteoCsv(hours, { timezone: 'GMT' }).replace('temperature_2m (°C)', 'temperature_2m (K)'),
      /'temperature_2m \(K\)' is in 'K'.*export it in °C/,
    );
    await refuse(
      openMeteoCsv(hours, { timezone: 'GMT', latitude: 40.71, longitude: -74.01 }),
      /latitude 40.71, longitude -74.01, not in London/,
    );
    await refuse(
      'name,datetime,temp,precip\nLondon,2023-01-01,5,0\nLondon,2023-01-02,6,1\n',
      /daily weather file.*include=hours/,
    );
    // A CSV that is neither weather nor LFB data: the LFB path refuses it as before.
    await refuse('time,value\n2023-01-01T00:00,3\n', /./);
    // Implausible values in more than 5 % of the rows (wind in m/s×10, say): refused, with examples.
    const bad = visualCrossingCsv(hours).replace(
      /,(\d+(?:\.\d)?),200,1015/g,
      (_m, w: string) => `,${Number(w) + 300},200,1015`,
    );
    await refuse(bad, /hours .* were rejected, more than 5 %.*windspeed is outside 0…250/);
    db.close();
  });
});

describe('weather import: rain and snow mean the same from either source', () => {
  // One January morning (GMT: London wall clock is UTC), as each provider writes it. Visual Crossing's
  // precip is all water, snow's included, and it has no rain column; Open-Meteo gives rain apart.
  const HOURS = [
    // time, precip (mm of water), Visual Crossing preciptype, snow (cm), the liquid part (mm)
    ['2023-01-10T06:00', 3, 'rain', 0, 3],
    ['2023-01-10T07:00', 2, 'rain,snow', 0.7, 1], // mixed: 0.7 cm of snow is 1 mm of water
    ['2023-01-10T08:00', 1.5, 'snow', 1, 0],
    ['2023-01-10T09:00', 1.2, '', 0.5, 0], // snow with no type named: still no rain
    ['2023-01-10T10:00', 0.8, 'freezingrain', 0, 0.8], // freezing rain falls as rain
    ['2023-01-10T11:00', 0, '', 0, 0],
  ] as const;
  const visualCrossing = [
    'name,datetime,temp,precip,preciptype,snow,windspeed,visibility,conditions',
    ...HOURS.map(([t, p, type, snow]) => `London,${t}:00,0.5,${p},"${type}",${snow},12,8,"Snow"`),
  ].join('\n');
  const openMeteo = [
    'latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation',
    '51.5,-0.12,23.0,0,GMT,GMT',
    '',
    'time,temperature_2m (°C),precipitation (mm),rain (mm),snowfall (cm),wind_speed_10m (km/h),visibility (m)',
    ...HOURS.map(([t, p, , snow, rain]) => `${t},0.5,${p},${rain},${snow},12,8000`),
  ].join('\n');

  it('stores Visual Crossing’s liquid part as rain (its snow’s water taken off), as Open-Meteo gives it', async () => {
    const { db } = freshDb();
    const report = await importFile(db, write(visualCrossing + '\n'));
    expect(report.rowsRejected).toBe(0);
    const rows = stored(db);
    expect(rows.map((r) => r.rain_mm)).toEqual(HOURS.map((h) => h[4]));
    expect(rows.map((r) => r.precipitation_mm)).toEqual(HOURS.map((h) => h[1]));
    expect(rows.map((r) => r.snow_cm)).toEqual(HOURS.map((h) => h[3]));
    db.close();
  });

  it('re-importing one source over the other changes no hour’s rain', async () => {
    for (const [first, second] of [
      [openMeteo, visualCrossing],
      [visualCrossing, openMeteo],
    ] as const) {
      const { db } = freshDb();
      await importFile(db, write(first + '\n'));
      const before = stored(db).map((r) => [r.rain_mm, r.precipitation_mm, r.snow_cm]);
      const report = await importFile(db, write(second + '\n'));
      expect(report.changedFields.map((c) => c.field)).not.toContain('rain_mm');
      expect(stored(db).map((r) => [r.rain_mm, r.precipitation_mm, r.snow_cm])).toEqual(before);
      db.close();
    }
  });
});

describe('weather import: gaps, repeats, re-import, correction, undo', () => {
  it('says gaps as gaps and rejected hours as rejected, with their reason, never one as the other', async () => {
    const hours = series(2023, 4, 1, 3);
    const lines = openMeteoCsv(hours, { timezone: 'GMT' }).trimEnd().split('\n');
    const data = lines.slice(4);
    // Hours 10–14 are not in the file (a gap of 5); hours 30 and 31 are, with a temperature of 99 °C.
    const implausible = (line: string) => line.replace(/^([^,]+),[-\d.]+,/, '$1,99,');
    const gappy = [
      ...lines.slice(0, 4),
      ...data.slice(0, 10),
      ...data.slice(15, 30),
      implausible(data[30]!),
      implausible(data[31]!),
      ...data.slice(32),
    ];
    const { db } = freshDb();
    const report = await importFile(db, write(gappy.join('\n') + '\n'));
    expect(report.rowsImported).toBe(hours.length - 7);
    expect(report.rejected).toEqual({ implausible_weather: 2 });
    expect(report.examples[0]).toMatchObject({ reason: 'implausible_weather', row: 29, value: '99' });
    const notes = report.notes.join(' ');
    // The gap counts the 5 hours the file does not have, not the 2 it has and were rejected.
    expect(notes).toMatch(
      /gaps: 5 hours between the first and the last are not in the file \(besides the 2 rejected rows above\) — the longest gap: 5 hours from 2023-04-01T09:00 UTC/,
    );
    expect(notes).not.toMatch(/7 hours/);
    db.close();
  });

  it('stores an hour given twice with the same values once, and rejects an hour given twice with different values', async () => {
    const hours = series(2023, 4, 1, 3);
    const clean = write(openMeteoCsv(hours, { timezone: 'GMT' }));
    const lines = openMeteoCsv(hours, { timezone: 'GMT' }).trimEnd().split('\n');
    const data = lines.slice(4);
    const withTemp = (line: string, t: string) => line.replace(/^([^,]+),[-\d.]+,/, `$1,${t},`);
    const repeated = [
      ...lines.slice(0, 4),
      ...data,
      data[5]!, // the same hour, the same values: harmless
      withTemp(data[20]!, '30.5'), // the same hour, another temperature: the file contradicts itself
    ];
    const { db } = freshDb();
    await importFile(db, clean);
    const before = stored(db).find((r) => r.hour_at === hours[20]!.hourAt)!;
    const report = await importFile(db, write(repeated.join('\n') + '\n'));
    expect(report.rowsRead).toBe(hours.length + 2);
    expect(report.rejected).toEqual({ conflicting_hour: 2 });
    // Both rows of the contradicted hour are named: the first (row 25) and the later one.
    expect(report.examples.map((e) => e.row).sort((a, b) => a - b)).toEqual([24, hours.length + 5]);
    // Each row names the other row of its hour, never itself.
    expect(report.examples.find((e) => e.row === 24)?.message).toMatch(
      new RegExp(`^this hour is also given by row ${hours.length + 5} with other values`),
    );
    expect(report.examples.find((e) => e.row === hours.length + 5)?.message).toMatch(
      new RegExp(
        `also given by row 24 with other values \\(temperature ${hours[20]!.temperatureC} / 30.5\\)`,
      ),
    );
    const notes = report.notes.join(' ');
    expect(notes).toMatch(/1 row repeats an hour given earlier in the file with the same values \(row \d+ /);
    expect(notes).toMatch(
      /1 hour is given twice with different values — 2023-04-01T19:00: rows 24 and \d+ \(temperature [-\d.]+ \/ 30\.5\): neither row of such an hour was stored/,
    );
    // The history keeps what it held for that hour; nothing was guessed.
    const after = stored(db).find((r) => r.hour_at === hours[20]!.hourAt)!;
    expect(after).toEqual(before);
    expect(report.rowsChanged).toBe(0);
    db.close();
  });

  it('adds nothing on re-import, stores a changed value as a correction, and undo puts each version back', async () => {
    const hours = series(2023, 9, 1, 2);
    const first = write(visualCrossingCsv(hours));
    const { db } = freshDb();
    const a = await importFile(db, first);
    const again = await importFile(db, first);
    expect(again).toMatchObject({ rowsImported: 0, rowsChanged: 0, rowsDuplicate: hours.length });

    const target = hours[7]!;
    const corrected = visualCrossingCsv(
      hours.map((h) => (h === target ? { ...h, temperatureC: h.temperatureC + 3 } : h)),
    );
    const fix = await importFile(db, write(corrected));
    expect(fix).toMatchObject({
      rowsImported: 0,
      rowsChanged: 1,
      changedFields: [{ field: 'temperature_c', rows: 1 }],
    });
    const value = () => stored(db).find((r) => r.hour_at === target.hourAt)!.temperature_c!;
    expect(value()).toBeCloseTo(target.temperatureC + 3, 6);

    // The first import cannot be undone while the later ones stand; the correction can.
    expect(() => undoImport(db, a.importId)).toThrow(UndoError);
    undoImport(db, fix.importId);
    expect(value()).toBeCloseTo(target.temperatureC, 6);
    undoImport(db, again.importId);
    const undone = undoImport(db, a.importId);
    expect(undone).toMatchObject({ kind: 'weather', removed: hours.length, restored: 0 });
    expect(stored(db)).toEqual([]);
    expect(listImports(db).map((e) => [e.kind, e.undoneAt !== null])).toEqual([
      ['weather', true],
      ['weather', true],
      ['weather', true],
    ]);
    db.close();
  });

  it('is routed by detection through the import worker, as a drag-and-drop or `pump-eta import` would', async () => {
    const dbPath = path.join(dir, 'worker.sqlite');
    const result = await importFiles(dbPath, [
      write(openMeteoCsv(series(2023, 8, 1, 1), { timezone: 'GMT' }), 'open-meteo.csv'),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.files[0]).toMatchObject({ kind: 'weather', rowsImported: 24 });
    const db = openDatabase(dbPath);
    expect(listImports(db)[0]).toMatchObject({ kind: 'weather', fileName: 'open-meteo.csv', rowsAdded: 24 });
    db.close();
  });
});
