import { CALL_TIME_PATTERN, callTimeProblem } from '../../../contract/index.js';
import { MS_PER_DAY } from './days.js';
import { londonLocalMs, londonOffset } from './londonTime.js';

/**
 * A call time as the dispatcher wrote it, made an instant. Without an offset it is London wall-clock
 * time, which is what a control room's clocks show: BST in summer, GMT in winter. The two hours a year
 * when that is not one instant are refused in words rather than guessed.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
/** London is on GMT (+0) or BST (+60 minutes) for every year a call time may have. */
const LONDON_OFFSETS_MINUTES = [60, 0] as const;

export class CallTimeError extends Error {
  override name = 'CallTimeError';
}

export interface ResolvedCallTime {
  readonly instant: Date;
  /** How it was read, e.g. "Fri 14 Mar 2025 17:30 London time (GMT)". */
  readonly description: string;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "Fri 14 Mar 2025 17:30 London time (BST)" for an instant. */
export function describeLondonTime(ms: number): string {
  const local = new Date(londonLocalMs(ms));
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return (
    `${WEEKDAYS[local.getUTCDay()]} ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ` +
    `${local.getUTCFullYear()} ${hh}:${mm} London time (${londonOffset(ms) === 0 ? 'GMT' : 'BST'})`
  );
}

function localLabel(localMs: number): string {
  return new Date(localMs).toISOString().slice(0, 16).replace('T', ' ');
}

/** Reads a call time (see CALL_TIME_PATTERN); `now` supplies today's London date for `HH:MM`. */
export function resolveCallTime(text: string, now: Date): ResolvedCallTime {
  const problem = callTimeProblem(text);
  if (problem) throw new CallTimeError(problem);
  const [, y, mo, d, h, mi, sec, frac, zone] = CALL_TIME_PATTERN_WITH_FRACTION.exec(text.trim())!;
  const fractionMs = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let dayMs: number;
  if (y === undefined) {
    const today = Math.floor(londonLocalMs(now.getTime()) / MS_PER_DAY);
    dayMs = today * MS_PER_DAY;
  } else dayMs = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  const wallMs =
    dayMs + Number(h) * MS_PER_HOUR + Number(mi) * MS_PER_MINUTE + Number(sec ?? 0) * 1000 + fractionMs;
  if (zone) {
    const instant = wallMs - zoneMinutes(zone) * MS_PER_MINUTE;
    return { instant: new Date(instant), description: describeLondonTime(instant) };
  }
  // Which of London's two offsets makes this wall-clock time: one normally, none in the spring gap,
  // two in the autumn overlap.
  const fits = LONDON_OFFSETS_MINUTES.map((o) => wallMs - o * MS_PER_MINUTE).filter(
    (instant) => londonOffset(instant) * MS_PER_MINUTE === wallMs - instant,
  );
  const label = localLabel(wallMs);
  const iso = new Date(wallMs).toISOString().slice(0, 16);
  if (fits.length === 0) {
    throw new CallTimeError(
      `${label} does not exist in London: the clocks go forward an hour that night ` +
        `(01:00 GMT becomes 02:00 BST). Give the time after the change, or an offset, e.g. ${iso}Z`,
    );
  }
  if (fits.length > 1) {
    throw new CallTimeError(
      `${label} happens twice in London: the clocks go back an hour that night. ` +
        `Say which: ${iso}+01:00 for the first (BST), ${iso}+00:00 for the second (GMT)`,
    );
  }
  return { instant: new Date(fits[0]!), description: describeLondonTime(fits[0]!) };
}

/** The contract's pattern with the fractional seconds captured too. */
const CALL_TIME_PATTERN_WITH_FRACTION = new RegExp(
  CALL_TIME_PATTERN.source.replace('(?:\\.\\d{1,9})?', '(?:\\.(\\d{1,9}))?'),
  CALL_TIME_PATTERN.flags,
);

function zoneMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}
