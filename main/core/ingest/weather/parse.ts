import { countOf } from '../../../../contract/counts.js';
import { Rejection, RejectionLog } from '../../lfb/reasons.js';
import { CsvTokenizer } from '../csv.js';
import { FileFormatError } from '../errors.js';
import { LondonHours, MS_PER_HOUR, readHour } from './hours.js';
import { converterFor, PLAUSIBLE, type WeatherQuantity } from './units.js';

/**
 * Reads an hourly weather history file, as exported by Visual Crossing (a header `name,datetime,temp,
 * …,precip,…`) or by Open-Meteo's historical API (metadata lines, a blank line, then `time,
 * temperature_2m (°C),…`). Both are detected from the header, like the LFB files. Values are returned
 * in the stored metric units; rows that cannot be weather are rejected by reason with examples.
 */

export type WeatherFormat = 'visual-crossing' | 'open-meteo';
/** How a file's hours become instants: London wall clock, or one fixed offset from UTC (0: UTC). */
export type HourZone =
  { readonly london: true } | { readonly offsetSeconds: number; readonly timezone: string };

/** One hour as stored: null where the file has no value. */
export interface WeatherHour {
  readonly hourAt: number;
  readonly temperatureC: number | null;
  readonly precipitationMm: number | null;
  readonly rainMm: number | null;
  readonly snowCm: number | null;
  readonly windKmh: number | null;
  readonly visibilityKm: number | null;
  readonly conditions: string | null;
}

export interface ParsedWeather {
  readonly format: WeatherFormat;
  readonly zone: HourZone;
  readonly hours: WeatherHour[];
  readonly rowsRead: number;
  /** Rows whose hour an earlier row of the file already gave (the first is kept). */
  readonly repeated: number;
  readonly rejected: RejectionLog;
  readonly notes: string[];
  /** Which stored values the file has columns for. */
  readonly columns: readonly (keyof Omit<WeatherHour, 'hourAt'>)[];
}

/** The header is looked for in the first rows: Open-Meteo puts two metadata lines before it. */
const HEADER_SEARCH_ROWS = 10;
/** Visual Crossing's CSV carries no units: more than this share of temperatures above 45 means °F. */
const FAHRENHEIT_SHARE = 0.01;
/** Open-Meteo's metadata names the grid point: one this far from central London is another place. */
const LONDON_BOX = { minLat: 51.2, maxLat: 51.8, minLon: -0.7, maxLon: 0.5 } as const;
const EXAMPLES_OF_REPEATS = 3;
/** UTC offsets run from −12 to +14 hours. */
const MAX_OFFSET_SECONDS = 14 * 3600;

const key = (cell: string) => cell.trim().toLowerCase();

/** Tokenizes the whole text (BOM, `;` separators and decimal commas as the LFB readers accept them). */
export function csvRows(text: string): { cells: string[]; row: number }[] {
  const rows: { cells: string[]; row: number }[] = [];
  const tokenizer = new CsvTokenizer((cells, row) => rows.push({ cells, row }));
  tokenizer.push(text);
  tokenizer.end();
  return rows;
}

function isVisualCrossingHeader(cells: readonly string[]): boolean {
  const keys = cells.map(key);
  return keys.includes('datetime') && keys.includes('temp');
}

function isOpenMeteoHeader(cells: readonly string[]): boolean {
  return (
    key(cells[0] ?? '') === 'time' && cells.slice(1).some((c) => /^[a-z0-9_]+\s*\(.*\)$/i.test(c.trim()))
  );
}

/** The format a file's first rows show, and where its header is; null when it is no weather file. */
export function detectWeather(
  rows: readonly { cells: string[] }[],
): { format: WeatherFormat; headerIndex: number } | null {
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const cells = rows[i]!.cells;
    if (isVisualCrossingHeader(cells)) return { format: 'visual-crossing', headerIndex: i };
    if (isOpenMeteoHeader(cells)) return { format: 'open-meteo', headerIndex: i };
  }
  return null;
}

type ValueField = Exclude<keyof WeatherHour, 'hourAt' | 'conditions'>;
const QUANTITY: Record<ValueField, WeatherQuantity> = {
  temperatureC: 'temperature',
  precipitationMm: 'precipitation',
  rainMm: 'precipitation',
  snowCm: 'snow',
  windKmh: 'wind',
  visibilityKm: 'visibility',
};

