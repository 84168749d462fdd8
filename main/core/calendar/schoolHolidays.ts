import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { packagedResourcesDir } from '../paths.js';
import { parseIsoDate } from './days.js';

/**
 * School holidays come from a bundled, editable JSON calendar rather than code: term dates are set by
 * each London borough and academy trust, change year to year and are only published a year or two
 * ahead, so a data officer must be able to correct or extend them without a new build.
 */

export const SCHOOL_HOLIDAYS_FILE = 'school-holidays.json';
const CALENDARS_DIR = 'calendars';

/** A break no longer than this is almost certainly a typo in the file (the summer break is ~6.5 weeks). */
const MAX_BREAK_DAYS = 62;

export interface SchoolHolidayRange {
  readonly name: string;
  /** First day off, `YYYY-MM-DD`, inclusive (usually the Saturday the break starts). */
  readonly start: string;
  /** Last day off, inclusive (usually the Sunday before school resumes). */
  readonly end: string;
}

const isoDate = z
  .string()
  .refine((s) => parseIsoDate(s) !== null, { message: 'not a valid YYYY-MM-DD date' });

const rangeSchema = z
  .object({ name: z.string().trim().min(1), start: isoDate, end: isoDate })
  .strict()
  .superRefine((r, ctx) => {
    const start = parseIsoDate(r.start);
    const end = parseIsoDate(r.end);
    if (start === null || end === null) return;
    if (end < start) ctx.addIssue({ code: 'custom', message: `end ${r.end} is before start ${r.start}` });
    else if (end - start + 1 > MAX_BREAK_DAYS) {
      ctx.addIssue({
        code: 'custom',
        message: `lasts ${end - start + 1} days (more than ${MAX_BREAK_DAYS})`,
      });
    }
  });

const fileSchema = z.object({
  description: z.string().optional(),
  region: z.string().optional(),
  approximate: z.boolean().optional(),
  holidays: z.array(z.unknown()).min(1),
});

export class SchoolCalendarError extends Error {
  override name = 'SchoolCalendarError';
}

/**
 * Validates the calendar's JSON content; the error names the offending entry (index and name) so the
 * person editing the file can find it.
 */
export function parseSchoolHolidays(json: unknown, source = SCHOOL_HOLIDAYS_FILE): SchoolHolidayRange[] {
  const file = fileSchema.safeParse(json);
  if (!file.success) {
    const issue = file.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new SchoolCalendarError(
      `${source}: expected an object with a non-empty "holidays" array${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const ranges: SchoolHolidayRange[] = [];
  file.data.holidays.forEach((entry, index) => {
    const parsed = rangeSchema.safeParse(entry);
    if (!parsed.success) {
      const name =
        entry && typeof entry === 'object' && 'name' in entry && typeof entry.name === 'string'
          ? ` ("${entry.name}")`
          : '';
      const problems = parsed.error.issues
        .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
        .join('; ');
      throw new SchoolCalendarError(`${source}: holidays[${index}]${name}: ${problems}`);
    }
    ranges.push(parsed.data);
  });
  return ranges;
}

export function loadSchoolHolidays(file: string = bundledSchoolHolidaysPath()): SchoolHolidayRange[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SchoolCalendarError(
      `Cannot read the school holiday calendar ${file}: ${(error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SchoolCalendarError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSchoolHolidays(json, file);
}

/** The calendar inside a resources folder (the checkout's resources/, or an installed app's). */
export function schoolHolidaysFileIn(resourcesDir: string): string {
  return path.join(resourcesDir, CALENDARS_DIR, SCHOOL_HOLIDAYS_FILE);
}

/**
 * Where the bundled calendar is. In an installed app, where electron-builder puts it: the main process
 * knows process.resourcesPath, and worker threads are handed the resources folder by their caller (the
 * training job's `resourcesDir`), so neither searches. From a checkout (sources, dist/, the CLI's
 * build) it is the repository's resources/, found by walking up from this module.
 */
export function bundledSchoolHolidaysPath(
  resourcesPath: string | undefined = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath,
): string {
  if (resourcesPath) {
    const packaged = schoolHolidaysFileIn(packagedResourcesDir(resourcesPath));
    if (!fs.existsSync(packaged))
      throw new SchoolCalendarError(
        `The bundled school holiday calendar ${packaged} is missing. Reinstall Pump ETA to restore it.`,
      );
    return packaged;
  }
  const candidates: string[] = [];
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    candidates.push(schoolHolidaysFileIn(path.join(dir, 'resources')));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found)
    throw new SchoolCalendarError(
      `The bundled school holiday calendar was not found (looked in ${candidates[0]} and up).`,
    );
  return found;
}

/** Fast membership over day numbers: one byte per day of the calendar's span (~7 kB for 19 years). */
export class SchoolHolidayCalendar {
  readonly firstDay: number;
  readonly lastDay: number;
  private readonly flags: Uint8Array;

  constructor(ranges: readonly SchoolHolidayRange[]) {
    const spans = ranges.map((r) => [parseIsoDate(r.start), parseIsoDate(r.end)] as const);
    let first = Infinity;
    let last = -Infinity;
    for (const [s, e] of spans) {
      if (s === null || e === null)
        throw new SchoolCalendarError(`Invalid school holiday range ${JSON.stringify(spans)}`);
      first = Math.min(first, s);
      last = Math.max(last, e);
    }
    this.firstDay = Number.isFinite(first) ? first : 0;
    this.lastDay = Number.isFinite(last) ? last : -1;
    this.flags = new Uint8Array(Math.max(0, this.lastDay - this.firstDay + 1));
    for (const [s, e] of spans)
      this.flags.fill(1, (s as number) - this.firstDay, (e as number) - this.firstDay + 1);
  }

  /**
   * 1 on a school holiday, 0 on a term day, NaN outside the calendar's span: a day the file does not
   * cover is unknown, not a term day, and the model treats it as missing.
   */
  valueOn(dayNum: number): number {
    if (dayNum < this.firstDay || dayNum > this.lastDay) return NaN;
    return this.flags[dayNum - this.firstDay] as number;
  }
}
