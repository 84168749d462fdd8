import type { ModelOrigin } from '../../../contract/fleet.js';

const LONDON = 'Europe/London';

/** "3 Dec 18:20", London time as the control room's clocks show it. */
export function shortLondonTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: LONDON,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('hour')}:${get('minute')}`;
}

/** "model 3f2a…" with where it came from: "(published 3 Dec 18:20 by the data officer's workstation)". */
export function describeModel(modelId: string, origin: ModelOrigin): string {
  switch (origin.kind) {
    case 'local':
      return `Model ${modelId}`;
    case 'published':
      return `Model ${modelId} (published ${shortLondonTime(origin.publishedAt)} by ${origin.publishedBy})`;
  }
}