interface ColumnPlan {
  readonly index: number;
  readonly field: ValueField;
  readonly convert: (v: number) => number;
  readonly header: string;
}

/** Open-Meteo's variable names (both spellings its API has used) → stored fields. */
const OPEN_METEO_FIELDS: Readonly<Record<string, ValueField>> = {
  temperature_2m: 'temperatureC',
  precipitation: 'precipitationMm',
  rain: 'rainMm',
  snowfall: 'snowCm',
  wind_speed_10m: 'windKmh',
  windspeed_10m: 'windKmh',
  visibility: 'visibilityKm',
};

/** Visual Crossing's columns (metric unit group: °C, mm, cm, km/h, km) → stored fields. */
const VISUAL_CROSSING_FIELDS: Readonly<Record<string, ValueField>> = {
  temp: 'temperatureC',
  precip: 'precipitationMm',
  snow: 'snowCm',
  windspeed: 'windKmh',
  visibility: 'visibilityKm',
};

function openMeteoPlan(header: readonly string[]): ColumnPlan[] {
  const plan: ColumnPlan[] = [];
  header.forEach((cell, index) => {
    const m = /^([a-z0-9_]+)\s*\((.*)\)$/i.exec(cell.trim());
    if (!m) return;
    const field = OPEN_METEO_FIELDS[m[1]!.toLowerCase()];
    if (!field) return;
    plan.push({
      index,
      field,
      convert: converterFor(QUANTITY[field], m[2]!, cell.trim()),
      header: cell.trim(),
    });
  });
  return plan;
}

function visualCrossingPlan(header: readonly string[]): ColumnPlan[] {
  const plan: ColumnPlan[] = [];
  header.forEach((cell, index) => {
    const field = VISUAL_CROSSING_FIELDS[key(cell)];
    if (field) plan.push({ index, field, convert: (v) => v, header: cell.trim() });
  });
  return plan;
}

/**
 * Open-Meteo's metadata: `latitude,longitude,elevation,utc_offset_seconds,timezone,…` and its values.
 * Open-Meteo writes every hour of a file with the one offset in `utc_offset_seconds` (the zone's offset
 * when the file was requested: it applies no summer-time change within a series), so its hours are
 * instants once that offset is taken off, whatever the zone's name.
 */
function openMeteoZone(rows: readonly { cells: string[] }[], headerIndex: number, notes: string[]): HourZone {
  const names = rows[0] && headerIndex >= 2 ? rows[0].cells.map(key) : [];
  const values = headerIndex >= 2 ? (rows[1]?.cells ?? []) : [];
  const meta = (name: string) => {
    const i = names.indexOf(name);
    return i >= 0 ? (values[i] ?? '').trim() : '';
  };
  const lat = Number(meta('latitude'));
  const lon = Number(meta('longitude'));
  if (meta('latitude') !== '' && meta('longitude') !== '') {
    const inBox =
      lat >= LONDON_BOX.minLat &&
      lat <= LONDON_BOX.maxLat &&
      lon >= LONDON_BOX.minLon &&
      lon <= LONDON_BOX.maxLon;
    if (!inBox) {
      throw new FileFormatError(
        `it is the weather at latitude ${meta('latitude')}, longitude ${meta('longitude')}, not in London: ` +
          'export it for a London point (e.g. latitude 51.51, longitude -0.13)',
      );
    }
  }
  const offsetText = meta('utc_offset_seconds');
  if (offsetText === '') {
    notes.push(
      'the file has no utc_offset_seconds metadata: its hours were read as UTC (Open-Meteo’s default, GMT)',
    );
    return { offsetSeconds: 0, timezone: 'GMT' };
  }
  const offsetSeconds = Number(offsetText);
  if (!Number.isInteger(offsetSeconds) || Math.abs(offsetSeconds) > MAX_OFFSET_SECONDS) {
    throw new FileFormatError(`its utc_offset_seconds '${offsetText}' is not an offset from UTC in seconds`);
  }
  return { offsetSeconds, timezone: meta('timezone') || 'GMT' };
}

const UNIT_GROUP_HINT =
  'Visual Crossing files carry no units, and these temperatures look like °F: export with unitGroup=metric';

