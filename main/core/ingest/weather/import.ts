import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/index.js';
import { MAX_REJECTED_SHARE } from '../checks.js';
import { FileFormatError, ImportFileError, type Acceptable } from '../errors.js';
import type { ChangedField, FileReport } from '../types.js';
import { completeImport, insertImport } from '../writer.js';
import {
  csvRows,
  detectWeather,
  parseWeather,
  type HourZone,
  type WeatherFormat,
  type WeatherHour,
} from './parse.js';

/**
 * Imports a weather history file into `weather_hours` (migration 008) in one transaction, with the LFB
 * imports' guarantees: a refused file changes nothing; an hour already stored with the same values is
 * left alone (unchanged), with different values is replaced (changed; the earlier version is kept for
 * undo by the table's trigger); the import is listed and undone like any other.
 */

/** Ten years of hours with every column is ~10 MB: past this it is no weather file. */
export const MAX_WEATHER_FILE_BYTES = 64 * 1024 * 1024;
/** Enough of the file for Open-Meteo's metadata lines and the header. */
const SNIFF_BYTES = 8 * 1024;
/** Values are compared to this many decimals, as the LFB imports compare theirs. */
const COMPARE_DECIMALS = 6;

/** Whether the file's first rows show a weather header (either format). */
export async function isWeatherFile(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes.includes(0)) return false; // binary, or UTF-16: the LFB path refuses it by name
    const text = bytes.toString('utf8');
    // The last line may be cut mid-way: only whole lines are looked at.
    const whole = bytesRead === SNIFF_BYTES ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
    try {
      return detectWeather(csvRows(whole)) !== null;
    } catch {
      return false;
    }
  } finally {
    await handle.close();
  }
}

const COLUMNS = [
  ['temperature_c', 'temperatureC'],
  ['precipitation_mm', 'precipitationMm'],
  ['rain_mm', 'rainMm'],
  ['snow_cm', 'snowCm'],
  ['wind_kmh', 'windKmh'],
  ['visibility_km', 'visibilityKm'],
  ['conditions', 'conditions'],
] as const satisfies readonly (readonly [string, keyof WeatherHour])[];

type StoredRow = Record<(typeof COLUMNS)[number][0], number | string | null>;

function same(a: number | string | null, b: number | string | null): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return a.toFixed(COMPARE_DECIMALS) === b.toFixed(COMPARE_DECIMALS);
  }
  return a === b;
}

export interface WeatherImportOptions {
  readonly acceptPartial?: boolean;
}

export async function importWeather(
  db: Db,
  file: string,
  size: number,
  options: WeatherImportOptions = {},
): Promise<FileReport> {
  if (size > MAX_WEATHER_FILE_BYTES) {
    throw new FileFormatError(
      `the weather file is ${Math.round(size / 1024 / 1024)} MB, more than the ${MAX_WEATHER_FILE_BYTES / 1024 / 1024} MB an hourly weather file can be`,
    );
  }
  const startedAt = new Date().toISOString();
  const bytes = await fs.readFile(file);
  const parsed = parseWeather(bytes.toString('utf8'));
  const rejectedShare = parsed.rowsRead === 0 ? 0 : parsed.rejected.total / parsed.rowsRead;
  const acceptedPartial: Acceptable[] = [];
  if (rejectedShare > MAX_REJECTED_SHARE) {
    const examples = parsed.rejected.examples
      .slice(0, 3)
      .map((e) => `row ${e.row}: ${e.message} ('${e.value}')`)
      .join('; ');
    if (!options.acceptPartial) {
      throw new ImportFileError(
        file,
        `${parsed.rejected.total} of its ${parsed.rowsRead} hours (${Math.round(rejectedShare * 100)} %) ` +
          `were rejected, more than ${MAX_REJECTED_SHARE * 100} %: ${examples}`,
        'rejected_share',
      );
    }
    acceptedPartial.push('rejected_share');
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const fileName = path.basename(file);
  // Only columns the file has can correct stored values (as with the LFB files' absent columns).
  const present = COLUMNS.filter(([, field]) => parsed.columns.includes(field as never));
  const select = db.prepare(
    `SELECT ${COLUMNS.map(([c]) => c).join(', ')} FROM weather_hours WHERE hour_at = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO weather_hours (hour_at, ${COLUMNS.map(([c]) => c).join(', ')}, source, import_id)
     VALUES (?, ${COLUMNS.map(() => '?').join(', ')}, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE weather_hours SET ${present.map(([c]) => `${c} = ?`).join(', ')}, source = ?, import_id = ?
     WHERE hour_at = ?`,
  );
  const changedBy = new Map<string, number>();
  let added = 0;
  let changed = 0;
  let unchanged = 0;
  const importId = db
    .transaction(() => {
      const id = insertImport(db, { fileName, kind: 'weather', sizeBytes: size, startedAt });
      for (const hour of parsed.hours) {
        const stored = select.get(hour.hourAt) as StoredRow | undefined;
        if (stored === undefined) {
          insert.run(hour.hourAt, ...COLUMNS.map(([, f]) => hour[f]), parsed.format, id);
          added++;
          continue;
        }
        const differ = present.filter(([c, f]) => !same(stored[c], hour[f]));
        if (differ.length === 0) {
          unchanged++;
          continue;
        }
        for (const [c] of differ) changedBy.set(c, (changedBy.get(c) ?? 0) + 1);
        update.run(...present.map(([, f]) => hour[f]), parsed.format, id, hour.hourAt);
        changed++;
      }
      completeImport(db, id, {
        sha256,
        finishedAt: new Date().toISOString(),
        rowsRead: parsed.rowsRead,
        rowsImported: added,
        rowsChanged: changed,
        rowsDuplicate: unchanged + parsed.repeated,
        rowsRejected: parsed.rejected.total,
        acceptPartial: acceptedPartial.length > 0,
        report: {
          format: parsed.format,
          hours: parsed.zone,
          notes: notesOf(parsed.format, parsed.zone, parsed.notes),
          rejected: parsed.rejected.counts,
          examples: parsed.rejected.examples,
        },
      });
      return id;
    })
    .immediate();
  const changedFields: ChangedField[] = [...changedBy]
    .sort((a, b) => b[1] - a[1])
    .map(([field, rows]) => ({ field, rows }));
  return {
    file,
    kind: 'weather',
    importId,
    rowsRead: parsed.rowsRead,
    rowsImported: added,
    rowsChanged: changed,
    rowsDuplicate: unchanged + parsed.repeated,
    rowsRejected: parsed.rejected.total,
    rejected: parsed.rejected.counts,
    examples: parsed.rejected.examples,
    changedFields,
    acceptedPartial,
    dateOrder: 'day-first',
    notes: notesOf(parsed.format, parsed.zone, parsed.notes),
  };
}

function notesOf(format: WeatherFormat, zone: HourZone, notes: readonly string[]): string[] {
  const name = format === 'open-meteo' ? 'Open-Meteo' : 'Visual Crossing';
  return [`hourly weather from ${name}: ${zoneText(zone)}, stored by UTC hour`, ...notes];
}

/** How the hours were read, in words. */
export function zoneText(zone: HourZone): string {
  if ('london' in zone) return 'London wall-clock hours (GMT in winter, BST in summer)';
  if (zone.offsetSeconds === 0) return 'UTC hours';
  const hours = zone.offsetSeconds / 3600;
  return `${zone.timezone} hours at one offset, UTC${hours >= 0 ? '+' : ''}${hours}, for the whole file (as Open-Meteo writes them)`;
}
