/** The fleet's words: one place decides how a model's origin, a role and a notice read on screen. */
import type { FleetRole, FleetStatus, ModelOrigin } from '../../../../contract/index.js';
import { formatShortDateTime } from '../../format';

/** "published 3 Dec 18:20 by the data officer's workstation", "trained here" or "demo model". */
export function originLine(origin: ModelOrigin, isDemo: boolean): string {
  switch (origin.kind) {
    case 'published':
      return `published ${formatShortDateTime(origin.publishedAt)} by ${origin.publishedBy}`;
    case 'local':
      return isDemo ? 'demo model' : 'trained here';
    default: {
      const unexpected: never = origin;
      return String(unexpected);
    }
  }
}

export const ROLE_LABELS: Readonly<Record<FleetRole, string>> = {
  off: 'Not in a fleet',
  publish: 'Publishes the model in service',
  follow: 'Follows the shared folder',
};

/** The outcomes a dispatcher must be told about without asking: the folder could not give a new model. */
export function isTrouble(status: FleetStatus): boolean {
  return status.outcome === 'refused' || status.outcome === 'unreachable';
}

const KEEPS_ANSWERING = 'the last good model keeps answering';

/**
 * The header's notice, one sentence: what happened (main's message) and that the model in service
 * still answers; main's sentence is used as it is when it already says so.
 */
export function noticeSentence(status: FleetStatus): string {
  const message = status.message.trim();
  if (/keeps? answering|still answer/i.test(message)) return message;
  const clause = message.replace(/[.\s]+$/, '');
  return clause ? `${clause}; ${KEEPS_ANSWERING}.` : `${capitalise(KEEPS_ANSWERING)}.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Identifies one status so a dismissed notice comes back when anything about it changes. */
export function statusKey(status: FleetStatus): string {
  return `${status.outcome}|${status.lastCheckAt ?? ''}|${status.message}`;
}