/** Parses a whole weather file; throws FileFormatError (nothing to store) when it cannot be one. */
export function parseWeather(text: string): ParsedWeather {
  const rows = csvRows(text);
  const found = detectWeather(rows);
  if (!found) {
    throw new FileFormatError(
      'it is not a weather history file: a Visual Crossing CSV (name,datetime,temp,…) or an Open-Meteo ' +
        'CSV (time,temperature_2m (°C),…) was expected',
    );
  }
  const { format, headerIndex } = found;
  const header = rows[headerIndex]!.cells;
  const notes: string[] = [];
  const zone: HourZone = format === 'open-meteo' ? openMeteoZone(rows, headerIndex, notes) : { london: true };
  const plan = format === 'open-meteo' ? openMeteoPlan(header) : visualCrossingPlan(header);
  const has = new Set(plan.map((p) => p.field));
  if (!has.has('temperatureC') && !has.has('precipitationMm') && !has.has('rainMm')) {
    throw new FileFormatError(
      'it has neither a temperature nor a precipitation column: export temperature and precipitation',
    );
  }
  const keys = header.map(key);
  const timeIndex = format === 'open-meteo' ? 0 : keys.indexOf('datetime');
  const conditionsIndex = format === 'visual-crossing' ? keys.indexOf('conditions') : -1;
  const typeIndex = format === 'visual-crossing' ? keys.indexOf('preciptype') : -1;

  const data = rows.slice(headerIndex + 1);
  if (data.length === 0) throw new FileFormatError('it has a header but no hours');
  if (format === 'visual-crossing') refuseFahrenheit(data, keys.indexOf('temp'));

  const rejected = new RejectionLog();
  const london = new LondonHours();
  const byHour = new Map<number, WeatherHour>();
  /** Where each kept hour came from, to name both rows when a later one contradicts it. */
  const firstRow = new Map<number, { row: number; when: string }>();
  const conflicts = new Map<number, { row: number; when: string; differ: string[] }[]>();
  /** Every hour the file names with a readable time, kept or rejected: what is not here is a gap. */
  const named = new Set<number>();
  const repeats: string[] = [];
  let repeated = 0;
  let dateOnly = 0;
  for (const { cells, row } of data) {
    const when = (cells[timeIndex] ?? '').trim();
    const reading = readHour(when);
    if (!reading.ok) {
      if (reading.dateOnly) dateOnly++;
      rejected.add(new Rejection('bad_hour', `hour ${reading.problem}`, when), row);
      continue;
    }
    const hourAt =
      'london' in zone
        ? london.instant(reading.wallClockMs)
        : reading.wallClockMs - zone.offsetSeconds * 1000;
    if (hourAt === null) {
      rejected.add(
        new Rejection('no_such_local_hour', 'the clocks went forward past this hour in London', when),
        row,
      );
      continue;
    }
    named.add(hourAt);
    const values = readValues(cells, plan, row, rejected);
    if (values === null) continue;
    const type = typeIndex >= 0 ? (cells[typeIndex] ?? '').toLowerCase() : '';
    const rainMm = values.rainMm ?? (format === 'visual-crossing' ? visualCrossingRain(values, type) : null);
    const conditions = conditionsIndex >= 0 ? (cells[conditionsIndex] ?? '').trim() || null : null;
    const hour: WeatherHour = { hourAt, ...values, rainMm, conditions };
    const kept = byHour.get(hourAt);
    if (kept === undefined) {
      byHour.set(hourAt, hour);
      firstRow.set(hourAt, { row, when });
      continue;
    }
    const differ = differingValues(kept, hour);
    if (differ.length === 0) {
      // The same hour with the same values again: harmless, counted as unchanged.
      repeated++;
      if (repeats.length < EXAMPLES_OF_REPEATS) repeats.push(`row ${row} (${when})`);
      continue;
    }
    const list = conflicts.get(hourAt) ?? [];
    list.push({ row, when, differ });
    conflicts.set(hourAt, list);
  }
  const conflictNote = rejectConflicts(conflicts, firstRow, byHour, rejected);
  if (dateOnly > data.length / 2) {
    throw new FileFormatError(
      'it is a daily weather file (dates without hours): export hourly values (Visual Crossing: include=hours)',
    );
  }
  if (repeated > 0) {
    notes.push(
      `${countOf(repeated, 'row repeats', 'rows repeat')} an hour given earlier in the file with the same values ` +
        `(${repeats.join(', ')}): each hour was stored once`,
    );
  }
  if (conflictNote) notes.push(conflictNote);
  const hours = [...byHour.values()].sort((a, b) => a.hourAt - b.hourAt);
  notes.push(...gapNotes(named, rejected.total));
  const columns = [
    ...plan.map((p) => p.field),
    ...(format === 'visual-crossing' && has.has('precipitationMm') ? (['rainMm'] as const) : []),
    ...(conditionsIndex >= 0 ? (['conditions'] as const) : []),
  ];
  return {
    format,
    zone,
    hours,
    rowsRead: data.length,
    repeated,
    rejected,
    notes,
    columns: [...new Set(columns)],
  };
}

