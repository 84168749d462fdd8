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

/**
 * The outcomes to tell without being asked: the folder could not give a new model (a dispatcher), or
 * the control room follows another model than the one in service here (the data officer).
 */
export function isTrouble(status: FleetStatus): boolean {
  return status.outcome === 'refused' || status.outcome === 'unreachable' || status.outcome === 'behind';
}

const KEEPS_ANSWERING = 'the last good model keeps answering';
/**
 * Main's way of saying what answers now: the model in service is unchanged ("Model 3f2a… stays in
 * service."), or, on a follower with no verified publication yet, the demo model answers (never a
 * "last good model" there).
 */
const KEEPS = /stays? in service|keeps? answering|still answers?|come from the demonstration model/i;

/** "Model 3f2a…" → "model 3f2a…" inside a sentence; an acronym ("LFB …") keeps its capitals. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * The header's notice as one sentence: what happened (main's words) and that the model in service still
 * answers. Main's sentences are joined with semicolons; its own "stays in service" ends the sentence when
 * it says so, else the notice says it.
 */
export function noticeSentence(status: FleetStatus): string {
  // Main's one sentence says what to do (publish or roll back): nothing about a last good model to add.
  if (status.outcome === 'behind') return status.message.trim();
  const sentences = status.message
    .trim()
    .split(/(?<=\.)\s+(?=[A-Z])/)
    .map((sentence) => sentence.replace(/[.\s]+$/, ''))
    .filter((sentence) => sentence !== '');
  const last = sentences.at(-1);
  const keeps = last !== undefined && KEEPS.test(last) ? last : KEEPS_ANSWERING;
  const what = keeps === last ? sentences.slice(0, -1) : sentences;
  const clauses = [...what, keeps].map((clause, i) => (i === 0 ? clause : lowerFirst(clause)));
  const sentence = clauses.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** Identifies one status so a dismissed notice comes back when anything about it changes. */
export function statusKey(status: FleetStatus): string {
  return `${status.outcome}|${status.lastCheckAt ?? ''}|${status.message}`;
}
