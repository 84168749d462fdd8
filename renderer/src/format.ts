/** Display helpers: one place decides how times, distances and dates read on screen. */

/** 312 → "5:12"; 3725 → "62:05". Minutes are not wrapped into hours: dispatchers think in minutes. */
export function formatMinSec(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–:––';
  const total = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  return `${minutes}:${rest.toString().padStart(2, '0')}`;
}

export function formatSeconds(seconds: number): string {
  return Number.isFinite(seconds) ? `${Math.round(seconds)} s` : '– s';
}

/** A probability (0–1) as a whole percentage. */
export function formatPercent(probability: number): string {
  return `${Math.round(probability * 100)} %`;
}

export function formatDistance(metres: number): string {
  if (!Number.isFinite(metres)) return '–';
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}

const NUMBER = new Intl.NumberFormat('en-GB');
export function formatCount(value: number): string {
  return NUMBER.format(value);
}

export function formatMetric(value: number | undefined, digits = 1): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

/** Signed difference, with a true minus sign so columns line up. */
export function formatDelta(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '–';
  const fixed = Math.abs(value).toFixed(digits);
  if (Number(fixed) === 0) return fixed;
  return `${value < 0 ? '−' : '+'}${fixed}`;
}

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/London' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/London',
});

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE.format(date);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME.format(date);
}

export function formatRange(from: string | null | undefined, to: string | null | undefined): string {
  if (!from && !to) return 'no data yet';
  return `${formatDate(from)} – ${formatDate(to)}`;
}

const SHORT_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/London',
});

/** "3 Dec 18:20" in London time: short enough for the header, where the year is not in doubt. */
export function formatShortDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    SHORT_DATE_TIME.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('hour')}:${part('minute')}`;
}

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** Today (yyyy-mm-dd) and this hour on London's clocks. */
export function nowInLondon(now: Date = new Date()): { date: string; hour: number } {
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(now).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}