type Values = Omit<WeatherHour, 'hourAt' | 'conditions'>;

function readValues(
  cells: readonly string[],
  plan: readonly ColumnPlan[],
  row: number,
  rejected: RejectionLog,
): Values | null {
  const out: Record<ValueField, number | null> = {
    temperatureC: null,
    precipitationMm: null,
    rainMm: null,
    snowCm: null,
    windKmh: null,
    visibilityKm: null,
  };
  for (const p of plan) {
    const raw = (cells[p.index] ?? '').trim();
    if (raw === '') continue;
    const n = Number(raw);
    if (!Number.isFinite(n)) {
      rejected.add(new Rejection('bad_number', `${p.header} is not a number`, raw), row);
      return null;
    }
    const v = p.convert(n);
    const range = PLAUSIBLE[QUANTITY[p.field]];
    if (v < range.min || v > range.max) {
      rejected.add(
        new Rejection(
          'implausible_weather',
          `${p.header} is outside ${range.min}…${range.max} for London (metric units)`,
          raw,
        ),
        row,
      );
      return null;
    }
    out[p.field] = v;
  }
  return out;
}

/** A Visual Crossing file in the US unit group: °F shows in the temperature column first. */
function refuseFahrenheit(data: readonly { cells: string[] }[], tempIndex: number): void {
  if (tempIndex < 0) return;
  let above = 0;
  let read = 0;
  for (const { cells } of data) {
    const n = Number((cells[tempIndex] ?? '').trim());
    if ((cells[tempIndex] ?? '').trim() === '' || !Number.isFinite(n)) continue;
    read++;
    if (n > PLAUSIBLE.temperature.max) above++;
  }
  if (read > 0 && above / read > FAHRENHEIT_SHARE) {
    throw new FileFormatError(
      `${above} of its ${read} temperatures are above ${PLAUSIBLE.temperature.max}: ${UNIT_GROUP_HINT}`,
    );
  }
}

/**
 * Gaps: hours between the file's first and last that no row names. An hour a row names but that was
 * rejected is no gap — it is counted and explained among the rejections — so the two are said apart.
 */
function gapNotes(named: ReadonlySet<number>, rejectedRows: number): string[] {
  const instants = [...named].sort((a, b) => a - b);
  let missing = 0;
  let largest = { from: 0, hours: 0 };
  for (let i = 1; i < instants.length; i++) {
    const gap = (instants[i]! - instants[i - 1]!) / MS_PER_HOUR - 1;
    if (gap <= 0) continue;
    missing += gap;
    if (gap > largest.hours) largest = { from: instants[i - 1]! + MS_PER_HOUR, hours: gap };
  }
  if (missing === 0) return [];
  const rejectedToo =
    rejectedRows > 0 ? ` (besides the ${countOf(rejectedRows, 'rejected row', 'rejected rows')} above)` : '';
  return [
    `gaps: ${countOf(missing, 'hour', 'hours')} between the first and the last are not in the file${rejectedToo} ` +
      `— the longest gap: ${countOf(largest.hours, 'hour', 'hours')} from ` +
      `${new Date(largest.from).toISOString().slice(0, 16)} UTC; calls in them train without weather`,
  ];
}

