import fs from 'node:fs';
import path from 'node:path';
import { bngToWgs84 } from '../../main/core/geo/bng.js';
import { civilDate } from '../../main/core/calendar/days.js';
import { isoDate, parseIsoDay, schoolHolidayRanges } from './calendar.js';
import { STATION_COLUMNS } from './columns.js';
import { writeParts, writePartsInWorker, type PartPlan, type PartResult } from './parts.js';
import { addMonths, SIMULATION, type SyntheticShift } from './simulate.js';
import { STATIONS } from './stations.js';
import { GROUND_TRUTH, noiseConstants } from './truth.js';
import { openMeteoCsv, simulateWeather, visualCrossingCsv, WEATHER_TRUTH } from './weather.js';
import { csvLine } from './writers.js';

export { GROUND_TRUTH, SIMULATION, type SyntheticShift };
export {
  trueMedianAttendance,
  trueMeanAttendance,
  truthBreakdown,
  irreducibleMae,
  noiseConstants,
  speedFactorAt,
  type TruthFeatures,
  type TruthBreakdown,
} from './truth.js';
export { truthFeaturesFromRows } from './features.js';
export { STATIONS, type SyntheticStation } from './stations.js';
export { INCIDENT_COLUMNS, MOBILISATION_COLUMNS, STATION_COLUMNS } from './columns.js';
export { bankHolidays, schoolHolidayRanges, isBankHoliday, isSchoolHoliday } from './calendar.js';

export type SyntheticFormat = 'csv' | 'xlsx';

export interface GenerateOptions {
  readonly outDir: string;
  /** Exact number of Mobilisation rows (vehicles); incidents follow from it (~1.5 vehicles each). */
  readonly mobilisations: number;
  readonly format: SyntheticFormat;
  readonly seed: string | number;
  /** First local date of calls, `YYYY-MM-DD` (default 2018-01-01). */
  readonly startDate?: string;
  /** Months the calls span (default: about 13,000 mobilisations a month, LFB's real rate, 1–120). */
  readonly months?: number;
  /** Called now and then with the mobilisation rows written so far. */
  readonly onProgress?: (mobilisationsWritten: number) => void;
  /** xlsx only: write the two workbooks on two threads (default true). */
  readonly parallel?: boolean;
  /** A known change from a day on (a slower station, a new one): for testing monitoring. */
  readonly shift?: SyntheticShift;
  /**
   * Also draw hourly weather, let rain slow journeys (GROUND_TRUTH.rain) and write the weather as a
   * Visual Crossing and an Open-Meteo CSV (default off: no rain effect, no weather files).
   */
  readonly weather?: boolean;
}

export interface GenerateResult {
  readonly incidentsFile: string;
  readonly mobilisationsFile: string;
  readonly stationsFile: string;
  /** `ground-truth.json`: the parameters, seed and period, for whoever evaluates a learner on the files. */
  readonly groundTruthFile: string;
  /** The school holidays the generator used, in the app's calendar format (resources/calendars). */
  readonly schoolHolidaysFile: string;
  /** With `weather`: the same hours in both formats. */
  readonly weatherFiles?: { readonly visualCrossing: string; readonly openMeteo: string };
  readonly incidents: number;
  readonly mobilisations: number;
  readonly firstDate: string;
  readonly lastDate: string;
}

export const DEFAULT_START_DATE = '2018-01-01';
/** Roughly LFB's real volume of mobilised vehicles per month. */
const MOBILISATIONS_PER_MONTH = 13_000;
const MAX_DEFAULT_MONTHS = 120;
export const MAX_MOBILISATIONS = 20_000_000;

export function defaultMonths(mobilisations: number): number {
  return Math.min(MAX_DEFAULT_MONTHS, Math.max(1, Math.round(mobilisations / MOBILISATIONS_PER_MONTH)));
}

/**
 * Writes a synthetic Incident file and Mobilisation file (same columns and value forms as the London
 * Datastore's), plus stations.csv, school-holidays.json and ground-truth.json, streaming row by row.
 * The same options always produce byte-identical CSV files. The data is made up: incident numbers start
 * with `SYN-` and the workbooks say so in their metadata.
 */
