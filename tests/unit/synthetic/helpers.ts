import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import {
  generateSynthetic,
  type GenerateOptions,
  type GenerateResult,
} from '../../../tools/synthetic/index.js';

export type Row = Record<string, string>;

/** The real LFB samples live beside the repository, never inside it. */
export const REAL_DATA_DIR = fileURLToPath(new URL('../../../../shared/data/lfb-real/', import.meta.url));
export const HAVE_REAL_DATA = fs.existsSync(path.join(REAL_DATA_DIR, 'incidents-2023-sample.csv'));

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pump-eta-synth-${label}-`));
}

export function readCsv(file: string): Row[] {
  return parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true }) as Row[];
}

export function headerOf(file: string): string[] {
  const firstLine = fs.readFileSync(file, 'utf8').split('\n', 1)[0]!;
  return (parse(firstLine) as string[][])[0]!;
}

export interface Generated {
  readonly result: GenerateResult;
  readonly incidents: Row[];
  readonly mobilisations: Row[];
  readonly incidentById: Map<string, Row>;
}

export async function generateCsv(
  label: string,
  options: Omit<GenerateOptions, 'outDir' | 'format'>,
): Promise<Generated> {
  const result = await generateSynthetic({ ...options, outDir: tempDir(label), format: 'csv' });
  const incidents = readCsv(result.incidentsFile);
  return {
    result,
    incidents,
    mobilisations: readCsv(result.mobilisationsFile),
    incidentById: new Map(incidents.map((r) => [r.IncidentNumber!, r])),
  };
}

/** A Mobilisation file's day-first local time as a UTC instant (ms), through luxon's zone rules. */
export function londonDayFirst(text: string): number {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`bad day-first date-time '${text}'`);
  const [day, month, year, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const dt = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: 'Europe/London' });
  if (!dt.isValid) throw new Error(`bad day-first date-time '${text}': ${dt.invalidExplanation}`);
  return dt.toMillis();
}

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