/** Snow's water, as Open-Meteo converts it: 7 cm of snow is 10 mm of water. */
const SNOW_CM_PER_MM_WATER = 0.7;
/** Kinds of precipitation Visual Crossing's `preciptype` names that are liquid (freezing rain falls as rain). */
const LIQUID_TYPE = /rain/;
const FROZEN_TYPE = /snow|ice/;

/**
 * The liquid part of a Visual Crossing hour, in mm. Its `precip` is all precipitation as water,
 * snow's water equivalent included, and it has no rain column; Open-Meteo's `rain` is liquid only.
 * So that both sources store the same meaning: an hour with no snow and no frozen type is all rain;
 * an hour with snow and no liquid type has no rain; an hour with both is its water less the snow's
 * water (never below 0), or unknown when the file gives no snow amount to take off.
 */
function visualCrossingRain(values: Values, type: string): number | null {
  const precip = values.precipitationMm;
  if (precip === null) return null;
  const snow = values.snowCm;
  const frozen = (snow !== null && snow > 0) || FROZEN_TYPE.test(type);
  if (!frozen) return precip;
  if (!LIQUID_TYPE.test(type)) return 0;
  if (snow === null) return null;
  return Math.max(0, Math.round((precip - snow / SNOW_CM_PER_MM_WATER) * 1000) / 1000);
}

const VALUE_NAMES: Readonly<Record<keyof Omit<WeatherHour, 'hourAt'>, string>> = {
  temperatureC: 'temperature',
  precipitationMm: 'precipitation',
  rainMm: 'rain',
  snowCm: 'snow',
  windKmh: 'wind',
  visibilityKm: 'visibility',
  conditions: 'conditions',
};

/** The values two rows of one hour disagree on, as "temperature 5 / 7". */
function differingValues(a: WeatherHour, b: WeatherHour): string[] {
  const out: string[] = [];
  for (const [field, name] of Object.entries(VALUE_NAMES) as [keyof typeof VALUE_NAMES, string][]) {
    const x = a[field];
    const y = b[field];
    const same = typeof x === 'number' && typeof y === 'number' ? Math.abs(x - y) < VALUE_TOLERANCE : x === y;
    if (!same) out.push(`${name} ${x ?? 'empty'} / ${y ?? 'empty'}`);
  }
  return out;
}

/** Numbers closer than this are the same reading written twice. */
const VALUE_TOLERANCE = 1e-6;

/**
 * An hour the file gives twice with different values: the file contradicts itself, and storing either
 * row would be a guess (the later is not a correction — corrections come as a later file). Every row of
 * such an hour is rejected, the hour keeps whatever the history already held, and the note names them.
 */
function rejectConflicts(
  conflicts: ReadonlyMap<number, readonly { row: number; when: string; differ: string[] }[]>,
  firstRow: ReadonlyMap<number, { row: number; when: string }>,
  byHour: Map<number, WeatherHour>,
  rejected: RejectionLog,
): string | null {
  if (conflicts.size === 0) return null;
  const examples: string[] = [];
  for (const [hourAt, later] of conflicts) {
    byHour.delete(hourAt);
    const first = firstRow.get(hourAt)!;
    // Each row names the other rows of its hour, never itself.
    const rowsOf = (rows: readonly number[]) => `${rows.length === 1 ? 'row' : 'rows'} ${rows.join(' and ')}`;
    const firstMessage = `this hour is also given by ${rowsOf(later.map((r) => r.row))} with other values`;
    rejected.add(new Rejection('conflicting_hour', firstMessage, first.when), first.row);
    for (const r of later) {
      const message = `this hour is also given by row ${first.row} with other values (${r.differ.join(', ')})`;
      rejected.add(new Rejection('conflicting_hour', message, r.when), r.row);
    }
    if (examples.length < EXAMPLES_OF_REPEATS) {
      examples.push(
        `${first.when}: rows ${[first.row, ...later.map((r) => r.row)].join(' and ')} (${later[0]!.differ.join(', ')})`,
      );
    }
  }
  const more = conflicts.size > examples.length ? `, and ${conflicts.size - examples.length} more` : '';
  return (
    `${countOf(conflicts.size, 'hour is', 'hours are')} given twice with different values — ${examples.join('; ')}${more}: ` +
    'neither row of such an hour was stored (the file contradicts itself; the history keeps what it held). ' +
    'Correct the file and import it again'
  );
}