export async function generateSynthetic(options: GenerateOptions): Promise<GenerateResult> {
  const { outDir, mobilisations, format, seed } = options;
  if (!Number.isInteger(mobilisations) || mobilisations < 1 || mobilisations > MAX_MOBILISATIONS) {
    throw new Error(
      `mobilisations must be a whole number from 1 to ${MAX_MOBILISATIONS}, got ${mobilisations}`,
    );
  }
  if (format !== 'csv' && format !== 'xlsx')
    throw new Error(`format must be csv or xlsx, got '${String(format)}'`);
  const startDay = parseIsoDay(options.startDate ?? DEFAULT_START_DATE);
  const months = options.months ?? defaultMonths(mobilisations);
  if (!Number.isInteger(months) || months < 1 || months > 1200)
    throw new Error(`months must be 1..1200, got ${months}`);
  const endDay = addMonths(startDay, months);

  fs.mkdirSync(outDir, { recursive: true });
  const incidentsFile = path.join(outDir, `synthetic-incidents.${format}`);
  const mobilisationsFile = path.join(outDir, `synthetic-mobilisations.${format}`);
  const plan: PartPlan = {
    seed,
    mobilisations,
    startDay,
    days: endDay - startDay,
    format,
    incidentsFile,
    mobilisationsFile,
    ...(options.shift ? { shift: options.shift } : {}),
    ...(options.weather ? { weather: true } : {}),
  };
  // exceljs spends ~90 µs a row rendering XML: with two workbooks to write, a worker writes the Incident
  // workbook while this thread writes the Mobilisation one. Both replay the same seeded simulation (a
  // small share of the time), so the files agree without passing rows between threads.
  const parallel = format === 'xlsx' && (options.parallel ?? true);
  const worker = parallel ? writePartsInWorker(plan, ['incidents']) : null;
  let mainPart: PartResult;
  try {
    mainPart = await writeParts(
      plan,
      parallel ? ['mobilisations'] : ['incidents', 'mobilisations'],
      options.onProgress,
    );
  } catch (error) {
    await worker?.stop();
    throw error;
  }
  const workerPart = worker ? await worker.result : null;
  if (workerPart && workerPart.incidents !== mainPart.incidents) {
    throw new Error('internal error: the two halves of the synthetic simulation disagree');
  }
  const { incidents, firstDate, lastDate } = mainPart;
  const produced = mainPart.mobilisations;

  const stationsFile = path.join(outDir, 'stations.csv');
  fs.writeFileSync(stationsFile, stationsCsv(options.shift));
  const schoolHolidaysFile = path.join(outDir, 'school-holidays.json');
  fs.writeFileSync(schoolHolidaysFile, schoolHolidaysJson(startDay, endDay));
  const weatherFiles = options.weather
    ? writeWeatherFiles(outDir, seed, startDay, endDay - startDay)
    : undefined;
  const groundTruthFile = path.join(outDir, 'ground-truth.json');
  fs.writeFileSync(
    groundTruthFile,
    JSON.stringify(
      {
        note: 'SYNTHETIC data from the Pump ETA generator: not real London Fire Brigade records.',
        seed,
        format,
        mobilisations: produced,
        incidents,
        firstDate,
        lastDate,
        groundTruth: GROUND_TRUTH,
        weather: options.weather ? WEATHER_TRUTH : 'off (no rain effect)',
        noise: noiseConstants(),
        simulation: SIMULATION,
        ...(options.shift ? { shift: options.shift } : {}),
      },
      null,
      2,
    ) + '\n',
  );
  return {
    incidentsFile,
    mobilisationsFile,
    stationsFile,
    groundTruthFile,
    schoolHolidaysFile,
    ...(weatherFiles ? { weatherFiles } : {}),
    incidents,
    mobilisations: produced,
    firstDate,
    lastDate,
  };
}

function writeWeatherFiles(
  outDir: string,
  seed: string | number,
  startDay: number,
  days: number,
): { visualCrossing: string; openMeteo: string } {
  const hours = simulateWeather(seed, startDay, days);
  const visualCrossing = path.join(outDir, 'weather-visual-crossing.csv');
  const openMeteo = path.join(outDir, 'weather-open-meteo.csv');
  fs.writeFileSync(visualCrossing, visualCrossingCsv(hours));
  fs.writeFileSync(openMeteo, openMeteoCsv(hours, { timezone: 'GMT' }));
  return { visualCrossing, openMeteo };
}

/**
 * name, code, borough, easting, northing, latitude, longitude: the form the importer reads stations in.
 * A shift's new station is listed too, at the place of the station it replaces.
 */
export function stationsCsv(shift?: SyntheticShift): string {
  let text = csvLine(STATION_COLUMNS.map((c) => c.name));
  const fresh = shift?.newStation;
  const replaced = fresh ? STATIONS.find((s) => s.code === fresh.replaces) : undefined;
  const listed =
    replaced && fresh ? [...STATIONS, { ...replaced, code: fresh.code, name: fresh.name }] : STATIONS;
  for (const s of listed) {
    const { lat, lon } = bngToWgs84(s.easting, s.northing);
    text += csvLine([
      s.name,
      s.code,
      s.borough,
      String(s.easting),
      String(s.northing),
      String(Number(lat.toFixed(7))),
      String(Number(lon.toFixed(7))),
    ]);
  }
  return text;
}

/**
 * The generator's school holidays for the whole years the data spans (and the Christmas break running
 * into the first of them), in the format of the app's editable calendar file, so an evaluation can give a
 * learner exactly the calendar the truth used.
 */
export function schoolHolidaysJson(startDay: number, endDay: number): string {
  const first = civilDate(startDay).year;
  const last = civilDate(endDay).year;
  const holidays: { name: string; start: string; end: string }[] = [];
  for (let year = first - 1; year <= last; year++) {
    for (const r of schoolHolidayRanges(year)) {
      if (year === first - 1 && !r.name.startsWith('Christmas')) continue;
      holidays.push({ name: r.name, start: isoDate(r.start), end: isoDate(r.end) });
    }
  }
  const file = {
    description:
      'SYNTHETIC: the school holidays used by the Pump ETA synthetic data generator (rule-based London pattern). ' +
      'Load this as the school calendar to give a learner exactly the calendar of the ground truth.',
    region: 'London (synthetic generator rules)',
    approximate: true,
    holidays,
  };
  return JSON.stringify(file, null, 2) + '\n';
}
