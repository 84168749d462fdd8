import type { FleetLogEntry } from '../fleet/store.js';

/**
 * Who can put a follower on the control room's model when the demo model answers there: a follower
 * is never told to import data and retrain (the data officer's workstation does that for every one).
 */
export type Remedy = 'publish-again' | 'public-key' | 'reach-folder' | 'publish-first' | 'either';

const REMEDY: Readonly<Record<Remedy, string>> = {
  'publish-again': 'the data officer publishes the model again',
  'public-key': "IT gives this workstation the data officer's current public key (Settings › Fleet)",
  'reach-folder': 'IT makes the shared folder reachable from this workstation',
  'publish-first': 'the data officer publishes a model to the shared folder',
  either:
    "the data officer publishes the model again, or IT checks the data officer's public key (Settings › Fleet)",
};

/** Whether the reason is one of verification (the publication is there but refused) or of absence. */
const VERIFYING: Readonly<Record<Remedy, boolean>> = {
  'publish-again': true,
  'public-key': true,
  either: true,
  'reach-folder': false,
  'publish-first': false,
};

const DEMO_SOURCE =
  'answers on this workstation come from the demonstration model, trained on synthetic data, not on LFB records';

/** What a workstation that is not following says about the demo model's answers. */
export const LOCAL_DEMO_NOTICE =
  'Trained on synthetic data, not on LFB records: import LFB data and train a model before relying on it.';

/** A follower answering with the demo model: why the control room's model is not in service, and who acts. */
export function followerDemoSentence(reason: string, remedy: Remedy): string {
  const head = VERIFYING[remedy] ? "The control room's model could not be verified. " : '';
  return `${head}${reason} Until ${REMEDY[remedy]}, ${DEMO_SOURCE}.`;
}

/** Before any look at the folder (or after one that found nothing to say). */
export function followerNotYetSentence(folder: string): string {
  return (
    `This workstation follows ${folder}, and no model from it has been verified here yet. ` +
    `Until the data officer publishes one and it verifies (Settings › Fleet › Check now), ${DEMO_SOURCE}.`
  );
}

/**
 * The last look a command-line run made, from the fleet log: a CLI run that did not look itself still
 * says why the demo model answers.
 */
export function fromLog(entry: FleetLogEntry | undefined): { reason: string; remedy: Remedy } | null {
  if (!entry) return null;
  switch (entry.outcome) {
    case 'refused':
      return {
        reason: entry.message,
        remedy: /not signed by the key in/.test(entry.message) ? 'public-key' : 'either',
      };
    case 'unreachable':
      return { reason: entry.message, remedy: 'reach-folder' };
    case 'updated':
    case 'up-to-date':
    case 'published':
    case 'publish-failed':
      return null;
  }
}
